"""Changes to the working copy of the Statement of Applicability: its entries."""

from typing import Any

from django.db import transaction

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.frameworks.models import (
    ANNEX_A_THEMES,
    ISO27001_2022,
    ApplicabilityEntry,
    Control,
)

EDITABLE_FIELDS = ("applicable", "justification", "implementation_status")


@transaction.atomic
def soa_entries_ensure() -> int:
    """Give every Annex A control of ISO/IEC 27001:2022 its entry; return how many were new.

    Idempotent: controls that have one are left alone. Only the Annex A themes get entries (the
    clauses 4-10 are not optional), whatever else the framework holds.
    """
    controls = Control.objects.filter(
        framework__code=ISO27001_2022, group__ref__in=ANNEX_A_THEMES, applicability__isnull=True
    )
    created = [ApplicabilityEntry.objects.create(control=control) for control in controls]
    return len(created)


@transaction.atomic
def soa_entry_update(
    *,
    entry: ApplicabilityEntry,
    by: Any,
    applicable: bool,
    justification: str,
    implementation_status: str,
) -> ApplicabilityEntry:
    """Change an entry's three fields, validated by its constraints, and audit what changed.

    Raises ValidationError (nothing saved) when the entry would break a rule, such as an
    exclusion without a justification. Saving nothing new records nothing.
    """
    entry = (
        ApplicabilityEntry.objects.select_for_update().select_related("control").get(pk=entry.pk)
    )
    values = {
        "applicable": applicable,
        "justification": justification.strip(),
        "implementation_status": implementation_status,
    }
    changed = {
        name: [getattr(entry, name), value]
        for name, value in values.items()
        if getattr(entry, name) != value
    }
    if not changed:
        return entry
    for name, value in values.items():
        setattr(entry, name, value)
    entry.updated_by = by
    entry.full_clean(exclude=["control"])
    entry._history_user = by  # type: ignore[attr-defined]  # django-simple-history's hook
    entry.save()
    audit_record(
        action=AuditAction.SOA_ENTRY_CHANGED,
        actor=by,
        target=entry,
        detail={"control": entry.control.address, "changed": _short_values(changed)},
    )
    return entry


def _short_values(changed: dict[str, list[Any]], limit: int = 300) -> dict[str, list[Any]]:
    """Old and new values for the audit detail, long texts cut (the history keeps them whole)."""
    return {
        name: [value[:limit] if isinstance(value, str) else value for value in pair]
        for name, pair in changed.items()
    }
