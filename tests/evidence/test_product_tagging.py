"""Tagging evidence with products: it hands the evidence to each product's company engineer, so a
security engineer tags only the products of the companies they secure; officers tag any.

The rule (``evidence.rules.check_products``) is kept by the services, so it holds for the admin
and the API alike; the admin's forms offer only the products the user may choose.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from evidence.models import Evidence
from evidence.selectors import evidence_list_for_user
from evidence.services import evidence_update
from tests.factories import make_evidence
from tests.html import page_soup

pytestmark = pytest.mark.django_db

REFUSED = (
    "You may tag evidence only with the products of the companies you secure, and “Vendela "
    "Mobile” is not one of them; a compliance officer can tag it."
)


def update(evidence: Evidence, *, by: Any, products: list[Any]) -> Evidence:
    return evidence_update(
        evidence=evidence,
        by=by,
        title=evidence.title,
        description="",
        controls=list(evidence.controls.all()),
        products=products,
    )


# The services -----------------------------------------------------------------------------------


def test_an_engineer_cannot_hand_new_evidence_to_another_company(
    engineer: Any, other_engineer: Any, annex_a_control: Any, product: Any, other_product: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_evidence(
            controls=[annex_a_control], produced_by=engineer, products=[product, other_product]
        )

    assert refused.value.message_dict == {"products": [REFUSED]}
    assert not Evidence.objects.exists()
    assert not evidence_list_for_user(user=other_engineer).exists()


def test_an_engineer_cannot_retag_evidence_for_another_company(
    engineer: Any, annex_a_control: Any, product: Any, other_product: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])

    with pytest.raises(ValidationError) as refused:
        update(evidence, by=engineer, products=[product, other_product])

    assert refused.value.message_dict == {"products": [REFUSED]}
    assert list(Evidence.objects.get().products.all()) == [product]


def test_an_officer_tags_any_product(
    officer: Any, engineer: Any, annex_a_control: Any, product: Any, other_product: Any
) -> None:
    evidence = make_evidence(
        controls=[annex_a_control], produced_by=officer, products=[other_product]
    )
    mine = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])

    update(mine, by=officer, products=[product, other_product])

    assert set(evidence.products.all()) == {other_product}
    assert set(mine.products.all()) == {product, other_product}


def test_an_engineer_keeps_a_product_an_officer_tagged(
    officer: Any, engineer: Any, annex_a_control: Any, product: Any, other_product: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])
    update(evidence, by=officer, products=[product, other_product])

    update(evidence, by=engineer, products=[product, other_product])
    update(evidence, by=engineer, products=[product])

    assert list(evidence.products.all()) == [product]


# The admin --------------------------------------------------------------------------------------


def offered_products(client: Client, url: str) -> set[str]:
    form = page_soup(client.get(url))
    return {
        box.parent.get_text(strip=True)
        for box in form.select("input[type=checkbox][name=products]")
    }


def submit(client: Client, control: Any, products: list[Any]) -> Any:
    return client.post(
        reverse("evidence:add"),
        {
            "title": "Nessus scan, October",
            "controls": [control.pk],
            "products": [product.pk for product in products],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "note",
            "note": "No high findings.",
        },
    )


def test_the_engineer_s_form_offers_only_their_companies_products(
    client_for: Callable[[str], Client], product: Any, other_product: Any
) -> None:
    url = reverse("evidence:add")

    assert offered_products(client_for("engineer"), url) == {"Vendela Cloud"}
    assert offered_products(client_for("officer"), url) == {"Vendela Cloud", "Vendela Mobile"}
    assert "a compliance officer can tag others" in client_for("engineer").get(url).text


def test_an_engineer_posting_another_company_s_product_is_refused_on_the_form(
    client_for: Callable[[str], Client], annex_a_control: Any, product: Any, other_product: Any
) -> None:
    response = submit(client_for("engineer"), annex_a_control, [product, other_product])

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Evidence.objects.exists()


def test_an_officer_submits_evidence_about_any_product(
    client_for: Callable[[str], Client], annex_a_control: Any, other_product: Any
) -> None:
    response = submit(client_for("officer"), annex_a_control, [other_product])

    assert response.status_code == 302
    assert list(Evidence.objects.get().products.all()) == [other_product]


def test_the_edit_form_keeps_a_product_an_officer_tagged(
    client_for: Callable[[str], Client],
    officer: Any,
    engineer: Any,
    annex_a_control: Any,
    product: Any,
    other_product: Any,
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])
    update(evidence, by=officer, products=[product, other_product])
    url = reverse("evidence:edit", args=[evidence.pk])
    client = client_for("engineer")

    assert offered_products(client, url) == {"Vendela Cloud", "Vendela Mobile"}
    response = client.post(
        url,
        {
            "title": "Renamed",
            "controls": [annex_a_control.pk],
            "products": [product.pk, other_product.pk],
        },
    )

    assert response.status_code == 302
    assert set(Evidence.objects.get().products.all()) == {product, other_product}
