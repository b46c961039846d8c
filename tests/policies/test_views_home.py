"""The Trust Centre home page: every section with its live documents and their current versions."""

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
from tests.html import cards, page_soup, squeeze

TODAY = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def tree(
    home: TrustCentreHomePage,
    policies_index: DocumentIndexPage,
    officer: Any,
    stub_pdf: None,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    """Two sections: policies (in force, announced, draft, unpublished) and roles (in force)."""
    roles_index = make_index(home, title="Roles", slug="roles")
    in_force = make_policy(policies_index, title="Information Security Policy", slug="isp")
    announced = make_policy(policies_index, title="Access Control Policy", slug="acp")
    draft = make_policy(policies_index, title="Draft Policy", slug="draft")
    withdrawn = make_policy(policies_index, title="Withdrawn Policy", slug="withdrawn")
    role = make_role(roles_index)
    with django_capture_on_commit_callbacks(execute=True):
        publish_version(in_force, version="1.0", effective=date(2024, 1, 1), by=officer)
        publish_version(in_force, version="1.1", effective=date(2024, 9, 1), by=officer)
        publish_version(announced, version="1.0", effective=date(2025, 4, 1), by=officer)
        publish_version(withdrawn, version="1.0", effective=date(2024, 1, 1), by=officer)
        publish_version(role, version="2.0", effective=date(2024, 5, 1), by=officer)
    PolicyPage.objects.get(pk=withdrawn.pk).unpublish(user=officer)
    return {"home": home, "policies": policies_index, "roles": roles_index, "draft": draft}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_home_page_to_everyone(
    client_for: Callable[[str], Client],
    tree: dict[str, Any],
    persona: str,
) -> None:
    client = client_for(persona)

    response = client.get("/")

    assert response.status_code == 200
    assert page_soup(response).find("h1").get_text(strip=True) == "Security you can verify"


def test_it_lists_each_section_with_its_live_documents(
    client: Client, tree: dict[str, Any]
) -> None:
    page = page_soup(client.get("/"))

    sections = {
        section.find("h2").get_text(strip=True): [
            title.get_text(strip=True) for title in section.select(".doc-card__title")
        ]
        for section in page.select(".doc-section")
    }
    assert sections == {
        "Policies": ["Information Security Policy", "Access Control Policy"],
        "Roles": ["Security Engineer"],
    }


def test_it_does_not_list_drafts_or_unpublished_documents(
    client: Client, tree: dict[str, Any]
) -> None:
    listed = cards(client.get("/"))

    assert "Draft Policy" not in listed
    assert "Withdrawn Policy" not in listed


def test_it_gives_each_document_its_current_version_and_date(
    client: Client, tree: dict[str, Any]
) -> None:
    listed = cards(client.get("/"))

    assert "Version 1.1 In force since 1 September 2024" in listed["Information Security Policy"]
    assert "Version 2.0 In force since 1 May 2024" in listed["Security Engineer"]
    assert "How we protect information." in listed["Information Security Policy"]


def test_it_says_when_a_document_not_yet_in_force_takes_effect(
    client: Client, tree: dict[str, Any]
) -> None:
    listed = cards(client.get("/"))

    assert "Version 1.0 Upcoming Takes effect 1 April 2025" in listed["Access Control Policy"]
    assert "In force" not in listed["Access Control Policy"]


def test_it_links_each_document_and_its_current_pdf_with_the_size(
    client: Client, tree: dict[str, Any]
) -> None:
    card = next(
        card
        for card in page_soup(client.get("/")).select(".doc-card")
        if "Information Security Policy" in card.get_text()
    )

    assert card.find(class_="doc-card__title").find("a")["href"] == "/policies/isp/"
    pdf = card.find(class_="doc-card__pdf")
    assert "(2.0 KB)" in squeeze(pdf.get_text())
    download = client.get(pdf["href"], follow=True)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="isp-v1.1-2024-09-01.pdf"'


def test_it_leaves_out_a_section_that_is_not_live(client: Client, tree: dict[str, Any]) -> None:
    DocumentIndexPage.objects.get(pk=tree["roles"].pk).unpublish()

    response = client.get("/")

    assert [h2.get_text(strip=True) for h2 in page_soup(response).select(".doc-section h2")] == [
        "Policies"
    ]
    assert "Security Engineer" not in cards(response)


def test_it_runs_the_same_number_of_queries_whatever_the_number_of_documents(
    client: Client, tree: dict[str, Any], officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def queries() -> int:
        client.get("/")  # warms Wagtail's cache of site root paths
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return len(context.captured_queries)

    before = queries()
    for number in range(4):
        for index in (tree["policies"], tree["roles"]):
            page = (make_policy if index is tree["policies"] else make_role)(
                index, title=f"Extra {index.slug} {number}", slug=f"extra-{index.slug}-{number}"
            )
            with django_capture_on_commit_callbacks(execute=True):
                publish_version(page, version="1.0", effective=date(2024, 2, 1), by=officer)
    after = queries()

    assert len(cards(client.get("/"))) == 3 + 8
    assert after == before
