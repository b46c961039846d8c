"""The "due soon" window scales with the cadence: a quarter of it, at most 30 days."""

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from evidence.coverage import framework_coverage
from evidence.freshness import Freshness, due_soon_window, freshness_on, freshness_q
from evidence.models import Evidence, ReviewStatus
from evidence.services import evidence_review
from tests.factories import ControlFactory, make_evidence
from tests.html import page_soup

pytestmark = pytest.mark.django_db

PERIOD_END = datetime.date(2026, 10, 31)
TODAY = datetime.date(2026, 11, 1)  # the day after the period: when evidence usually arrives


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.mark.parametrize(
    ("cadence", "renews_on", "window"),
    [
        (1, datetime.date(2026, 11, 30), 7),
        (3, datetime.date(2027, 1, 31), 23),
        (6, datetime.date(2027, 4, 30), 30),
        (12, datetime.date(2027, 10, 31), 30),
    ],
)
def test_the_warning_window_is_a_quarter_of_the_cadence_at_most_30_days(
    engineer: Any, cadence: int, renews_on: datetime.date, window: int
) -> None:
    control = ControlFactory(ref="A.8.8", evidence_cadence=cadence)
    evidence = make_evidence(
        controls=[control], produced_by=engineer, period=(datetime.date(2026, 10, 1), PERIOD_END)
    )

    first_due_soon = renews_on - datetime.timedelta(days=window)
    assert evidence.renews_on == renews_on
    assert due_soon_window(period_end=PERIOD_END, renews_on=renews_on) == window
    assert evidence.freshness(TODAY) == Freshness.FRESH
    assert evidence.freshness(first_due_soon - datetime.timedelta(days=1)) == Freshness.FRESH
    assert evidence.freshness(first_due_soon) == Freshness.DUE_SOON
    assert evidence.freshness(renews_on) == Freshness.EXPIRED


def test_monthly_evidence_is_fresh_the_day_it_arrives_and_counts_so(
    engineer: Any, officer: Any
) -> None:
    monthly = ControlFactory(ref="A.8.16", evidence_cadence=1)
    evidence = make_evidence(
        controls=[monthly], produced_by=engineer, period=(datetime.date(2026, 10, 1), PERIOD_END)
    )
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)

    [coverage] = framework_coverage(today=TODAY)

    assert (coverage.fresh, coverage.due_soon) == (1, [])
    assert framework_coverage(today=datetime.date(2026, 11, 23))[0].due_soon == [monthly]


def test_the_listing_filter_says_what_each_piece_of_evidence_says(engineer: Any) -> None:
    for number, (cadence, days_long) in enumerate([(1, 30), (3, 60), (12, 10), (1, 5)], 1):
        make_evidence(
            controls=[ControlFactory(ref=f"A.5.{number}", evidence_cadence=cadence)],
            produced_by=engineer,
            period=(PERIOD_END - datetime.timedelta(days=days_long), PERIOD_END),
        )
    evidence = list(Evidence.objects.all())
    days = {TODAY}
    for item in evidence:
        first_due = item.renews_on - datetime.timedelta(
            days=due_soon_window(period_end=item.period_end, renews_on=item.renews_on)
        )
        days |= {first_due - datetime.timedelta(days=1), first_due, item.renews_on}

    for day in sorted(days):
        for state in Freshness:
            expected = {e.pk for e in evidence if e.freshness(day) == state}
            found = set(
                Evidence.objects.filter(freshness_q(state, day)).values_list("pk", flat=True)
            )
            assert found == expected, (day, state)


def test_the_officer_filters_the_listing_by_freshness(
    client: Client, officer: Any, engineer: Any
) -> None:
    monthly = ControlFactory(ref="A.8.16", evidence_cadence=1)
    make_evidence(
        controls=[monthly],
        produced_by=engineer,
        title="Fresh monthly scan",
        period=(datetime.date(2026, 10, 1), PERIOD_END),
    )
    client.force_login(officer)

    fresh = client.get(reverse("evidence:index"), {"freshness": "fresh"})
    due_soon = client.get(reverse("evidence:index"), {"freshness": "due_soon"})

    assert "Fresh monthly scan" in page_soup(fresh).get_text()
    assert "Fresh monthly scan" not in page_soup(due_soon).get_text()


def test_a_window_never_goes_past_the_setting(settings: Any) -> None:
    settings.EVIDENCE_DUE_SOON_DAYS = 10
    renews_on = datetime.date(2027, 10, 31)

    assert (
        freshness_on(renews_on, renews_on - datetime.timedelta(days=10), period_end=PERIOD_END)
        == Freshness.DUE_SOON
    )
    assert (
        freshness_on(renews_on, renews_on - datetime.timedelta(days=11), period_end=PERIOD_END)
        == Freshness.FRESH
    )
