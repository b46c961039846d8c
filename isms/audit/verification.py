"""Checks behind `manage.py verify_audit_log`: the chain, and every registered record type.

Each check reads in primary-key order and streams, so memory does not grow with the history.
What is checked of each record type is registered by its app (``isms.audit.checks``).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import models
from django.db.models import Count, Min
from django.db.models.fields.json import KeyTextTransform

from isms.audit.checkpoints import Checkpoint, audit_checkpoints_read
from isms.audit.checks import RecordCheck
from isms.audit.content import content_sha256
from isms.audit.keys import ChainKey, chain_keys
from isms.audit.models import GENESIS_HASH, AuditEvent
from isms.files.store import measure_stored_file

CHUNK = 1000
MISSING = "the stored file is missing"
MISMATCH = "the stored bytes do not match the recorded SHA-256"


@dataclass(frozen=True)
class ChainReport:
    """How many events the chain holds, its last link, and every broken link."""

    events: int
    head_sequence: int | None
    head_hash: str | None
    breaks: list[str] = field(default_factory=list)
    unkeyed: int = 0

    @property
    def first_break(self) -> str | None:
        return self.breaks[0] if self.breaks else None


def audit_chain_verify() -> ChainReport:
    """Walk the chain in sequence order, recomputing every link under its key; name each break."""
    keys = chain_keys()
    expected = _Expected()
    events, unkeyed, breaks, head = 0, 0, [], None
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=CHUNK):
        events += 1
        unkeyed += not event.key_id
        problem = _link_problem(event, expected) or _signature_problem(event, expected, keys)
        if problem:
            breaks.append(f"event #{event.sequence}: {problem}")
        keyed = expected.keyed or bool(event.key_id)
        expected = _Expected(event.sequence + 1, event.hash, event.next_key_id, keyed)
        head = event
    return ChainReport(
        events=events,
        head_sequence=head.sequence if head else None,
        head_hash=head.hash if head else None,
        breaks=breaks,
        unkeyed=unkeyed,
    )


class _Expected(NamedTuple):
    """What the next event must carry: its number, its predecessor's hash, its key."""

    sequence: int = 1
    previous_hash: str = GENESIS_HASH
    key_id: str = ""
    keyed: bool = False


def _link_problem(event: AuditEvent, expected: _Expected) -> str:
    if event.sequence != expected.sequence:
        return f"gap, expected #{expected.sequence} before it"
    if event.previous_hash != expected.previous_hash:
        return "previous_hash mismatch, it does not name the event before it"
    return ""


def _signature_problem(event: AuditEvent, expected: _Expected, keys: dict[str, ChainKey]) -> str:
    if not event.key_id and expected.keyed:
        return "unsigned, after the trail was signed: written without the key"
    if event.key_id and expected.key_id and event.key_id != expected.key_id:
        return (
            f"signed with key {event.key_id} where its segment is signed with "
            f"{expected.key_id}, and no rotation event between"
        )
    if event.key_id and event.key_id not in keys:
        return f"signed with key {event.key_id}, which this server does not hold"
    if event.compute_hash(keys.get(event.key_id)) != event.hash:
        return "its HMAC does not match: changed after it was recorded, or written without the key"
    return ""


@dataclass(frozen=True)
class CheckpointReport:
    """The checkpoints read back from outside the database, the newest, and what they show."""

    checkpoints: int
    latest: Checkpoint | None
    findings: list[str]


def audit_checkpoints_verify(chain: ChainReport) -> CheckpointReport:
    """Each checkpoint's signature, then whether the trail still holds the head it saw."""
    keys, findings, valid = chain_keys(), [], []
    for name, checkpoint in audit_checkpoints_read():
        problem = _checkpoint_problem(checkpoint, keys)
        if problem:
            findings.append(f"checkpoint {name}: {problem}")
        elif checkpoint is not None:
            valid.append((name, checkpoint))
    hashes = dict(
        AuditEvent.objects.filter(sequence__in=[cp.sequence for _, cp in valid]).values_list(
            "sequence", "hash"
        )
    )
    for name, checkpoint in valid:
        problem = _trail_against(checkpoint, hashes, chain)
        if problem:
            findings.append(f"checkpoint {name} of {checkpoint.written_at}: {problem}")
    latest = max((cp for _, cp in valid), key=lambda cp: cp.sequence, default=None)
    return CheckpointReport(checkpoints=len(valid), latest=latest, findings=findings)


def _checkpoint_problem(checkpoint: Checkpoint | None, keys: dict[str, ChainKey]) -> str:
    if checkpoint is None:
        return "not a checkpoint (unreadable JSON or missing fields)"
    key = keys.get(checkpoint.signed_with)
    if key is None:
        return f"signed with key {checkpoint.signed_with}, which this server does not hold"
    if not checkpoint.verifies_under(key):
        return "its signature does not verify: forged or altered"
    return ""


def _trail_against(checkpoint: Checkpoint, hashes: dict[int, str], chain: ChainReport) -> str:
    if checkpoint.sequence not in hashes:
        return (
            f"it saw event #{checkpoint.sequence}, but the trail ends at "
            f"#{chain.head_sequence or 0}: events were cut off the end"
        )
    if hashes[checkpoint.sequence] != checkpoint.hash:
        return (
            f"event #{checkpoint.sequence} no longer has the hash it had then: the trail up to it "
            "was rewritten"
        )
    return ""


def records_without_event(check: RecordCheck) -> Iterator[models.Model]:
    """Records of this type that no creating event names: rows inserted behind our back."""
    recorded = _creating_events(check).values("key")  # type: ignore[misc]
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


def records_with_changed_content(check: RecordCheck) -> Iterator[tuple[models.Model, str]]:
    """Records whose content no longer hashes to the ``content_sha256`` of their creating event.

    A creating event signed with a key (so written since events carry content hashes) that has
    none is a finding too; older events without one are passed over.
    """
    if check.content is None:
        return
    recorded = {
        key: (content, bool(key_id))
        for key, content, key_id in _creating_events(check)
        .annotate(content=KeyTextTransform("content_sha256", "detail"))
        .values_list("key", "content", "key_id")
    }
    records = check.records().annotate(record_key=check.record_key())
    for record in records.iterator(chunk_size=CHUNK):
        expected, keyed = recorded.get(record.record_key, (None, False))
        if not expected:
            if keyed:
                yield record, "its creating event carries no content hash"
            continue
        if content_sha256(check.content(record)) != expected:
            yield record, "its content is not what its creating event recorded: rewritten"


def stored_file_hashes_not_recorded(check: RecordCheck) -> Iterator[tuple[models.Model, str]]:
    """Records whose file's SHA-256 column is not the one the event that stored it recorded."""
    columns = check.files
    if columns is None or not columns.recorded_by:
        return
    recorded = dict(
        AuditEvent.objects.filter(action=columns.recorded_by, target_type_label=check.target_label)
        .annotate(sha256=KeyTextTransform("sha256", "detail"))
        .values_list("target_id", "sha256")
    )
    rows = check.records().filter(check.with_file).exclude(**{columns.sha256: ""})
    for record in rows.iterator(chunk_size=CHUNK):
        expected = recorded.get(str(record.pk))
        if expected is None:
            yield record, f"no {columns.recorded_by} event records its file"
        elif expected != getattr(record, columns.sha256):
            yield record, "its file's SHA-256 is not the one recorded when it was stored"


def records_sharing_a_file(check: RecordCheck) -> Iterator[tuple[models.Model, str]]:
    """Records naming a stored file an earlier record of the type already names: every file is
    stored under a name of its own, so a second claim on it was written behind our back."""
    columns = check.files
    if columns is None:
        return
    rows = check.records().filter(check.with_file).exclude(**{columns.name: ""})
    shared = rows.values(columns.name).annotate(claims=Count("pk")).filter(claims__gt=1).order_by()
    first_claim = dict(
        rows.filter(**{f"{columns.name}__in": shared.values(columns.name)})
        .values(columns.name)
        .annotate(first=Min("pk"))
        .values_list(columns.name, "first")
        .order_by()
    )
    claims = rows.filter(**{f"{columns.name}__in": list(first_claim)})
    for record in claims.iterator(chunk_size=CHUNK):
        name = getattr(record, columns.name)
        if record.pk != first_claim[name]:
            yield record, f"it reuses the stored file of record id {first_claim[name]} ({name})"


def _creating_events(check: RecordCheck) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        action__in=check.created_by, target_type_label=check.target_label
    ).annotate(key=check.event_key())
