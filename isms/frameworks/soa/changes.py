"""What the working copy changes against the last published version, entry by entry.

The approver of a submission reads this before deciding: which controls were added (new in the
catalog, or no version yet), which were excluded or brought back into scope, and which changed
their justification or status, with the old and new text side by side. Two queries, whatever
the number of entries.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from isms.frameworks.models import ImplementationStatus, SoaVersion, SoaVersionEntry
from isms.frameworks.soa.selectors import soa_draft_entries


class ChangeKind(StrEnum):
    ADDED = "added"
    EXCLUDED = "excluded"
    INCLUDED = "included"
    CHANGED = "changed"


@dataclass(frozen=True)
class EntryState:
    """One control's answer, as published or as it stands now."""

    applicable: bool
    implementation_status: str
    justification: str

    @property
    def status_label(self) -> str:
        return ImplementationStatus(self.implementation_status).label


@dataclass(frozen=True)
class EntryChange:
    ref: str
    title: str
    kind: ChangeKind
    before: EntryState | None
    after: EntryState

    @property
    def justification_changed(self) -> bool:
        return self.before is None or self.before.justification != self.after.justification

    @property
    def status_changed(self) -> bool:
        return (
            self.before is None
            or self.before.implementation_status != self.after.implementation_status
        )


@dataclass(frozen=True)
class SoaChanges:
    since: SoaVersion | None
    changes: list[EntryChange] = field(default_factory=list)
    unchanged: int = 0

    def of_kind(self, kind: ChangeKind) -> list[EntryChange]:
        return [change for change in self.changes if change.kind == kind]

    @property
    def added(self) -> list[EntryChange]:
        return self.of_kind(ChangeKind.ADDED)

    @property
    def excluded(self) -> list[EntryChange]:
        return self.of_kind(ChangeKind.EXCLUDED)

    @property
    def included(self) -> list[EntryChange]:
        return self.of_kind(ChangeKind.INCLUDED)

    @property
    def changed(self) -> list[EntryChange]:
        return self.of_kind(ChangeKind.CHANGED)


def soa_changes_since(version: SoaVersion | None) -> SoaChanges:
    """Every entry of the working copy that differs from ``version`` (None: all are added)."""
    published: dict[int, EntryState] = {}
    if version is not None:
        rows = SoaVersionEntry.objects.filter(version=version).values_list(
            "control_id", "applicable", "implementation_status", "justification"
        )
        published = {
            control_id: EntryState(applicable, status, justification)
            for control_id, applicable, status, justification in rows
        }
    changes: list[EntryChange] = []
    unchanged = 0
    for entry in soa_draft_entries():
        now = EntryState(entry.applicable, entry.implementation_status, entry.justification)
        before = published.get(entry.control_id)
        kind = _kind(before, now)
        if kind is None:
            unchanged += 1
            continue
        changes.append(EntryChange(entry.control.ref, entry.control.title, kind, before, now))
    return SoaChanges(since=version, changes=changes, unchanged=unchanged)


def _kind(before: EntryState | None, now: EntryState) -> ChangeKind | None:
    if before is None:
        return ChangeKind.ADDED
    if before == now:
        return None
    if before.applicable and not now.applicable:
        return ChangeKind.EXCLUDED
    if not before.applicable and now.applicable:
        return ChangeKind.INCLUDED
    return ChangeKind.CHANGED
