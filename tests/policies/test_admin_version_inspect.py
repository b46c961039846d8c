"""The published version's inspect view tells no one without permission which versions exist.

Staff who may view versions see one; everyone else with admin access gets the same 404 for an
existing id, a missing one and one that is not a number; people without admin access are sent
to sign in, as everywhere in the admin.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from policies.models import DocumentVersion, PolicyPage
from tests.factories import publish_version


@pytest.fixture
def version(policy: PolicyPage, officer: Any) -> DocumentVersion:
    return publish_version(
        policy,
        version="1.0",
        effective=date(2024, 1, 1),
        by=officer,
        change_summary="First edition.",
    )


def urls_for(version: DocumentVersion) -> dict[str, str]:
    base = "/admin/document_versions/inspect/"
    return {
        "existing": f"{base}{version.pk}/",
        "missing": f"{base}{version.pk + 1000}/",
        "not a number": f"{base}abc/",
        "beyond any row": f"{base}{'9' * 4301}/",
    }


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_it_shows_viewers_an_existing_version_and_404_for_any_other_id(
    client_for: Callable[[str], Client], version: DocumentVersion, persona: str
) -> None:
    client = client_for(persona)

    statuses = {name: client.get(url).status_code for name, url in urls_for(version).items()}

    assert statuses == {"existing": 200, "missing": 404, "not a number": 404, "beyond any row": 404}


@pytest.mark.parametrize("persona", ["sales", "auditor"])
def test_it_answers_staff_without_permission_404_whether_the_version_exists_or_not(
    client_for: Callable[[str], Client], version: DocumentVersion, persona: str
) -> None:
    client = client_for(persona)

    responses = {name: client.get(url) for name, url in urls_for(version).items()}

    assert {name: response.status_code for name, response in responses.items()} == {
        "existing": 404,
        "missing": 404,
        "not a number": 404,
        "beyond any row": 404,
    }
    assert b"First edition." not in responses["existing"].content


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_to_sign_in_for_any_id(
    client_for: Callable[[str], Client], version: DocumentVersion, persona: str
) -> None:
    client = client_for(persona)

    for url in urls_for(version).values():
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={url}"
