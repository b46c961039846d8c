"""Reviews at planned intervals: which versions are due, the officers' dashboard, the reminders."""

from collections.abc import Callable
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from isms.audit.models import AuditEvent
from policies.models import DocumentVersion, PolicyPage, ReviewReminder
from policies.selectors import versions_due_for_review
from tests.factories import PERSONAS, make_policy, publish_version
from tests.html import page_soup, squeeze

TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)


def published(index: Any, slug: str, *, effective: date, by: Any, version: str = "1.0") -> Any:
    page = make_policy(index, title=slug.replace("-", " ").title(), slug=slug)
    PolicyPage.objects.filter(pk=page.pk).update(
        document_owner="Chief Information Security Officer"
    )
    return publish_version(page, version=version, effective=effective, by=by)


@pytest.fixture
def due(policies_index: Any, officer: Any, stub_pdf: None) -> dict[str, DocumentVersion]:
    """Versions whose reviews fall before, inside and after the 30-day notice period."""
    return {
        "overdue": published(policies_index, "overdue", effective=date(2025, 2, 20), by=officer),
        "soon": published(policies_index, "soon", effective=date(2025, 3, 31), by=officer),
        "today": published(policies_index, "due-today", effective=date(2025, 3, 1), by=officer),
        "later": published(policies_index, "later", effective=date(2025, 4, 1), by=officer),
    }


def test_it_selects_versions_due_within_thirty_days_or_overdue_soonest_first(
    due: dict[str, DocumentVersion],
) -> None:
    selected = versions_due_for_review(today=TODAY)

    assert [version.pk for version in selected] == [
        due["overdue"].pk,
        due["today"].pk,
        due["soon"].pk,
    ]


def test_a_newer_version_ends_the_older_ones_review_even_before_it_takes_effect(
    due: dict[str, DocumentVersion], officer: Any
) -> None:
    page = due["overdue"].page
    publish_version(page, version="1.1", effective=date(2026, 4, 1), by=officer)

    selected = versions_due_for_review(today=TODAY)

    assert due["overdue"].pk not in [version.pk for version in selected]
    assert page.pk not in [version.page_id for version in selected]


def test_it_leaves_out_documents_that_are_no_longer_live(due: dict[str, DocumentVersion]) -> None:
    due["overdue"].page.unpublish()

    assert due["overdue"].pk not in [v.pk for v in versions_due_for_review(today=TODAY)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_compliance_officers_see_the_reviews_due_panel(
    client_for: Callable[[str], Client], due: dict[str, DocumentVersion], persona: str
) -> None:
    response = client_for(persona).get("/admin/", follow=True)

    panel = page_soup(response).select_one("#reviews-due-section")
    assert (panel is not None) == (persona == "officer")


def test_the_panel_lists_each_due_review_with_its_owner_and_how_late_it_is(
    client_for: Callable[[str], Client], due: dict[str, DocumentVersion]
) -> None:
    response = client_for("officer").get("/admin/")

    rows = [
        squeeze(row.get_text(" "))
        for row in page_soup(response).select("#reviews-due-section tbody tr")
    ]
    assert rows == [
        "Overdue 1.0 Chief Information Security Officer 20 February 2026 , overdue by 9 days",
        "Due Today 1.0 Chief Information Security Officer 1 March 2026 , due today",
        "Soon 1.0 Chief Information Security Officer 31 March 2026 , due in 30 days",
    ]


def test_the_panel_says_so_when_nothing_is_due(
    client_for: Callable[[str], Client], policy: PolicyPage, officer: Any, stub_pdf: None
) -> None:
    publish_version(policy, version="1.0", effective=date(2026, 1, 1), by=officer)

    response = client_for("officer").get("/admin/")

    panel = page_soup(response).select_one("#reviews-due-section")
    assert panel is not None
    assert "No document is due for review in the next 30 days." in squeeze(panel.get_text())


@pytest.fixture
def run_reminders(django_capture_on_commit_callbacks: Any) -> Callable[[], str]:
    """The daily command, with the mail it queues delivered as the transaction commits."""

    def run() -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_review_reminders", stdout=out)
        return out.getvalue()

    return run


def test_the_command_mails_the_officers_each_due_review_with_a_link(
    due: dict[str, DocumentVersion],
    officer: Any,
    engineer: Any,
    settings: Any,
    run_reminders: Callable[[], str],
) -> None:
    settings.WAGTAILADMIN_BASE_URL = "https://trust.example.com"

    output = run_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.com"]
    assert message.subject == "3 document reviews due, 1 overdue"
    assert "Overdue, version 1.0 (owner: Chief Information Security Officer)" in message.body
    assert "Review overdue by 9 days: 20 February 2026" in message.body
    assert "Review due in 30 days: 31 March 2026" in message.body
    assert f"https://trust.example.com/admin/pages/{due['soon'].page_id}/edit/" in message.body
    assert "Later" not in message.body
    assert "Reminded the officers of 3 review(s)." in output
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert f'href="https://trust.example.com/admin/pages/{due["soon"].page_id}/edit/"' in html
    told = AuditEvent.objects.get(action="notification.queued")
    assert told.detail == {
        "template": "policies/mail/review_reminder",
        "subject": "3 document reviews due, 1 overdue",
        "recipients": ["officer"],
    }


def test_the_command_reminds_once_per_threshold_however_often_it_runs(
    due: dict[str, DocumentVersion],
    officer: Any,
    time_machine: Any,
    run_reminders: Callable[[], str],
) -> None:
    run_reminders()
    output = run_reminders()

    assert len(mail.outbox) == 1
    assert "No new reviews to remind the officers of." in output

    # Five weeks on, the review that was due soon is overdue: one more mail, about it alone.
    time_machine.move_to(datetime(2026, 4, 5, 9, 0, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)
    run_reminders()

    assert len(mail.outbox) == 2
    later = mail.outbox[1]
    assert "Soon, version 1.0" in later.body
    assert "Due Today, version 1.0" in later.body  # now overdue as well
    assert "Later, version 1.0" in later.body  # came within 30 days
    assert "Overdue, version 1.0" not in later.body
    assert ReviewReminder.objects.count() == 6


def test_the_command_records_nothing_when_no_officer_has_an_address(
    due: dict[str, DocumentVersion], officer: Any, run_reminders: Callable[[], str]
) -> None:
    type(officer).objects.filter(pk=officer.pk).update(email="")

    run_reminders()

    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()
