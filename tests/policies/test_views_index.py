"""A document index page (`/policies/`): its live documents with their current versions."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from policies.models import DocumentIndexPage, PolicyPage, TrustCentreHomePage
from tests.factories import PERSONAS, make_index, make_policy, make_role, publish_version
from tests.html import cards, page_soup

TODAY = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def documents(
    policies_index: DocumentIndexPage,
    officer: Any,
    stub_pdf: None,
    django_capture_on_commit_callbacks: Any,
) -> DocumentIndexPage:
    in_force = make_policy(policies_index, title="Information Security Policy", slug="isp")
    announced = make_policy(policies_index, title="Access Control Policy", slug="acp")
    make_policy(policies_index, title="Draft Policy", slug="draft")
    withdrawn = make_policy(policies_index, title="Withdrawn Policy", slug="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        publish_version(in_force, version="1.0", effective=date(2024, 1, 1), by=officer)
        publish_version(in_force, version="1.1", effective=date(2024, 9, 1), by=officer)
        publish_version(announced, version="1.0", effective=date(2025, 4, 1), by=officer)
        publish_version(withdrawn, version="1.0", effective=date(2024, 1, 1), by=officer)
    PolicyPage.objects.get(pk=withdrawn.pk).unpublish(user=officer)
    return policies_index


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_index_to_everyone(
    client_for: Callable[[str], Client],
    documents: DocumentIndexPage,
    persona: str,
) -> None:
    client = client_for(persona)

    response = client.get("/policies/")

    assert response.status_code == 200
    assert page_soup(response).find("h1").get_text(strip=True) == "Policies"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_hides_an_index_that_is_not_live_from_everyone(
    client_for: Callable[[str], Client],
    documents: DocumentIndexPage,
    persona: str,
) -> None:
    DocumentIndexPage.objects.get(pk=documents.pk).unpublish()
    client = client_for(persona)

    assert client.get("/policies/").status_code == 404


def test_it_lists_live_documents_in_tree_order(
    client: Client, documents: DocumentIndexPage
) -> None:
    assert list(cards(client.get("/policies/"))) == [
        "Information Security Policy",
        "Access Control Policy",
    ]


def test_it_gives_each_document_its_current_version_and_date(
    client: Client, documents: DocumentIndexPage
) -> None:
    listed = cards(client.get("/policies/"))

    assert "Version 1.1 In force since 1 September 2024" in listed["Information Security Policy"]
    assert "Version 1.0 Upcoming Takes effect 1 April 2025" in listed["Access Control Policy"]


def test_it_links_the_pdf_of_the_current_version(
    client: Client, documents: DocumentIndexPage
) -> None:
    links = [a["href"] for a in page_soup(client.get("/policies/")).select(".doc-card__pdf")]

    filenames = [client.get(link, follow=True)["Content-Disposition"] for link in links]
    assert filenames == [
        'attachment; filename="isp-v1.1-2024-09-01.pdf"',
        'attachment; filename="acp-v1.0-2025-04-01.pdf"',
    ]


def test_it_lists_only_its_own_documents(
    client: Client, documents: DocumentIndexPage, home: TrustCentreHomePage, officer: Any
) -> None:
    roles = make_index(home, title="Roles", slug="roles")
    publish_version(make_role(roles), version="1.0", effective=date(2024, 1, 1), by=officer)

    assert "Security Engineer" not in cards(client.get("/policies/"))
    assert list(cards(client.get("/roles/"))) == ["Security Engineer"]


def test_it_says_when_nothing_has_been_published_yet(
    client: Client, policies_index: DocumentIndexPage, policy: PolicyPage
) -> None:
    response = client.get("/policies/")

    assert cards(response) == {}
    assert "Nothing has been published here yet." in page_soup(response).get_text()


def test_it_switches_to_the_new_version_at_local_midnight(
    client: Client, documents: DocumentIndexPage, time_machine: Any
) -> None:
    # 00:30 in Oslo on 1 April is still 31 March in UTC.
    time_machine.move_to(datetime(2025, 4, 1, 0, 30, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)

    assert (
        "Version 1.0 In force since 1 April 2025"
        in cards(client.get("/policies/"))["Access Control Policy"]
    )


def test_it_runs_the_same_number_of_queries_whatever_the_number_of_documents(
    client: Client,
    documents: DocumentIndexPage,
    officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def queries() -> int:
        client.get("/policies/")  # warms Wagtail's cache of site root paths
        with CaptureQueriesContext(connection) as context:
            assert client.get("/policies/").status_code == 200
        return len(context.captured_queries)

    before = queries()
    for number in range(4):
        page = make_policy(documents, title=f"Extra policy {number}", slug=f"extra-{number}")
        with django_capture_on_commit_callbacks(execute=True):
            publish_version(page, version="1.0", effective=date(2024, 2, 1), by=officer)
            publish_version(page, version="1.1", effective=date(2024, 3, 1), by=officer)
    after = queries()

    assert len(cards(client.get("/policies/"))) == 2 + 4
    assert after == before
