"""`manage.py remind_evidence_due`: each owner hears once when their evidence comes due soon and
once more when it is overdue, however often the command runs."""

import datetime
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from evidence.content import NoteContent
from evidence.models import Evidence, RenewalReminder, ReviewStatus
from evidence.services import evidence_review, evidence_revise
from isms.frameworks.models import EvidenceCadence
from isms.roles import Role
from tests.factories import ControlFactory, UserFactory, make_evidence

pytestmark = pytest.mark.django_db

OCTOBER = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def on(day: datetime.date) -> Any:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(8)), tick=False)


@pytest.fixture
def monthly_control(db: None) -> Any:
    """Monthly: evidence for October renews on 30 November and is due soon from 23 November."""
    return ControlFactory(
        ref="A.8.16", title="Monitoring", evidence_cadence=EvidenceCadence.MONTHLY
    )


@pytest.fixture
def accepted(engineer: Any, officer: Any) -> Callable[..., Evidence]:
    def _accepted(control: Any, *, title: str, period: Any = OCTOBER, by: Any = None) -> Evidence:
        with on(period[1] + datetime.timedelta(days=1)):
            evidence = make_evidence(
                controls=[control], produced_by=by or engineer, title=title, period=period
            )
            evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
        return evidence

    return _accepted


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Callable[[datetime.date], str]:
    def _run(day: datetime.date) -> str:
        out = StringIO()
        with on(day), django_capture_on_commit_callbacks(execute=True):
            call_command("remind_evidence_due", stdout=out)
        return out.getvalue()

    return _run


@pytest.fixture(autouse=True)
def _empty_outbox() -> Iterator[None]:
    mail.outbox.clear()
    yield


def test_it_tells_the_owner_once_when_due_soon_and_once_when_overdue(
    monthly_control: Any,
    accepted: Callable[..., Evidence],
    run: Callable[[datetime.date], str],
    settings: Any,
) -> None:
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    evidence = accepted(monthly_control, title="October log review")
    assert evidence.renews_on == datetime.date(2026, 11, 30)

    assert "No evidence to remind" in run(datetime.date(2026, 11, 22))
    assert mail.outbox == []

    output = run(datetime.date(2026, 11, 23))
    [message] = mail.outbox
    assert message.to == ["engineer@example.com"]
    assert message.subject == "1 piece of evidence to renew"
    assert "Renewal due in 7 days: 30 November 2026" in message.body
    assert f"http://127.0.0.1:8123/admin/evidence/{evidence.pk}/" in message.body
    assert "October log review: renewal due in 7 days" in output

    run(datetime.date(2026, 11, 23))
    run(datetime.date(2026, 11, 24))
    assert len(mail.outbox) == 1

    run(datetime.date(2026, 12, 2))
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "1 piece of evidence to renew, 1 overdue"
    assert "Renewal overdue by 2 days: 30 November 2026" in mail.outbox[1].body
    run(datetime.date(2026, 12, 3))
    assert len(mail.outbox) == 2
    assert RenewalReminder.objects.count() == 2


def test_the_warning_window_scales_with_the_cadence(
    accepted: Callable[..., Evidence], run: Callable[[datetime.date], str]
) -> None:
    """Yearly evidence is due soon 30 days ahead, not a quarter of a year."""
    yearly = ControlFactory(ref="A.5.1", evidence_cadence=EvidenceCadence.YEARLY)
    accepted(yearly, title="Policy review", period=(datetime.date(2025, 11, 1), OCTOBER[1]))

    run(datetime.date(2027, 9, 30))
    assert mail.outbox == []
    run(datetime.date(2027, 10, 1))
    assert len(mail.outbox) == 1


def test_evidence_that_newer_evidence_replaces_is_not_mentioned(
    monthly_control: Any, accepted: Callable[..., Evidence], run: Callable[[datetime.date], str]
) -> None:
    accepted(monthly_control, title="October log review")
    accepted(
        monthly_control,
        title="November log review",
        period=(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)),
    )

    run(datetime.date(2026, 12, 5))

    assert mail.outbox == []


def test_a_new_revision_is_a_new_cycle(
    monthly_control: Any,
    accepted: Callable[..., Evidence],
    run: Callable[[datetime.date], str],
    engineer: Any,
    officer: Any,
) -> None:
    evidence = accepted(monthly_control, title="October log review")
    run(datetime.date(2026, 11, 25))
    with on(datetime.date(2026, 11, 25)):
        evidence_revise(
            evidence=evidence,
            by=engineer,
            reason="Corrected the host list.",
            content=NoteContent("Reviewed every host's logs."),
        )
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)

    run(datetime.date(2026, 11, 26))

    assert len(mail.outbox) == 2


def test_when_the_producer_has_left_the_controls_owner_is_told(
    monthly_control: Any,
    accepted: Callable[..., Evidence],
    run: Callable[[datetime.date], str],
    engineer: Any,
) -> None:
    owner = UserFactory(username="control-owner", role=Role.SECURITY_ENGINEER)
    monthly_control.owner = owner
    monthly_control.save()
    accepted(monthly_control, title="October log review")
    engineer.is_active = False
    engineer.save()

    run(datetime.date(2026, 11, 24))

    assert [message.to for message in mail.outbox] == [["control-owner@example.com"]]


def test_an_owner_without_an_address_is_told_once_they_have_one(
    monthly_control: Any,
    accepted: Callable[..., Evidence],
    run: Callable[[datetime.date], str],
    engineer: Any,
) -> None:
    accepted(monthly_control, title="October log review")
    engineer.email = ""
    engineer.save()
    run(datetime.date(2026, 11, 24))
    assert mail.outbox == []

    engineer.email = "engineer@example.com"
    engineer.save()
    run(datetime.date(2026, 11, 25))
    assert len(mail.outbox) == 1


def test_evidence_still_in_review_or_rejected_is_not_a_renewal(
    monthly_control: Any, engineer: Any, run: Callable[[datetime.date], str]
) -> None:
    with on(datetime.date(2026, 11, 1)):
        make_evidence(controls=[monthly_control], produced_by=engineer, period=OCTOBER)

    run(datetime.date(2026, 12, 5))

    assert mail.outbox == []
    assert Evidence.objects.get().status == ReviewStatus.SUBMITTED
