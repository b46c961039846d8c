"""The "version in force on a date" lookup of a published document (`<document>/as-of/?date=`)."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from policies.models import PolicyPage
from tests.factories import PERSONAS, Edition, publish_history, publish_version
from tests.html import text_of

TODAY = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def shown_version(response: Any) -> str:
    bar: Any = BeautifulSoup(response.content, "html.parser").find(class_="version-bar")
    return " ".join(bar.find(class_="version-bar__number").get_text().split()) if bar else ""


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


HISTORY = [
    Edition("1.0", date(2024, 1, 1), "<p>First edition text.</p>"),
    Edition("1.1", date(2024, 9, 1), "<p>Second edition text.</p>"),
    Edition("2.0", date(2025, 6, 1), "<p>Third edition text.</p>"),
]


@pytest.fixture
def published(policy: PolicyPage, officer: Any) -> PolicyPage:
    """1.0 from 1 Jan 2024, 1.1 from 1 Sep 2024 (in force today), 2.0 announced for 1 Jun 2025."""
    return publish_history(policy, by=officer, editions=HISTORY)


def as_of(client: Client, page: PolicyPage, query: str) -> Any:
    return client.get(f"{page.url}as-of/{query}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_everyone(
    client_for: Callable[[str], Client],
    published: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)

    response = as_of(client, published, "?date=2024-10-01")

    assert response.status_code == 200
    assert shown_version(response) == "Version 1.1"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_is_404_for_a_draft_document(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)

    assert as_of(client, policy, "?date=2024-10-01").status_code == 404


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-01-01", "Version 1.0"),  # the first effective date
        ("2024-08-31", "Version 1.0"),  # the day before the successor takes effect
        ("2024-09-01", "Version 1.1"),  # the successor's effective date
        ("2025-03-01", "Version 1.1"),  # today
    ],
)
def test_it_shows_the_version_in_force_on_the_day(
    client: Client, published: PolicyPage, day: str, expected: str
) -> None:
    response = as_of(client, published, f"?date={day}")

    assert response.status_code == 200
    assert shown_version(response) == expected
    on = date.fromisoformat(day)
    assert f"On {on.day} {on:%B %Y}, {expected.lower()} of this document was in force." in (
        text_of(response)
    )


def test_it_shows_the_text_of_the_version_in_force_not_the_current_one(
    client: Client, published: PolicyPage
) -> None:
    response = as_of(client, published, "?date=2024-05-01")

    assert "First edition text." in text_of(response)
    assert "Second edition text." not in text_of(response)
    assert (
        "This is not the current version. Version 1.1 has been in force since 1 September 2024."
        in (text_of(response))
    )


def test_it_is_404_before_the_first_version_and_names_its_effective_date(
    client: Client, published: PolicyPage
) -> None:
    response = as_of(client, published, "?date=2023-12-31")

    assert response.status_code == 404
    assert (
        "No version of this document was in force on 31 December 2023. "
        "The first version took effect on 1 January 2024."
    ) in text_of(response)
    assert "First edition text." not in text_of(response)


def test_it_is_404_when_the_only_version_takes_effect_later(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 4, 1), by=officer)

    response = as_of(client, policy, "?date=2025-03-01")

    assert response.status_code == 404
    assert "The first version took effect on 1 April 2025." in text_of(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter a date to look up."),
        ("?date=", "Enter a date to look up."),
        ("?other=2024-06-30", "Enter a date to look up."),
        ("?date=2024-13-01", "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=2024-02-30", "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=yesterday", "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=2024/06/30", "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=30.06.2024", "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=%00", "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=" + "9" * 300, "Enter the date as YYYY-MM-DD, for example 2025-06-30."),
        ("?date=2025-03-02", "That date is in the future."),
        ("?date=2025-06-01", "That date is in the future."),
        ("?date=9999-12-31", "That date is in the future."),
    ],
)
def test_it_refuses_a_missing_malformed_or_future_date_with_a_clear_message(
    client: Client, published: PolicyPage, query: str, message: str
) -> None:
    response = as_of(client, published, query)

    assert response.status_code == 400
    assert message in text_of(response)
    assert BeautifulSoup(response.content, "html.parser").find(role="alert") is not None


def test_it_shows_the_current_version_beside_the_error(
    client: Client, published: PolicyPage
) -> None:
    response = as_of(client, published, "?date=yesterday")

    assert shown_version(response) == "Version 1.1"
    assert "Second edition text." in text_of(response)


def test_it_does_not_offer_future_dates_in_the_picker(
    client: Client, published: PolicyPage
) -> None:
    field: Any = BeautifulSoup(
        as_of(client, published, "?date=2024-10-01").content, "html.parser"
    ).find("input", attrs={"name": "date"})

    assert field["max"] == "2025-03-01"
    assert field["value"] == "2024-10-01"


def test_it_follows_the_local_calendar_day_at_midnight(
    client: Client, published: PolicyPage, time_machine: Any
) -> None:
    # 00:30 in Oslo is still the previous day in UTC.
    time_machine.move_to(datetime(2025, 6, 1, 0, 30, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)

    response = as_of(client, published, "?date=2025-06-01")

    assert response.status_code == 200
    assert shown_version(response) == "Version 2.0"
