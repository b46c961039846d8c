"""The database itself refuses to change or remove audit events, whatever code path tries."""

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from isms.audit.models import AuditEvent
from isms.audit.services import audit_record

# Declared, so pytest-django runs these before tests that flush the database.
pytestmark = pytest.mark.django_db


@pytest.fixture
def event(officer: Any) -> AuditEvent:
    return audit_record(action="auth.sign_in", actor=officer)


def refused(sql: str, params: list[Any] | None = None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def test_it_refuses_a_delete(event: AuditEvent) -> None:
    refused("DELETE FROM audit_auditevent")

    assert AuditEvent.objects.count() == 1


def test_it_refuses_a_delete_through_the_orm(event: AuditEvent) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_it_refuses_truncate(event: AuditEvent) -> None:
    # Checked at once, the new event's foreign keys leave no pending work that blocks TRUNCATE.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    refused("TRUNCATE audit_auditevent")

    assert AuditEvent.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="REPLACE is SQLite's")
def test_it_refuses_a_replace_on_sqlite(event: AuditEvent) -> None:
    refused(
        "REPLACE INTO audit_auditevent (sequence, action, actor_username, actor_name, "
        "target_type_label, target_id, target_label, occurred_at, detail, previous_hash, hash) "
        "VALUES (1, 'auth.sign_in', '', '', '', '', '', '2020-01-01', '{}', %s, %s)",
        ["0" * 64, "1" * 64],
    )

    assert AuditEvent.objects.get().hash == event.hash


def test_deleting_the_actor_keeps_the_event_and_its_names(event: AuditEvent, officer: Any) -> None:
    officer.delete()

    kept = AuditEvent.objects.get()
    assert (kept.actor_id, kept.actor_username, kept.actor_name) == (None, "officer", "Olivia Berg")
    assert kept.compute_hash() == event.hash
