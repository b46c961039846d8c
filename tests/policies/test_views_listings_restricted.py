"""Public listings (home page sections, index pages) of documents under Wagtail's privacy
settings: the title and what it takes to read it, never the summary, version or PDF link."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from policies.models import DocumentIndexPage, PolicyPage
from tests.factories import make_policy, publish_version
from tests.html import cards

MARKERS = [
    (PageViewRestriction.PASSWORD, "Password required"),
    (PageViewRestriction.LOGIN, "Sign-in required"),
    (PageViewRestriction.GROUPS, "Sign-in required"),
]


@pytest.fixture
def restricted(
    policies_index: DocumentIndexPage,
    officer: Any,
    stub_pdf: None,
    django_capture_on_commit_callbacks: Any,
) -> PolicyPage:
    page = make_policy(policies_index, title="Information Security Policy", slug="isp")
    with django_capture_on_commit_callbacks(execute=True):
        publish_version(page, version="1.1", effective=date(2024, 9, 1), by=officer)
    return page


def restrict(page: Page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret-words-2025"
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Customers"))


def assert_listed_by_title_only(response: Any, marker: str) -> None:
    assert response.status_code == 200
    assert cards(response) == {
        "Information Security Policy": f"Information Security Policy {marker}"
    }
    html = response.content.decode()
    assert "How we protect information." not in html
    assert "isp-v1.1-2024-09-01.pdf" not in html
    assert "Version 1.1" not in html


def test_an_open_document_is_listed_with_its_summary_version_and_pdf(
    client: Client, restricted: PolicyPage
) -> None:
    card = cards(client.get("/policies/"))["Information Security Policy"]

    assert "How we protect information." in card
    assert "Version 1.1" in card
    assert "Download PDF" in card


@pytest.mark.parametrize(("kind", "marker"), MARKERS)
@pytest.mark.parametrize("address", ["/", "/policies/"])
def test_a_restricted_document_is_listed_by_title_only(
    client: Client, restricted: PolicyPage, kind: str, marker: str, address: str
) -> None:
    restrict(restricted, kind)

    assert_listed_by_title_only(client.get(address), marker)


@pytest.mark.parametrize(("kind", "marker"), MARKERS)
def test_the_documents_of_a_restricted_index_are_listed_by_title_only_on_the_home_page(
    client: Client,
    restricted: PolicyPage,
    policies_index: DocumentIndexPage,
    kind: str,
    marker: str,
) -> None:
    restrict(policies_index, kind)

    assert_listed_by_title_only(client.get("/"), marker)
