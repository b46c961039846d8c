"""Checks behind `manage.py verify_audit_log`: the chain, the publications, the stored PDFs.

Each check reads in primary-key order and streams, so memory does not grow with the history.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import CharField
from django.db.models.functions import Cast

from isms.audit.actions import AuditAction
from isms.audit.models import GENESIS_HASH, AuditEvent
from isms.files.store import measure_stored_file
from policies.models import DocumentVersion

CHUNK = 1000
DOCUMENT_VERSION_TYPE = "policies.documentversion"


@dataclass(frozen=True)
class ChainReport:
    """How many events the chain holds, its last link, and the first broken link if any."""

    events: int
    head_sequence: int | None
    head_hash: str | None
    first_break: str | None


def audit_chain_verify() -> ChainReport:
    """Walk the chain in sequence order, recomputing every hash; name the first broken link."""
    expected_sequence, expected_previous = 1, GENESIS_HASH
    events, first_break, head = 0, None, None
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=CHUNK):
        events += 1
        problem = _link_problem(event, expected_sequence, expected_previous)
        if first_break is None and problem:
            first_break = f"event #{event.sequence}: {problem}"
        expected_sequence, expected_previous, head = event.sequence + 1, event.hash, event
    return ChainReport(
        events=events,
        head_sequence=head.sequence if head else None,
        head_hash=head.hash if head else None,
        first_break=first_break,
    )


def _link_problem(event: AuditEvent, expected_sequence: int, expected_previous: str) -> str:
    if event.sequence != expected_sequence:
        return f"gap, expected #{expected_sequence} before it"
    if event.previous_hash != expected_previous:
        return "previous_hash mismatch, it does not name the event before it"
    if event.compute_hash() != event.hash:
        return "hash mismatch, its content changed after it was recorded"
    return ""


def document_versions_without_publication_event() -> Iterator[DocumentVersion]:
    """Published versions the application never recorded: rows inserted behind its back."""
    recorded = AuditEvent.objects.filter(
        action=AuditAction.DOCUMENT_PUBLISHED, target_type_label=DOCUMENT_VERSION_TYPE
    ).values("target_id")
    return (
        DocumentVersion.objects.annotate(key=Cast("pk", CharField()))
        .exclude(key__in=recorded)
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )


@dataclass(frozen=True)
class PdfFinding:
    version: DocumentVersion
    problem: str


def document_pdfs_verify() -> Iterator[DocumentVersion | PdfFinding]:
    """Rehash every stored PDF; yield each version checked, or a finding where it fails."""
    versions = DocumentVersion.objects.exclude(pdf_sha256="").order_by("pk")
    for version in versions.iterator(chunk_size=CHUNK):
        measured = measure_stored_file(version.pdf_file)
        if measured is None:
            yield PdfFinding(version, "the stored file is missing")
        elif measured.sha256 != version.pdf_sha256:
            yield PdfFinding(version, "the stored bytes do not match the recorded SHA-256")
        else:
            yield version
