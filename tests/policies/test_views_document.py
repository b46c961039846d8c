"""The public page of a versioned document and its routes: who may see what, and what they see."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from policies.models import DocumentVersion, PolicyPage
from tests.factories import (
    PERSONAS,
    Edition,
    make_policy,
    make_role,
    publish_history,
    publish_version,
)
from tests.html import page_soup, text_of

TODAY = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


# Two versions in force in turn and a third announced for later.
HISTORY = [
    Edition("1.0", date(2024, 1, 1), "<p>We protect information.</p>", "First edition."),
    Edition("1.1", date(2024, 9, 1), "<p>We protect all information.</p>", "Covers suppliers."),
    Edition(
        "2.0", date(2025, 6, 1), "<p>We protect everything.</p>", "Rewritten for ISO 27001:2022."
    ),
]


@pytest.fixture
def published(
    policy: PolicyPage, officer: Any, stub_pdf: None, django_capture_on_commit_callbacks: Any
) -> PolicyPage:
    """A policy with two versions in force in turn and a third announced for later."""
    with django_capture_on_commit_callbacks(execute=True):
        return publish_history(policy, by=officer, editions=HISTORY)


def routes(page: PolicyPage, number: str) -> list[str]:
    return [
        page.url,
        f"{page.url}versions/{number}/",
        f"{page.url}versions/{number}/pdf/",
        f"{page.url}as-of/?date=2024-10-01",
        f"{page.url}compare/?older=1.0&newer=1.1",
    ]


# Who may see what


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_published_document_and_all_its_routes_to_everyone(
    client_for: Callable[[str], Client],
    published: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)
    statuses = {url: client.get(url).status_code for url in routes(published, "1.1")}
    assert statuses == dict.fromkeys(routes(published, "1.1"), 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_hides_a_draft_document_and_all_its_routes_from_everyone(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)
    statuses = {url: client.get(url).status_code for url in routes(policy, "1.0")}
    assert statuses == dict.fromkeys(routes(policy, "1.0"), 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_hides_an_unpublished_document_and_its_versions_from_everyone(
    client_for: Callable[[str], Client],
    published: PolicyPage,
    officer: Any,
    persona: str,
) -> None:
    client = client_for(persona)
    # The PDF links the pages offered while the document was live, as a reader may have saved them.
    saved_links = [
        a["href"] for a in page_soup(client.get(published.url)).find_all("a", download=True)
    ]
    assert saved_links

    published.unpublish(user=officer)

    urls = routes(published, "1.1") + saved_links
    statuses = {url: client.get(url).status_code for url in urls}
    assert statuses == dict.fromkeys(urls, 404)
    # The record of what was published stays, even though nobody can read it publicly.
    assert DocumentVersion.objects.filter(page=published).count() == 3


def test_it_does_not_show_draft_text_of_a_live_document(
    client: Client, published: PolicyPage, officer: Any
) -> None:
    page = PolicyPage.objects.get(pk=published.pk)
    page.summary = "Draft summary, not approved."
    page.body = [("paragraph", "<p>Secret draft wording.</p>")]
    page.save_revision(user=officer)

    response = client.get(published.url)

    assert response.status_code == 200
    assert "Secret draft wording" not in text_of(response, separator=" ")
    assert "We protect all information." in text_of(response, separator=" ")


# What the current page shows


def test_it_shows_the_version_in_force_today(client: Client, published: PolicyPage) -> None:
    page = page_soup(client.get(published.url))

    bar = page.find(class_="version-bar")
    assert "Version 1.1" in bar.get_text(" ")
    assert "Current version" in bar.get_text(" ")
    assert bar.find("time")["datetime"] == "2024-09-01"
    assert "1 September 2024" in bar.get_text(" ")
    assert "We protect all information." in page.find(class_="doc-body").get_text()
    assert "approved by Olivia Berg" in bar.get_text(" ")


def test_it_lists_every_version_in_the_history_table_newest_first(
    client: Client, published: PolicyPage
) -> None:
    rows = page_soup(client.get(published.url)).select(".history tbody tr")

    numbers = [row.find("th").find("a").get_text(strip=True) for row in rows]
    effective = [row.find("time")["datetime"] for row in rows]
    summaries = [row.find_all("td")[1].get_text(strip=True) for row in rows]
    assert numbers == ["2.0", "1.1", "1.0"]
    assert effective == ["2025-06-01", "2024-09-01", "2024-01-01"]
    assert summaries == ["Rewritten for ISO 27001:2022.", "Covers suppliers.", "First edition."]
    assert [row.find("th").find("a")["href"] for row in rows] == [
        f"{published.url}versions/{number}/" for number in numbers
    ]


def test_it_marks_only_the_version_in_force_as_current_in_the_history(
    client: Client, published: PolicyPage
) -> None:
    rows = page_soup(client.get(published.url)).select(".history tbody tr")

    badges = [bool(row.find(class_="badge--current")) for row in rows]
    assert badges == [False, True, False]


def downloaded_filename(client: Client, link: Any) -> str:
    """Follow a PDF link as a browser would, and return the name the file is saved under."""
    assert link is not None, "no PDF link"
    response = client.get(link["href"], follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response["Content-Disposition"].removeprefix("attachment; filename=").strip('"')


def test_it_links_each_version_to_its_own_pdf_with_its_size(
    client: Client, published: PolicyPage
) -> None:
    rows = page_soup(client.get(published.url)).select(".history tbody tr")

    for row, version in zip(rows, DocumentVersion.objects.filter(page=published), strict=True):
        link = row.find("a", download=True)
        assert downloaded_filename(client, link) == version.pdf_filename
        size = filesizeformat(version.pdf_size).replace("\xa0", " ")
        assert size in " ".join(row.get_text(" ").replace("\xa0", " ").split())


def test_it_offers_the_pdf_of_the_version_shown(client: Client, published: PolicyPage) -> None:
    bar = page_soup(client.get(published.url)).find(class_="version-bar")

    assert downloaded_filename(client, bar.find("a", download=True)) == "isp-v1.1-2024-09-01.pdf"


def test_it_says_the_pdf_is_being_prepared_until_it_exists(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)

    page = page_soup(client.get(policy.url))

    assert "The PDF of this version is being prepared." in page.find(class_="version-bar").text
    assert page.find("a", download=True) is None
    assert [a for a in page.find_all("a") if "PDF" in a.get_text()] == []
    assert "Being prepared" in page.select_one(".history tbody tr").get_text()


def test_it_announces_a_published_version_that_takes_effect_later(
    client: Client, published: PolicyPage
) -> None:
    page = page_soup(client.get(published.url))

    assert "Version 1.1" in page.find(class_="version-bar").get_text()
    assert "Version 2.0 has been published and takes effect on 1 June 2025." in page.get_text()
    assert page.find("a", href=f"{published.url}versions/2.0/") is not None


def test_the_history_labels_the_current_and_the_upcoming_version(
    client: Client, published: PolicyPage
) -> None:
    rows = page_soup(client.get(published.url)).select(".history-table tbody tr")

    labels = {
        row.th.a.get_text(): [badge.get_text() for badge in row.select(".badge")] for row in rows
    }
    assert labels == {"2.0": ["Upcoming"], "1.1": ["Current"], "1.0": []}


def test_it_shows_the_upcoming_version_when_it_is_the_only_one(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 4, 1), by=officer)

    response = client.get(policy.url)

    assert response.status_code == 200
    assert "Upcoming" in page_soup(response).find(class_="version-bar").get_text()
    assert "This document takes effect on 1 April 2025." in text_of(response, separator=" ")
    assert "Current version" not in text_of(response, separator=" ")


def test_it_makes_the_upcoming_version_current_on_its_effective_date(
    client: Client, published: PolicyPage, time_machine: Any
) -> None:
    time_machine.move_to(datetime(2025, 6, 1, 0, 30, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)

    bar = page_soup(client.get(published.url)).find(class_="version-bar")

    assert "Version 2.0" in bar.get_text()
    assert "Current version" in bar.get_text()


# Version pages


def test_it_says_a_superseded_version_is_not_current_and_links_to_the_current_one(
    client: Client, published: PolicyPage
) -> None:
    response = client.get(f"{published.url}versions/1.0/")

    assert response.status_code == 200
    page = page_soup(response)
    assert "Version 1.0" in page.find(class_="version-bar").get_text()
    assert "Superseded" in page.find(class_="version-bar").get_text()
    assert "until 31 August 2024" in " ".join(page.find(class_="version-bar").get_text().split())
    assert (
        "This is not the current version. Version 1.1 has been in force since 1 September 2024."
        in (" ".join(page.get_text().split()))
    )
    link = page.find("a", string="Read the current version")
    assert link["href"] == published.url
    assert "We protect information." in page.find(class_="doc-body").get_text()


def test_it_shows_the_current_version_page_without_a_warning(
    client: Client, published: PolicyPage
) -> None:
    response = client.get(f"{published.url}versions/1.1/")

    assert response.status_code == 200
    assert "Current version" in text_of(response, separator=" ")
    assert "This is not the current version" not in text_of(response, separator=" ")


def test_it_says_a_future_version_is_not_yet_in_force(
    client: Client, published: PolicyPage
) -> None:
    response = client.get(f"{published.url}versions/2.0/")

    assert response.status_code == 200
    assert "Upcoming" in page_soup(response).find(class_="version-bar").get_text()
    assert "Current version" not in page_soup(response).find(class_="version-bar").get_text()
    assert "We protect everything." in text_of(response, separator=" ")


@pytest.mark.parametrize(
    "number", ["9.9", "abc", "1.0.0", "01.0", "1.01", "-1.0", "1", "1.", "v1.0"]
)
@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_it_answers_404_for_an_unknown_or_malformed_version(
    client: Client, published: PolicyPage, number: str, suffix: str
) -> None:
    response = client.get(f"{published.url}versions/{number}/{suffix}")

    assert response.status_code == 404
    assert "Page not found" in text_of(response, separator=" ")


def test_it_does_not_serve_another_documents_version(
    client: Client, published: PolicyPage, policies_index: Any, officer: Any
) -> None:
    other = make_policy(policies_index, title="Access Control Policy", slug="acp")
    publish_version(other, version="1.0", effective=date(2024, 1, 1), by=officer)
    other.refresh_from_db()

    assert client.get(f"{other.url}versions/1.0/").status_code == 200
    assert client.get(f"{other.url}versions/1.1/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_published_role_description_to_everyone(
    client_for: Callable[[str], Client],
    policies_index: Any,
    officer: Any,
    persona: str,
) -> None:
    role = make_role(policies_index)
    publish_version(role, version="1.0", effective=date(2024, 1, 1), by=officer)
    role.refresh_from_db()
    client = client_for(persona)

    current = client.get(role.url)
    version = client.get(f"{role.url}versions/1.0/")

    assert (current.status_code, version.status_code) == (200, 200)
    body = page_soup(current).find(class_="doc-body").get_text()
    assert "Triage findings." in body
    assert "Stop a release with a critical vulnerability." in body
    assert "Role description" in text_of(current, separator=" ")


@pytest.mark.parametrize(
    "route", ["", "versions/1.0/", "as-of/?date=2024-01-15", "compare/?older=1.0&newer=1.1"]
)
def test_it_runs_the_same_number_of_queries_whatever_the_number_of_versions(
    client: Client,
    policy: PolicyPage,
    officer: Any,
    stub_pdf: None,
    django_capture_on_commit_callbacks: Any,
    route: str,
) -> None:
    def queries() -> int:
        client.get(f"{policy.url}{route}")  # warms Wagtail's cache of site root paths
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{policy.url}{route}").status_code == 200
        return len(context.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
        publish_version(policy, version="1.1", effective=date(2024, 2, 1), by=officer)
    policy.refresh_from_db()
    before = queries()
    with django_capture_on_commit_callbacks(execute=True):
        for minor in range(2, 6):
            publish_version(
                policy, version=f"1.{minor}", effective=date(2024, minor + 1, 1), by=officer
            )
    after = queries()

    assert after == before


# Wagtail's privacy settings, for a document that is not for everyone


def test_it_sends_readers_of_a_sign_in_only_document_to_a_working_sign_in_page(
    client: Client, published: PolicyPage
) -> None:
    PageViewRestriction.objects.create(page=published, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(published.url)

    assert response.status_code == 302
    sign_in = client.get(response["Location"])
    assert sign_in.status_code == 200
    assert page_soup(sign_in).find("input", attrs={"name": "password"}) is not None


def test_it_unlocks_a_password_protected_document_with_its_password(
    client: Client, published: PolicyPage
) -> None:
    PageViewRestriction.objects.create(
        page=published, restriction_type=PageViewRestriction.PASSWORD, password="auditors-only-2025"
    )
    form = page_soup(client.get(published.url)).find("form")
    assert "We protect all information." not in text_of(client.get(published.url), separator=" ")

    unlocked = client.post(
        form["action"], {"password": "auditors-only-2025", "return_url": published.url}
    )

    assert unlocked.status_code == 302
    assert "We protect all information." in text_of(client.get(published.url), separator=" ")
