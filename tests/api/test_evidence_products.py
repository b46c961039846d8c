"""POST /api/v1/evidence/ with products: an engineer's token tags only their companies' products."""

from typing import Any

import pytest

from evidence.models import Evidence
from tests.api.conftest import error, period

pytestmark = pytest.mark.django_db

URL = "/api/v1/evidence/"


def submit(client: Any, *slugs: str) -> Any:
    return client.post(
        URL,
        {
            "title": "Weekly vulnerability scan",
            "controls": ["iso27001-2022:A.8.8"],
            "products": list(slugs),
            "note": "No high findings.",
            **period(),
        },
    )


def test_an_engineer_cannot_tag_another_company_s_product(
    api_client: Any, annex_a_control: Any, product: Any, other_product: Any
) -> None:
    response = submit(api_client("engineer"), product.slug, other_product.slug)

    assert response.status_code == 400
    body = error(response)
    assert body["fields"] == {"products": [body["message"]]}
    assert body["message"].startswith(
        "You may tag evidence only with the products of the companies you secure, and “Vendela "
        "Mobile” is not one of them"
    )
    assert not Evidence.objects.exists()


def test_an_engineer_tags_their_own_and_an_officer_any(
    api_client: Any, annex_a_control: Any, product: Any, other_product: Any
) -> None:
    mine = submit(api_client("engineer"), product.slug)
    theirs = submit(api_client("officer"), other_product.slug)

    assert (mine.status_code, mine.json()["products"]) == (201, [product.slug])
    assert (theirs.status_code, theirs.json()["products"]) == (201, [other_product.slug])
