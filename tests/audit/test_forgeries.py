"""Forgeries of the record, each committed as an attacker would, and found by verify_audit_log.

Two attackers: the application's own database role, which may insert rows and update the
columns the triggers allow, and the schema owner, who can switch the triggers off
(``lifted_audit_protection``). Neither can read the server's environment, so neither holds
AUDIT_CHAIN_KEY, except where a test says the key leaked.
"""

import hashlib
import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from evidence.content import NoteContent
from evidence.models import Evidence, EvidenceRevision, ReviewStatus
from isms.audit.checkpoints import CHECKPOINT_FOLDER, audit_checkpoint_write
from isms.audit.keys import chain_key_from, current_chain_key
from isms.audit.models import AuditEvent, canonical_json
from isms.audit.services import audit_record
from isms.frameworks.models import SoaVersion, SoaVersionEntry
from isms.records.pdf import record_pdf_attach
from policies.models import DocumentVersion, PolicyPage
from tests.audit.tampering import lifted_audit_protection
from tests.audit.test_verify_record_checks import copied, file_revision
from tests.factories import make_evidence, publish_version
from tests.soa import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_pdf", "stub_soa_pdf")]
NEW_KEY = "a-new-audit-chain-key-for-the-rotation-tests-0123456789"


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def findings() -> str:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def head() -> AuditEvent:
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    return event


def forged_event(*, key_id: str, sign: Any, **fields: Any) -> AuditEvent:
    """The next event as an attacker writes it: numbered and chained right, signed as they can."""
    last = head()
    event = AuditEvent(
        sequence=last.sequence + 1,
        previous_hash=last.hash,
        key_id=key_id,
        occurred_at=timezone.now(),
        action="evidence.reviewed",
        detail={"decision": "accepted"},
        **fields,
    )
    event.hash = sign(canonical_json(event.canonical_content()))
    event.save(force_insert=True)
    return event


@pytest.fixture
def published(policy: PolicyPage, officer: Any) -> DocumentVersion:
    audit_record(action="auth.sign_in", actor=officer)
    return record_pdf_attach(
        publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    )


# The application's role: it can insert events, but not sign them.


def test_an_event_appended_without_the_key_is_found(published: DocumentVersion) -> None:
    guessed = chain_key_from("a guess at the key")
    forged = forged_event(key_id=head().key_id, sign=guessed.sign)

    assert f"Event #{forged.sequence}: its HMAC does not match" in findings()


def test_an_unsigned_event_after_the_trail_was_signed_is_found(published: DocumentVersion) -> None:
    forged = forged_event(key_id="", sign=lambda message: hashlib.sha256(message).hexdigest())

    assert f"Event #{forged.sequence}: unsigned, after the trail was signed" in findings()


def test_an_event_forged_to_cover_an_inserted_version_is_found(
    published: DocumentVersion,
) -> None:
    inserted = copied(published, major=9, pdf_file="", pdf_sha256="", pdf_size=None,
                      pdf_page_count=None, pdf_rendered_at=None)  # fmt: skip
    forged = forged_event(
        key_id=head().key_id,
        sign=chain_key_from("a guess").sign,
        target_type_label="policies.documentversion",
        target_id=str(inserted.pk),
    )

    output = findings()

    assert f"Event #{forged.sequence}: its HMAC does not match" in output


def test_evidence_accepted_by_sql_without_a_review_is_found(
    engineer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    Evidence.objects.filter(pk=evidence.pk).update(status=ReviewStatus.ACCEPTED)

    assert (
        f"evidence id {evidence.pk} ({evidence}): its status is accepted, but its events leave "
        "it submitted: changed without a review" in findings()
    )


def test_a_revision_reusing_another_revisions_stored_file_is_found(
    engineer: Any, annex_a_control: Any
) -> None:
    revision = file_revision(engineer, annex_a_control)
    reused = copied(revision, number=2)

    output = findings()

    assert (
        f"evidence revision id {reused.pk} ({reused}): it reuses the stored file of record id "
        f"{revision.pk}" in output
    )


# The schema owner: the triggers can be switched off, the key is still out of reach.


def test_a_rewritten_event_is_found(published: DocumentVersion) -> None:
    first = AuditEvent.objects.order_by("sequence").first()
    assert first is not None
    with lifted_audit_protection():
        AuditEvent.objects.filter(pk=first.pk).update(actor_name="Someone Else")

    assert f"Event #{first.sequence}: its HMAC does not match" in findings()


def test_a_rewritten_version_body_is_found(published: DocumentVersion) -> None:
    with lifted_audit_protection():
        DocumentVersion.objects.filter(pk=published.pk).update(body_html="<p>Rewritten.</p>")

    assert (
        f"document version id {published.pk} ({published}): its content is not what its "
        "creating event recorded" in findings()
    )


def test_a_rewritten_approver_is_found(published: DocumentVersion) -> None:
    with lifted_audit_protection():
        DocumentVersion.objects.filter(pk=published.pk).update(approved_by_name="Camilla Holm")

    assert f"document version id {published.pk}" in findings()


def test_a_rewritten_soa_justification_is_found(annex_a: Any, officer: Any, approver: Any) -> None:
    version = publish(by=officer, approved_by=approver)
    entry = SoaVersionEntry.objects.filter(version=version).first()
    assert entry is not None
    with lifted_audit_protection():
        SoaVersionEntry.objects.filter(pk=entry.pk).update(justification="Excluded: not needed.")

    assert (
        f"SoA version id {version.pk} ({version}): its content is not what its creating event "
        "recorded" in findings()
    )


def test_a_rewritten_note_is_found(engineer: Any, annex_a_control: Any) -> None:
    evidence = make_evidence(
        controls=[annex_a_control], produced_by=engineer, content=NoteContent("All hosts patched.")
    )
    revision = evidence.current_revision
    with lifted_audit_protection():
        EvidenceRevision.objects.filter(pk=revision.pk).update(note="Nothing was patched.")

    assert f"evidence revision id {revision.pk} ({revision}): its content is not" in findings()


def test_a_replaced_pdf_with_its_hash_column_rewritten_is_found(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    version = record_pdf_attach(publish(by=officer, approved_by=approver))
    replacement = b"%PDF-1.7 another statement".ljust(2048, b" ")
    with storages["private"].open(version.pdf_file, "wb") as stored:
        stored.write(replacement)
    with lifted_audit_protection():
        SoaVersion.objects.filter(pk=version.pk).update(
            pdf_sha256=hashlib.sha256(replacement).hexdigest(), pdf_size=len(replacement)
        )

    output = findings()

    assert "Stored files checked: 1; changed or missing: 0." in output
    assert (
        f"SoA version id {version.pk} ({version}): its file's SHA-256 is not the one recorded "
        "when it was stored" in output
    )


def test_events_cut_off_the_end_are_found_by_a_checkpoint(published: DocumentVersion) -> None:
    audit_checkpoint_write()
    last = head()
    with lifted_audit_protection():
        AuditEvent.objects.filter(pk=last.pk).delete()

    output = findings()

    assert "Broken links: 0." in output
    assert (
        f"it saw event #{last.sequence}, but the trail ends at #{last.sequence - 1}: events "
        "were cut off the end" in output
    )


def test_a_history_rewritten_with_the_key_still_differs_from_its_checkpoint(
    published: DocumentVersion,
) -> None:
    """Even an attacker who holds the key and re-signs every later link cannot hide it."""
    audit_checkpoint_write()
    key = current_chain_key()
    with lifted_audit_protection():
        previous = None
        for event in AuditEvent.objects.order_by("sequence"):
            if previous is None:
                event.actor_name = "Someone Else"
            else:
                event.previous_hash = previous.hash
            event.hash = event.compute_hash(key)
            event.save()
            previous = event

    output = findings()

    assert "Broken links: 0." in output
    assert "no longer has the hash it had then: the trail up to it was rewritten" in output


def test_a_forged_checkpoint_is_found(published: DocumentVersion) -> None:
    forged = {
        "sequence": 1,
        "hash": "0" * 64,
        "written_at": "2026-01-01T00:00:00+00:00",
        "signed_with": current_chain_key().key_id,
        "signature": "f" * 64,
    }
    name = f"{CHECKPOINT_FOLDER}/000000000001.json"
    storages["private"].save(name, ContentFile(json.dumps(forged).encode()))

    output = findings()

    assert f"Checkpoint {name}: its signature does not verify: forged or altered" in output


def test_a_clean_trail_with_its_checkpoint_passes(published: DocumentVersion) -> None:
    written = audit_checkpoint_write()
    assert written is not None

    output = verify()

    assert f"Checkpoints outside the database: 1; the newest saw #{head().sequence}" in output
    assert "No findings." in output
    assert audit_checkpoint_write() is None  # the head is already checkpointed


def test_a_publication_writes_a_checkpoint_once_it_commits(
    policy: PolicyPage, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    published = AuditEvent.objects.get(action="document.published")

    _, names = storages["private"].listdir(CHECKPOINT_FOLDER)

    assert f"{published.sequence:012d}.json" in names


# Key rotation.


def test_a_rotated_key_starts_a_new_segment_that_verifies(
    published: DocumentVersion, settings: Any, officer: Any
) -> None:
    old = current_chain_key()
    settings.AUDIT_CHAIN_PREVIOUS_KEYS = [settings.AUDIT_CHAIN_KEY]
    settings.AUDIT_CHAIN_KEY = NEW_KEY
    out = StringIO()
    call_command("audit_rotate_key", stdout=out)
    audit_record(action="auth.sign_in", actor=officer)

    rotation = AuditEvent.objects.get(action="audit.key_rotated")
    new = current_chain_key()
    assert (rotation.key_id, rotation.detail) == (
        old.key_id,
        {"previous_key_id": old.key_id, "new_key_id": new.key_id},
    )
    assert head().key_id == new.key_id
    assert "No findings." in verify()


def test_an_event_under_a_leaked_old_key_after_the_rotation_is_found(
    published: DocumentVersion, settings: Any
) -> None:
    old = current_chain_key()
    settings.AUDIT_CHAIN_PREVIOUS_KEYS = [settings.AUDIT_CHAIN_KEY]
    settings.AUDIT_CHAIN_KEY = NEW_KEY
    call_command("audit_rotate_key", stdout=StringIO())
    forged = forged_event(key_id=old.key_id, sign=old.sign)

    assert (
        f"Event #{forged.sequence}: signed with key {old.key_id} where its segment is signed "
        f"with {current_chain_key().key_id}" in findings()
    )


def test_a_key_the_server_no_longer_holds_is_named_and_nothing_is_appended(
    published: DocumentVersion, settings: Any, officer: Any
) -> None:
    old = current_chain_key()
    settings.AUDIT_CHAIN_KEY = NEW_KEY  # the old key dropped instead of listed as previous
    count = AuditEvent.objects.count()

    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHAIN_PREVIOUS_KEYS"):
        audit_record(action="auth.sign_in", actor=officer)

    assert AuditEvent.objects.count() == count
    assert f"signed with key {old.key_id}, which this server does not hold" in findings()
