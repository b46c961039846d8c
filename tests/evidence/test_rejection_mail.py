"""An engineer whose evidence is rejected is e-mailed the reviewer's reason and a link to it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from evidence.models import Evidence
from isms.audit.models import AuditEvent
from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(engineer: Any, annex_a_control: Any) -> Evidence:
    return make_evidence(controls=[annex_a_control], produced_by=engineer, title="October scan")


def review(client: Client, evidence: Evidence, capture: Any, **data: str) -> Any:
    with capture(execute=True):
        return client.post(reverse("evidence:review", args=[evidence.pk]), data)


def test_a_rejection_mails_the_submitter_the_reason_and_a_link_with_the_port(
    client_for: Callable[[str], Client],
    submitted: Evidence,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"

    review(
        client_for("officer"),
        submitted,
        django_capture_on_commit_callbacks,
        decision="rejected",
        reason="The scan misses the database hosts.",
    )

    [message] = mail.outbox
    link = f"http://127.0.0.1:8123/admin/evidence/{submitted.pk}/"
    assert message.to == ["engineer@example.com"]
    assert message.subject == "Evidence rejected: October scan"
    assert 'Olivia Berg rejected your evidence "October scan"' in message.body
    assert "The scan misses the database hosts." in message.body
    assert link in message.body
    html, _kind = message.alternatives[0]
    assert f'href="{link}"' in html
    event = AuditEvent.objects.get(action="notification.queued")
    assert event.detail["recipients"] == ["engineer"]
    assert event.detail["template"] == "evidence/mail/rejected"


def test_an_acceptance_mails_nobody(
    client_for: Callable[[str], Client],
    submitted: Evidence,
    django_capture_on_commit_callbacks: Any,
) -> None:
    review(
        client_for("officer"), submitted, django_capture_on_commit_callbacks, decision="accepted"
    )

    assert mail.outbox == []


def test_a_refused_rejection_mails_nobody(
    client_for: Callable[[str], Client],
    submitted: Evidence,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Without a reason the rejection is refused, so nothing is sent."""
    review(
        client_for("officer"), submitted, django_capture_on_commit_callbacks, decision="rejected"
    )

    assert mail.outbox == []
