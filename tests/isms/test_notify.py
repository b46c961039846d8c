"""Notifications: one service renders, records who was told what, and sends once committed."""

import hashlib
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from isms.audit.models import AuditEvent
from isms.notify.checks import check_tasks_run_outside_requests
from isms.notify.services import notification_send

DATABASE_TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def greet(to: list[Any], **kwargs: Any) -> Any:
    return notification_send(
        template="tests/mail/greeting",
        subject="Your report is ready",
        to=to,
        context={"name": "Ada", "news": "The <b>ISAE 3402</b> report is ready."},
        **kwargs,
    )


def test_it_sends_a_plain_text_and_an_html_part_once_the_transaction_commits(
    officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        greet([officer])
        assert mail.outbox == []

    [message] = mail.outbox
    assert (message.to, message.subject) == (["officer@example.com"], "Your report is ready")
    assert "Hello Ada,\n\nThe <b>ISAE 3402</b> report is ready." in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "The &lt;b&gt;ISAE 3402&lt;/b&gt; report is ready." in html
    assert "Trust Centre" in html


def test_a_rolled_back_transaction_sends_and_records_nothing(
    officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        greet([officer])
        raise RuntimeError("the request failed after notifying")

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="notification.queued").exists()


def test_it_records_who_was_told_what_and_never_the_body(
    officer: Any, engineer: Any, policy: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        greet(
            [officer, " Requester@Example.org ", "requester@example.org"], about=policy, by=engineer
        )

    event = AuditEvent.objects.get(action="notification.queued")
    assert event.actor_username == "engineer"
    assert event.target_label == str(policy)
    assert event.detail == {
        "template": "tests/mail/greeting",
        "subject": "Your report is ready",
        "recipients": [
            "officer",
            "sha256:" + hashlib.sha256(b"requester@example.org").hexdigest(),
        ],
    }
    assert "ISAE 3402" not in str(event.detail)
    # Each told alone: the requester never sees the staff address, nor the reverse.
    assert [message.to for message in mail.outbox] == [
        ["officer@example.com"],
        ["Requester@Example.org"],
    ]


def test_nobody_with_an_address_means_no_mail_and_no_event(
    officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    type(officer).objects.filter(pk=officer.pk).update(email="")
    officer.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        assert greet([officer, "  "]) is None

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="notification.queued").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_backend_the_request_queues_and_the_worker_sends(officer: Any) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        greet([officer])
        assert mail.outbox == []  # committed and queued, not sent inside the request

        call_command(
            "db_worker", "--backend=background", "--batch", "--no-startup-delay", "--no-reload"
        )

    [message] = mail.outbox
    assert message.to == ["officer@example.com"]
    assert "The <b>ISAE 3402</b> report is ready." in message.body


def test_the_deploy_check_warns_while_tasks_run_inside_requests() -> None:
    [warning] = check_tasks_run_outside_requests()
    assert warning.id == "isms.W001"

    with override_settings(TASKS=DATABASE_TASKS):
        assert check_tasks_run_outside_requests() == []
