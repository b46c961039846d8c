"""manage.py verify_audit_log: a clean record passes; each kind of tampering is named."""

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from isms.audit.models import AuditEvent
from isms.audit.services import audit_record
from isms.records.pdf import record_pdf_attach
from policies.models import DocumentVersion, PolicyPage
from tests.audit.tampering import lifted_audit_protection
from tests.factories import publish_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_pdf")]


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def verify_failing() -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit_log", stdout=out)
    return out.getvalue(), str(failed.value)


@pytest.fixture
def published(policy: PolicyPage, officer: Any) -> DocumentVersion:
    """Version 1.0 with its PDF, and two sign-ins around it: four events in the chain."""
    audit_record(action="auth.sign_in", actor=officer)
    version = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    audit_record(action="auth.sign_in", actor=officer)
    return record_pdf_attach(version)


def test_it_passes_a_clean_record(published: DocumentVersion) -> None:
    head = AuditEvent.objects.order_by("-sequence").first()
    assert head is not None

    output = verify()

    assert "Audit trail: 4 events." in output
    assert f"Last event #4, hash {head.hash}." in output
    assert "Document versions: 1.\n  Without their document.published event: 0." in output
    assert "  Stored files checked: 1; changed or missing: 0." in output
    assert "SoA versions: 0." in output
    assert "Evidence revisions: 0." in output
    assert "No findings." in output


def test_it_passes_an_empty_record() -> None:
    assert "Audit trail: 0 events." in verify()


def test_it_names_an_event_edited_in_the_database(published: DocumentVersion) -> None:
    with lifted_audit_protection(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'Someone else' WHERE sequence = 2")

    output, error = verify_failing()

    assert "Event #2: its HMAC does not match" in output
    assert error == "1 finding(s): the record cannot be trusted as it is."


def test_it_names_an_event_deleted_from_the_middle(published: DocumentVersion) -> None:
    with lifted_audit_protection(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 2")

    output, _ = verify_failing()

    assert "Event #3: gap, expected #2 before it." in output


def test_it_names_an_event_rechained_to_the_wrong_predecessor(published: DocumentVersion) -> None:
    forged = AuditEvent.objects.get(sequence=3)
    forged.previous_hash = "e" * 64
    with lifted_audit_protection(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE sequence = 3",
            [forged.previous_hash, forged.compute_hash()],
        )

    output, _ = verify_failing()

    assert "Event #3: previous_hash mismatch" in output


def test_it_names_a_version_inserted_behind_the_applications_back(
    published: DocumentVersion,
) -> None:
    # Every column copied from a real version, written straight to the table, not by the service.
    columns = {
        field.attname: getattr(published, field.attname)
        for field in DocumentVersion._meta.concrete_fields
        if not field.primary_key
    }
    forged = DocumentVersion.objects.create(
        **{**columns, "major": 9, "minor": 0, "published_at": timezone.now()}
    )

    output, error = verify_failing()

    assert "Without their document.published event: 1." in output
    assert (
        f"    document version id {forged.pk} (Information Security Policy, version 9.0): "
        "no event records its creation." in output
    )
    # The copied PDF fields name the same stored bytes, which still match, but a second record
    # claiming them, with no event that stored them for it, is found.
    assert "Stored files checked: 2; changed or missing: 0." in output
    assert f"it reuses the stored file of record id {published.pk}" in output
    assert "no record.pdf_stored event records its file" in output
    assert error.startswith("3 finding(s)")


def test_it_names_a_pdf_whose_stored_bytes_changed(published: DocumentVersion) -> None:
    stored = Path(storages["private"].path(published.pdf_file))
    content = bytearray(stored.read_bytes())
    content[100] ^= 0x01
    stored.write_bytes(bytes(content))

    output, _ = verify_failing()

    assert "Stored files checked: 1; changed or missing: 1." in output
    assert (
        f"    document version id {published.pk} (Information Security Policy, version 1.0): "
        f"the stored bytes do not match the recorded SHA-256 ({published.pdf_file})." in output
    )


def test_it_names_a_pdf_missing_from_storage(published: DocumentVersion) -> None:
    storages["private"].delete(published.pdf_file)

    output, _ = verify_failing()

    assert f"the stored file is missing ({published.pdf_file})." in output
