"""Staff sign-in at /admin/login/ leaves events in the audit trail: success, failure, lockout."""

from typing import Any

import pytest
from django.test import Client

from isms.audit.models import AuditEvent

LOGIN_URL = "/admin/login/"
# Declared, so pytest-django runs these before tests that flush the database.
pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def test_it_records_a_successful_sign_in_with_who_and_from_where(
    client: Client, officer: Any, password: str
) -> None:
    sign_in(client, "officer", password)

    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_username, event.ip_address) == (
        "auth.sign_in",
        officer.pk,
        "officer",
        "203.0.113.7",
    )


def test_it_records_a_failed_sign_in_with_the_name_tried_but_not_the_password(
    client: Client, officer: Any
) -> None:
    sign_in(client, "officer", "my-secret-guess")

    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.ip_address) == (
        "auth.sign_in_failed",
        None,
        "203.0.113.7",
    )
    assert event.detail == {"username": "officer"}
    assert "my-secret-guess" not in str(event.canonical_content())


def test_it_records_the_lockout_after_five_failures(client: Client, officer: Any) -> None:
    for attempt in range(5):
        sign_in(client, "officer", f"wrong-{attempt}")

    # Axes sends its lockout signal while it handles the fifth failure, before our receiver.
    assert sorted(actions()) == ["auth.locked_out"] + ["auth.sign_in_failed"] * 5
    locked = AuditEvent.objects.get(action="auth.locked_out")
    assert (locked.detail, locked.ip_address) == ({"username": "officer"}, "203.0.113.7")


def test_a_page_view_records_nothing(client: Client) -> None:
    client.get(LOGIN_URL)

    assert actions() == []
