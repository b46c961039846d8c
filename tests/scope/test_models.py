import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from isms.scope.models import Product
from tests.factories import CompanyFactory, ProductFactory


def test_the_database_refuses_a_cloud_product_under_vasp_alone(db: None) -> None:
    with pytest.raises(IntegrityError):
        ProductFactory(delivery_model="cloud", programme_tier="vasp")


def test_a_cloud_product_under_vasp_alone_gets_a_clear_message(db: None) -> None:
    product = Product(
        name="Payroll",
        slug="payroll",
        company=CompanyFactory(),
        delivery_model=Product.DeliveryModel.CLOUD,
        programme_tier=Product.ProgrammeTier.VASP,
    )

    with pytest.raises(ValidationError, match=r"A cloud product follows both VASP and VCDM."):
        product.full_clean()


@pytest.mark.parametrize("delivery_model", ["installed", "mobile", "service"])
def test_other_delivery_models_may_follow_vasp_alone(db: None, delivery_model: str) -> None:
    product = ProductFactory(delivery_model=delivery_model, programme_tier="vasp")

    assert product.get_programme_tier_display() == "VASP only"


def test_the_database_refuses_an_unknown_delivery_model(db: None) -> None:
    with pytest.raises(IntegrityError):
        ProductFactory(delivery_model="on-prem", programme_tier="vasp")


def test_the_database_refuses_two_products_with_one_slug(db: None) -> None:
    ProductFactory(slug="payroll")

    with pytest.raises(IntegrityError):
        ProductFactory(slug="payroll")


@pytest.mark.parametrize("country", ["no", "N", "N1"])
def test_the_database_refuses_a_country_that_is_not_an_iso_code(db: None, country: str) -> None:
    with pytest.raises(IntegrityError):
        CompanyFactory(country=country)


def test_a_company_in_use_by_products_cannot_be_deleted(db: None) -> None:
    product = ProductFactory()

    with pytest.raises(IntegrityError):
        product.company.delete()
