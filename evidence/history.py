"""The history of an evidence row as officers and auditors read it: who changed which field when.

django-simple-history keeps the rows (``Evidence.history``); this turns consecutive records into
the changed fields with their old and new values, newest first.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from evidence.models import Evidence

SHOWN_RECORDS = 50
HIDDEN_FIELDS = {"updated_at", "current_revision"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    by: str
    kind: str
    changes: list[FieldChange]


def evidence_changes(evidence: Evidence) -> list[HistoryEntry]:
    records = list(
        evidence.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : SHOWN_RECORDS + 1
        ]
    )
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = _changes(record, previous) if previous is not None else []
        if previous is not None and not changes:
            continue
        entries.append(
            HistoryEntry(
                at=record.history_date,
                by=_name(record.history_user),
                kind="Created" if previous is None else "Changed",
                changes=changes,
            )
        )
    return entries[:SHOWN_RECORDS]


def _changes(record: Any, previous: Any) -> list[FieldChange]:
    delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
    return [
        FieldChange(
            field=_label(change.field),
            old=_shown(change.old),
            new=_shown(change.new),
        )
        for change in delta.changes
    ]


def _label(name: str) -> str:
    field = Evidence._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)} linked" if value else "none"
    return "" if value is None else str(value)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else "System"
