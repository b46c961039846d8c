"""Checks behind `manage.py verify_audit_log`: the chain, and every registered record type.

Each check reads in primary-key order and streams, so memory does not grow with the history.
What is checked of each record type is registered by its app (``isms.audit.checks``).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models

from isms.audit.checks import RecordCheck
from isms.audit.models import GENESIS_HASH, AuditEvent
from isms.files.store import measure_stored_file

CHUNK = 1000
MISSING = "the stored file is missing"
MISMATCH = "the stored bytes do not match the recorded SHA-256"


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


def records_without_event(check: RecordCheck) -> Iterator[models.Model]:
    """Records of this type that no creating event names: rows inserted behind our back."""
    recorded = (
        AuditEvent.objects.filter(action__in=check.created_by, target_type_label=check.target_label)
        .annotate(key=check.event_key())
        .values("key")
    )
    return (
        check.records()
        .annotate(record_key=check.record_key())
        .exclude(record_key__in=recorded)
        .iterator(chunk_size=CHUNK)
    )


@dataclass(frozen=True)
class FileCheck:
    """One record's stored file, rehashed: ``problem`` is empty when its bytes are the recorded
    ones."""

    record: models.Model
    storage_name: str
    size: int
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def stored_files_verify(check: RecordCheck) -> Iterator[FileCheck]:
    """Each stored file of this record type, streamed from storage and rehashed, in turn."""
    columns = check.files
    if columns is None:
        return
    rows = check.records().filter(check.with_file).exclude(**{columns.sha256: ""})
    for record in rows.iterator(chunk_size=CHUNK):
        name, sha256 = getattr(record, columns.name), getattr(record, columns.sha256)
        expected_size = getattr(record, columns.size) if columns.size else None
        measured = measure_stored_file(name)
        if measured is None:
            yield FileCheck(record, name, 0, MISSING)
        elif measured.sha256 != sha256 or expected_size not in (None, measured.size):
            yield FileCheck(record, name, measured.size, MISMATCH)
        else:
            yield FileCheck(record, name, measured.size)
