"""One rule for times: the configured zone with its label in the admin, UTC with "UTC" in files."""

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from evidence.models import ReviewStatus
from evidence.services import evidence_review
from isms.admin_times import EXPORT_TIMES_IN_UTC
from isms.times import admin_time, utc_time
from tests.factories import make_evidence, publish_version
from tests.html import page_soup, squeeze
from tests.soa import publish

WINTER = datetime.datetime(2026, 12, 3, 9, 15, tzinfo=datetime.UTC)
SUMMER = datetime.datetime(2026, 7, 1, 9, 15, tzinfo=datetime.UTC)
WINTER_IN_OSLO = "3 Dec 2026, 10:15 CET"


def test_it_shows_a_moment_in_the_configured_zone_with_the_zone_of_that_day() -> None:
    assert admin_time(WINTER) == WINTER_IN_OSLO
    assert admin_time(SUMMER) == "1 Jul 2026, 11:15 CEST"
    assert admin_time(None) == ""


def test_it_follows_the_configured_zone_not_the_active_one(settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"

    assert admin_time(WINTER) == "3 Dec 2026, 04:15 EST"


def test_files_and_exports_get_utc_said_so() -> None:
    assert utc_time(WINTER) == "2026-12-03 09:15:00 UTC"
    assert utc_time(SUMMER.astimezone(datetime.timezone(datetime.timedelta(hours=2)))) == (
        "2026-07-01 09:15:00 UTC"
    )
    assert EXPORT_TIMES_IN_UTC[datetime.datetime]["csv"](WINTER) == "2026-12-03 09:15:00 UTC"


def test_no_one_can_choose_another_zone_for_the_admin(
    client: Client, officer: Any, settings: Any
) -> None:
    client.force_login(officer)

    page = client.get(reverse("wagtailadmin_account"))

    assert page.status_code == 200
    assert 'name="locale-current_time_zone"' not in page.text


def test_an_inspect_view_shows_the_publication_time_in_the_configured_zone(
    client: Client, officer: Any, policy: Any, stub_pdf: None
) -> None:
    with time_machine.travel(WINTER, tick=False):
        version = publish_version(
            policy, version="1.0", effective=datetime.date(2026, 12, 3), by=officer
        )
    client.force_login(officer)

    page = client.get(reverse("document_versions:inspect", args=[version.pk]))

    fields = dict(zip(labels(page), values(page), strict=True))
    assert fields["Published at"] == WINTER_IN_OSLO
    assert page_soup(page).find("time", string=WINTER_IN_OSLO)["datetime"] == (
        "2026-12-03T09:15:00+00:00"
    )


def test_a_listing_column_shows_the_zone_too(
    client: Client, officer: Any, policy: Any, stub_pdf: None
) -> None:
    with time_machine.travel(WINTER, tick=False):
        publish_version(policy, version="1.0", effective=datetime.date(2026, 12, 3), by=officer)
    client.force_login(officer)

    for listing in ("document_versions:index", "audit_trail:index"):
        page = client.get(reverse(listing))

        assert WINTER_IN_OSLO in squeeze(page_soup(page).get_text(" ")), listing


@pytest.mark.django_db
def test_the_evidence_page_shows_each_time_in_the_configured_zone(
    client: Client, officer: Any, engineer: Any, annex_a_control: Any
) -> None:
    with time_machine.travel(WINTER, tick=False):
        evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    with time_machine.travel(WINTER + datetime.timedelta(hours=1), tick=False):
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    client.force_login(officer)

    page = client.get(reverse("evidence:inspect", args=[evidence.pk]))

    shown = [time.get_text() for time in page_soup(page).select("main time")]
    assert "3 Dec 2026, 11:15 CET" in shown  # reviewed
    assert shown.count(WINTER_IN_OSLO) >= 2  # the revision and the history's first entry


def labels(page: Any) -> list[str]:
    return [squeeze(dt.get_text()) for dt in page_soup(page).select("main dl dt")]


def values(page: Any) -> list[str]:
    return [squeeze(dd.get_text()) for dd in page_soup(page).select("main dl dd")]


def test_an_soa_version_shows_its_times_in_the_configured_zone(
    client: Client, officer: Any, approver: Any, annex_a: Any, stub_soa_pdf: None
) -> None:
    with time_machine.travel(WINTER, tick=False):
        version = publish(by=officer, approved_by=approver)
    client.force_login(officer)

    page = client.get(reverse("soa_versions:inspect", args=[version.pk]))

    fields = dict(zip(labels(page), values(page), strict=True))
    assert fields["Published at"] == WINTER_IN_OSLO


@pytest.mark.parametrize("report", ["site_history", "aging_pages"])
def test_wagtails_own_report_exports_give_utc_too(
    client: Client, officer: Any, policy: Any, stub_pdf: None, report: str
) -> None:
    with time_machine.travel(WINTER, tick=False):
        publish_version(policy, version="1.0", effective=datetime.date(2026, 12, 3), by=officer)
    client.force_login(officer)

    response = client.get(reverse(f"wagtailadmin_reports:{report}") + "?export=csv")

    exported = b"".join(response.streaming_content).decode()
    assert "2026-12-03 09:15:00 UTC" in exported
    assert "+00:00" not in exported
