"""What verify_audit_log and verify_evidence check of evidence revisions.

``EVIDENCE_REVISION_CHECK`` (registered in ``EvidenceConfig.ready``) says how a revision and the
event that created it name each other, the evidence's id and the revision's number, and where a
file revision keeps its bytes; ``evidence_files_verify`` rehashes them through the shared check.
"""

from collections.abc import Iterator

from django.core.files.storage import Storage, storages
from django.db.models import CharField, F, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Concat

from evidence.models import Evidence, EvidenceKind, EvidenceRevision, ReviewStatus
from evidence.storing import STORAGE_PREFIX
from isms.audit.actions import AuditAction
from isms.audit.checks import RecordCheck, StoredFileColumns
from isms.audit.content import fields_content
from isms.audit.models import AuditEvent
from isms.audit.verification import FileCheck, stored_files_verify
from isms.files.store import PRIVATE_STORAGE


def _revision_key() -> Concat:
    return Concat(
        Cast("evidence_id", CharField()),
        Value("#"),
        Cast("number", CharField()),
        output_field=CharField(),
    )


def _event_key() -> Concat:
    # The event's target is the evidence; its detail names the revision's number.
    return Concat(
        F("target_id"),
        Value("#"),
        Cast(KeyTextTransform("revision", "detail"), CharField()),
        output_field=CharField(),
    )


# What the creating event's content_sha256 covers: every frozen column but the key.
REVISION_CONTENT = (
    "evidence_id", "number", "kind", "reason", "storage_name", "original_filename", "media_type",
    "size", "sha256", "url", "note", "created_at",
)  # fmt: skip


def evidence_status_not_recorded() -> Iterator[tuple[Evidence, str]]:
    """Evidence whose review status is not the one its events gave it.

    A submission or revision leaves it submitted; a review then accepts or rejects it. So the
    last of those events says what the status must be, and a status set by SQL is named.
    """
    expected: dict[str, str] = {}
    events = AuditEvent.objects.filter(
        target_type_label="evidence.evidence",
        action__in=(
            AuditAction.EVIDENCE_UPLOADED,
            AuditAction.EVIDENCE_REVISED,
            AuditAction.EVIDENCE_REVIEWED,
        ),
    ).order_by("sequence")
    for target_id, action, decision in events.annotate(
        decision=KeyTextTransform("decision", "detail")
    ).values_list("target_id", "action", "decision"):
        reviewed = action == AuditAction.EVIDENCE_REVIEWED
        expected[target_id] = decision if reviewed else ReviewStatus.SUBMITTED
    for evidence in Evidence.objects.order_by("pk").iterator(chunk_size=1000):
        status = expected.get(str(evidence.pk))
        if status is not None and status != evidence.status:
            yield (
                evidence,
                (
                    f"its status is {evidence.status}, but its events leave it {status}: "
                    "changed without a review"
                ),
            )


EVIDENCE_REVISION_CHECK = RecordCheck(
    label="evidence revisions",
    model=EvidenceRevision,
    created_by=(AuditAction.EVIDENCE_UPLOADED, AuditAction.EVIDENCE_REVISED),
    event_target="evidence.evidence",
    record_key=_revision_key,
    event_key=_event_key,
    files=StoredFileColumns(name="storage_name", sha256="sha256", size="size"),
    with_file=Q(kind=EvidenceKind.FILE),
    content=fields_content(*REVISION_CONTENT),
    findings=evidence_status_not_recorded,
)


def evidence_files_verify() -> Iterator[FileCheck]:
    """Each file revision in turn, streamed from storage and rehashed (memory stays flat)."""
    return stored_files_verify(EVIDENCE_REVISION_CHECK)


def stored_files_without_revision() -> Iterator[str]:
    """Files under the evidence folder that no revision names, month folder by month folder.

    They are left when a request's transaction rolled back after its file was stored; they cost
    storage, not integrity (no row points at them), so they are reported, not failed on.
    """
    storage = storages[PRIVATE_STORAGE]
    for folder in _folders(storage, STORAGE_PREFIX):
        _, names = storage.listdir(folder)
        recorded = set(
            EvidenceRevision.objects.filter(storage_name__startswith=f"{folder}/").values_list(
                "storage_name", flat=True
            )
        )
        yield from sorted(
            f"{folder}/{name}" for name in names if f"{folder}/{name}" not in recorded
        )


def _folders(storage: Storage, folder: str) -> Iterator[str]:
    try:
        subfolders, _ = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield folder
    for subfolder in sorted(subfolders):
        yield from _folders(storage, f"{folder}/{subfolder}")
