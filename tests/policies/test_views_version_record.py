"""The record facts on a version's public page: owner, classification, next review, SHA-256."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from policies.models import Classification, DocumentVersion, PolicyPage
from tests.factories import PERSONAS, publish_version
from tests.html import page_soup, squeeze, text_of


@pytest.fixture
def versions(
    policy: PolicyPage, officer: Any, stub_pdf: None, django_capture_on_commit_callbacks: Any
) -> list[DocumentVersion]:
    """Version 1.0 owned by the CISO, then 1.1 after the page changed owner and classification.

    An Internal document is published only behind a view restriction: signed-in readers only.
    """
    owned = PolicyPage.objects.filter(pk=policy.pk)
    owned.update(document_owner="Chief Information Security Officer")
    with django_capture_on_commit_callbacks(execute=True):
        first = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    owned.update(
        document_owner="Chief Technology Officer",
        classification=Classification.INTERNAL,
        review_interval_months=6,
    )
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        second = publish_version(policy, version="1.1", effective=date(2024, 6, 1), by=officer)
    for version in (first, second):
        version.refresh_from_db()
    return [first, second]


def record_text(response: Any) -> str:
    return squeeze(page_soup(response).select_one(".version-record").get_text(" "))


@pytest.mark.parametrize("persona", [persona for persona in PERSONAS if persona != "anonymous"])
def test_it_shows_the_pdfs_sha256_and_how_to_check_a_copy(
    client_for: Callable[[str], Client], versions: list[DocumentVersion], persona: str
) -> None:
    current = versions[1]

    response = client_for(persona).get(current.page.url)

    hash_element = page_soup(response).select_one(".version-record__hash")
    assert hash_element is not None
    assert hash_element.get_text() == current.pdf_sha256
    assert f"sha256sum {current.pdf_filename}" in text_of(response, separator=" ")


def test_it_sends_anonymous_readers_of_an_internal_document_to_sign_in(
    client: Client, versions: list[DocumentVersion]
) -> None:
    response = client.get(versions[1].page.url)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_shows_the_frozen_facts_of_the_version_shown_not_the_live_page(
    login: Callable[[Any], Client], sales: Any, versions: list[DocumentVersion]
) -> None:
    first = versions[0]
    client = login(sales)

    older = record_text(client.get(f"{first.page.url}versions/1.0/"))
    newer = record_text(client.get(first.page.url))

    assert "Document owner Chief Information Security Officer" in older
    assert "Classification Public" in older
    assert "Next review 1 January 2025" in older
    assert first.pdf_sha256 in older
    assert "Document owner Chief Technology Officer" in newer
    assert "Classification Internal" in newer
    assert "Next review 1 December 2024" in newer


def test_it_leaves_the_hash_out_until_the_pdf_exists(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    version = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)

    response = client.get(version.page.url)

    assert "Next review 1 January 2025" in record_text(response)
    assert page_soup(response).select_one(".version-record__hash") is None
    assert "SHA-256" not in text_of(response)


def test_the_admin_inspect_view_shows_owner_classification_and_next_review(
    client_for: Callable[[str], Client], versions: list[DocumentVersion]
) -> None:
    response = client_for("officer").get(f"/admin/document_versions/inspect/{versions[1].pk}/")

    text = text_of(response, separator=" ")
    assert "Document owner Chief Technology Officer" in text
    assert "Classification Internal" in text
    assert "Next review 1 Dec 2024" in text
