"""The history of an evidence row as officers and auditors read it: who changed which field when.

django-simple-history keeps the rows (``Evidence.history``); this turns consecutive records into
the changed fields with their old and new values, newest first.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from evidence.models import Evidence
from isms.times import admin_time

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
            old=_shown(change.field, change.old),
            new=_shown(change.field, change.new),
        )
        for change in delta.changes
    ]


def _label(name: str) -> str:
    field = Evidence._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _shown(name: str, value: Any) -> str:
    """A stored value as officers read it: choices by label, people and controls by name."""
    field: Any = Evidence._meta.get_field(name)
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return _linked(field, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return _name(related) if related is not None else f"#{value}"
    if isinstance(value, datetime.datetime):
        return admin_time(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d %b %Y")
    return str(value)


def _linked(field: Any, links: list[dict[str, Any]]) -> str:
    key = field.related_model._meta.model_name
    ids = [link[key] for link in links if key in link]
    related = field.related_model._default_manager.filter(pk__in=ids)
    if key == "control":
        related = related.select_related("framework")
        return ", ".join(sorted(control.address for control in related)) or "none"
    return ", ".join(sorted(str(item) for item in related)) or "none"


def _name(user: Any) -> str:
    if user is None:
        return "System"
    if hasattr(user, "get_full_name"):
        return str(user.get_full_name() or user.get_username())
    return str(user)
