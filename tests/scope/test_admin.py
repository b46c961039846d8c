"""The admin views of companies and products, for each persona."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from isms.scope.models import Company, Product
from tests.admin_access import assert_refused_inside_admin, assert_sent_to_sign_in
from tests.factories import CompanyFactory, ProductFactory

LISTINGS = ["companies:index", "products:index"]


@pytest.fixture
def payroll(db: None) -> Product:
    return ProductFactory(name="Vendela Payroll", company=CompanyFactory(name="Vendela Cloud"))


def product_form(company: Company, **changes: str) -> dict[str, Any]:
    return {
        "name": "Vendela Ledger",
        "slug": "ledger",
        "company": company.pk,
        "delivery_model": "cloud",
        "programme_tier": "vasp_vcdm",
        "description": "Accounting.",
        **changes,
    }


@pytest.mark.parametrize("persona", ["officer", "engineer"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_officers_and_engineers_see_companies_and_products(
    client_for: Callable[[str], Client], payroll: Product, persona: str, listing: str
) -> None:
    response = client_for(persona).get(reverse(listing))

    assert response.status_code == 200
    assert "Vendela Cloud" in response.text


@pytest.mark.parametrize("persona", ["sales", "auditor"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_sales_and_auditors_are_refused_inside_the_admin(
    client_for: Callable[[str], Client], payroll: Product, listing: str, persona: str
) -> None:
    assert_refused_inside_admin(client_for(persona).get(reverse(listing)))


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_people_without_admin_access_are_sent_to_sign_in(
    client_for: Callable[[str], Client], payroll: Product, persona: str, listing: str
) -> None:
    url = reverse(listing)

    assert_sent_to_sign_in(client_for(persona).get(url), url)


def test_an_officer_adds_a_product(client_for: Callable[[str], Client], payroll: Product) -> None:
    response = client_for("officer").post(reverse("products:add"), product_form(payroll.company))

    assert response.status_code == 302
    ledger = Product.objects.get(slug="ledger")
    assert (ledger.company, ledger.get_delivery_model_display()) == (
        payroll.company,
        "Cloud (SaaS)",
    )


def test_a_cloud_product_under_vasp_alone_is_refused_with_a_message(
    client_for: Callable[[str], Client], payroll: Product
) -> None:
    form = product_form(payroll.company, programme_tier="vasp")

    response = client_for("officer").post(reverse("products:add"), form)

    assert response.status_code == 200
    assert "A cloud product follows both VASP and VCDM." in response.text
    assert not Product.objects.filter(slug="ledger").exists()


def test_an_officer_edits_a_company_and_names_its_security_engineer(
    client_for: Callable[[str], Client], payroll: Product, engineer: Any
) -> None:
    company = payroll.company
    form = {"name": company.name, "slug": company.slug, "country": "SE", "legal_name": "AB"}

    response = client_for("officer").post(
        reverse("companies:edit", args=[company.pk]), {**form, "security_engineer": engineer.pk}
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.country, company.security_engineer) == ("SE", engineer)


def test_only_security_engineers_can_be_named_security_engineer(
    client_for: Callable[[str], Client], payroll: Product, sales: Any
) -> None:
    company = payroll.company
    form = {
        "name": company.name,
        "slug": company.slug,
        "country": "NO",
        "security_engineer": sales.pk,
    }

    response = client_for("officer").post(reverse("companies:edit", args=[company.pk]), form)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    company.refresh_from_db()
    assert company.security_engineer is None


def test_a_lower_case_country_is_refused_with_a_message(
    client_for: Callable[[str], Client], payroll: Product
) -> None:
    form = {"name": "Vendela Nordic", "slug": "nordic", "country": "se"}

    response = client_for("officer").post(reverse("companies:add"), form)

    assert response.status_code == 200
    assert "two-letter ISO code in capitals" in response.text
    assert not Company.objects.filter(slug="nordic").exists()


@pytest.mark.parametrize("name", ["companies:add", "products:add"])
def test_an_engineer_may_not_add_companies_or_products(
    client_for: Callable[[str], Client], payroll: Product, name: str
) -> None:
    client = client_for("engineer")

    assert_refused_inside_admin(client.get(reverse(name)))
    assert_refused_inside_admin(client.post(reverse(name), product_form(payroll.company)))
    assert Product.objects.count() == 1


def test_an_engineer_may_not_edit_a_product(
    client_for: Callable[[str], Client], payroll: Product
) -> None:
    url = reverse("products:edit", args=[payroll.pk])
    form = product_form(payroll.company, name="Renamed", slug=payroll.slug)

    assert_refused_inside_admin(client_for("engineer").post(url, form))
    payroll.refresh_from_db()
    assert payroll.name == "Vendela Payroll"
