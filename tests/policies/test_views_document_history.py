"""A long history: the document's pages cost the same, list the newest versions and reach all."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from policies.history import HISTORY_SHOWN
from policies.models import DocumentVersion, PolicyPage
from tests.factories import make_policy, publish_version
from tests.html import page_soup, squeeze

TODAY = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
FIRST = date(2023, 1, 2)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def first_version(
    policy: PolicyPage, officer: Any, stub_pdf: None, django_capture_on_commit_callbacks: Any
) -> DocumentVersion:
    with django_capture_on_commit_callbacks(execute=True):
        return publish_version(policy, version="1.0", effective=FIRST, by=officer)


def extend_history(first: DocumentVersion, *, to: int, upcoming: int = 0) -> list[str]:
    """Copies of the first version, a week apart, so the document has `to` versions, the last
    `upcoming` of them after today; their numbers, newest first. Publishing each through Wagtail
    would take a minute for a hundred; the records are the same either way."""
    copies = []
    for step in range(1, to):
        copy = DocumentVersion.objects.get(pk=first.pk)
        copy.pk = None
        copy.major, copy.minor = 1 + step // 10, step % 10
        copy.effective_date = FIRST + timedelta(days=7 * step)
        if step >= to - upcoming:
            copy.effective_date = TODAY.date() + timedelta(days=step)
        copy.change_summary = f"Revision {step}."
        copies.append(copy)
    DocumentVersion.objects.bulk_create(copies)
    return [copy.number for copy in reversed(copies)] + [first.number]


def history_numbers(response: Any) -> list[str]:
    return [row.th.a.get_text() for row in page_soup(response).select(".history-table tbody tr")]


@pytest.mark.parametrize(
    "route", ["", "versions/1.0/", "as-of/?date=2024-01-15", "compare/?older=1.0&newer=1.1"]
)
def test_it_runs_the_same_number_of_queries_with_3_and_100_versions(
    client: Client,
    policies_index: Any,
    officer: Any,
    first_version: DocumentVersion,
    django_capture_on_commit_callbacks: Any,
    route: str,
) -> None:
    def queries(page: PolicyPage) -> int:
        client.get(f"{page.url}{route}")  # warms Wagtail's cache of site root paths
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{page.url}{route}").status_code == 200
        return len(context.captured_queries)

    extend_history(first_version, to=3)
    longer = make_policy(policies_index, title="Access Control Policy", slug="acp")
    with django_capture_on_commit_callbacks(execute=True):
        extend_history(publish_version(longer, version="1.0", effective=FIRST, by=officer), to=100)
    longer.refresh_from_db()

    assert queries(longer) == queries(first_version.page)


def test_it_lists_the_newest_versions_and_links_to_all_of_them(
    client: Client, policy: PolicyPage, first_version: DocumentVersion
) -> None:
    numbers = extend_history(first_version, to=HISTORY_SHOWN + 5)

    response = client.get(policy.url)
    more = page_soup(response).select_one(".history__more a")

    assert history_numbers(response) == numbers[:HISTORY_SHOWN]
    assert squeeze(more.get_text()) == f"Show all {HISTORY_SHOWN + 5} versions"
    every = client.get(more["href"])
    assert history_numbers(every) == numbers
    assert page_soup(every).select_one(".history__more") is None
    links = [row.th.a["href"] for row in page_soup(every).select(".history-table tbody tr")]
    assert {client.get(link).status_code for link in links} == {200}


def test_it_lists_all_versions_of_a_short_history_without_a_link(
    client: Client, policy: PolicyPage, first_version: DocumentVersion
) -> None:
    numbers = extend_history(first_version, to=HISTORY_SHOWN)

    response = client.get(policy.url)

    assert history_numbers(response) == numbers
    assert page_soup(response).select_one(".history__more") is None


def test_the_version_in_force_stays_listed_behind_many_announced_ones(
    client: Client, policy: PolicyPage, first_version: DocumentVersion
) -> None:
    numbers = extend_history(first_version, to=HISTORY_SHOWN + 10, upcoming=HISTORY_SHOWN + 2)

    rows = page_soup(client.get(policy.url)).select(".history-table tbody tr")

    # The newest 22 are announced; the 23rd is in force, and listed with its badge.
    assert len(rows) == HISTORY_SHOWN + 3
    assert rows[-1].th.a.get_text() == numbers[HISTORY_SHOWN + 2]
    assert [badge.get_text() for badge in rows[-1].select(".badge")] == ["Current"]


def test_an_as_of_page_keeps_its_date_when_listing_every_version(
    client: Client, policy: PolicyPage, first_version: DocumentVersion
) -> None:
    extend_history(first_version, to=HISTORY_SHOWN + 5)

    page = page_soup(client.get(f"{policy.url}as-of/?date=2024-01-15"))
    every = client.get(page.select_one(".history__more a")["href"])

    assert every.status_code == 200
    assert len(history_numbers(every)) == HISTORY_SHOWN + 5
    assert "On 15 January 2024" in squeeze(page_soup(every).get_text(" "))


def test_the_compare_form_offers_every_version_and_compares_any_two(
    client: Client, policy: PolicyPage, first_version: DocumentVersion
) -> None:
    numbers = extend_history(first_version, to=100)

    form = page_soup(client.get(policy.url)).select_one("#compare form")
    offered = {
        select["name"]: [option["value"] for option in select.select("option")]
        for select in form.select("select")
    }
    selected = {select["name"]: select.select("option[selected]") for select in form("select")}
    response = client.get(f"{policy.url}compare/?older=1.0&newer={numbers[0]}")

    assert offered == {"older": numbers, "newer": numbers}
    assert {name: [o["value"] for o in options] for name, options in selected.items()} == {
        "older": [numbers[1]],
        "newer": [numbers[0]],
    }
    assert response.status_code == 200
    assert f"Changes from version 1.0 to {numbers[0]}" in squeeze(page_soup(response).h1.text)
