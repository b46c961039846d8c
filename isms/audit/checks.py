"""What ``manage.py verify_audit_log`` checks of each record type, registered by its own app.

The core does not know the apps' records. Each app describes its record types with a
``RecordCheck`` and registers it in its ``AppConfig.ready()`` (document versions in policies,
SoA versions in frameworks, evidence revisions in evidence, certificates and grants later). Two
checks are then run for every registered type:

- **a record without its event**: each record is created by a service that appends an event in
  the same transaction (``created_by``); a row with no such event was written behind the
  application's back. ``record_key`` and ``event_key`` say how a record and its event name each
  other: by default the event's target is the record itself.
- **stored bytes no longer match**: a type that keeps a file (``files``) has every stored file
  rehashed against the SHA-256 (and size) recorded beside it; a missing file is its own finding,
  and so is a file that two records claim.
- **content no longer as recorded**: a type with ``content`` has each record rehashed against
  the ``content_sha256`` its creating event carries (``isms.audit.content``).
- whatever else the app knows of its records (``findings``), such as a review status that no
  review event gave.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import CharField, F
from django.db.models.functions import Cast


@dataclass(frozen=True)
class StoredFileColumns:
    """Where a record keeps its file: the storage name, the SHA-256 and (if kept) the size."""

    name: str
    sha256: str
    size: str | None = None
    # The action of the event that records the file's SHA-256 when it is stored, if not the
    # creating event (a PDF rendered after its record is published).
    recorded_by: str = ""


def _by_primary_key() -> Any:
    return Cast("pk", CharField())


def _by_event_target() -> Any:
    return F("target_id")


@dataclass(frozen=True)
class RecordCheck:
    """One record type as ``verify_audit_log`` checks it."""

    label: str
    model: type[models.Model]
    created_by: tuple[str, ...]
    # The ``target_type_label`` of the creating events; by default the record's own model.
    event_target: str = ""
    # SQL expressions (of a record, of an event) that are equal when the event names the record.
    record_key: Callable[[], Any] = _by_primary_key
    event_key: Callable[[], Any] = _by_event_target
    files: StoredFileColumns | None = None
    # Which rows keep a file (evidence revisions that are links or notes have none).
    with_file: models.Q = field(default_factory=models.Q)
    # What of a record its creating event hashes (``isms.audit.content.fields_content``).
    content: Callable[[models.Model], Mapping[str, Any]] | None = None
    # More findings the app can make of its records: (record, problem) pairs.
    findings: Callable[[], Iterable[tuple[models.Model, str]]] | None = None

    @property
    def target_label(self) -> str:
        return self.event_target or self.model._meta.label_lower

    def records(self) -> models.QuerySet[models.Model]:
        return self.model._default_manager.order_by("pk")


_checks: dict[str, RecordCheck] = {}


def register_record_check(check: RecordCheck) -> None:
    """Have ``verify_audit_log`` check this record type (call from ``AppConfig.ready``)."""
    _checks[check.model._meta.label_lower] = check


def record_checks() -> list[RecordCheck]:
    """Every registered record type, in the order the apps registered them."""
    return list(_checks.values())


def record_check_for(model: type[models.Model]) -> RecordCheck:
    return _checks[model._meta.label_lower]
