"""Writes to the catalogs: loading catalog files, and the fields of a control that are ours.

New frameworks and new mappings are created. A difference in what is already loaded (a changed
title, a new control in a loaded framework, a changed relation) is applied only when asked
(``update=True``); otherwise the whole load is refused with the list of differences, so a file
edit never changes the catalog silently. Nothing loaded is ever deleted: a reference that has
left its file is an error, since a new edition is a new framework. One transaction: a refusal
or a bad file leaves the database as it was.

Every Annex A control gets its Statement of Applicability entry on the way
(``soa_entries_ensure``). A load that changed anything is audited (``catalog.loaded`` with the
counts, and ``control.changed`` / ``mapping.changed`` for each loaded record it updated), in the
same transaction, so a refused load leaves no event either.

Officers set a control's owner, evidence cadence and products in the admin; ``control_update``
saves them and audits what changed (``control.changed``, old and new values).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.frameworks.catalog_files import (
    CatalogError,
    ControlSpec,
    FrameworkSpec,
    GroupSpec,
    MappingFileSpec,
)
from isms.frameworks.models import Control, ControlGroup, ControlMapping, Framework
from isms.frameworks.refs import ControlAddress, parent_refs, ref_sort_key
from isms.frameworks.soa.services import soa_entries_ensure


class CatalogConflictError(CatalogError):
    """The files differ from what is loaded, and no update was asked for."""

    def __init__(self, differences: list[str]) -> None:
        super().__init__("The catalog files differ from the loaded catalogs.")
        self.differences = differences


@dataclass
class CatalogChanges:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    new_frameworks: set[str] = field(default_factory=set)
    # Loaded controls and mappings this load changed, with {field: [old, new]}.
    changed_records: list[tuple[models.Model, dict[str, list[str]]]] = field(default_factory=list)
    soa_entries_created: int = 0

    @property
    def nothing(self) -> bool:
        return not self.created and not self.updated and not self.soa_entries_created


@transaction.atomic
def catalogs_load(
    *,
    frameworks: Sequence[FrameworkSpec],
    mapping_files: Sequence[MappingFileSpec],
    update: bool = False,
    by: Any = None,
) -> CatalogChanges:
    """Load the specs; ``by`` is who asked (None for the command line), named in the audit."""
    changes = CatalogChanges()
    for spec in frameworks:
        _framework_sync(spec, changes)
    for mapping_file in mapping_files:
        _mappings_sync(mapping_file, changes)
    if changes.updated and not update:
        raise CatalogConflictError(changes.updated)
    changes.soa_entries_created = soa_entries_ensure()
    if not changes.nothing:
        _audit_load(changes, by=by)
    return changes


def _audit_load(changes: CatalogChanges, *, by: Any) -> None:
    for record, changed in changes.changed_records:
        if isinstance(record, Control):
            action, subject = AuditAction.CONTROL_CHANGED, {"control": record.address}
        else:
            assert isinstance(record, ControlMapping)  # noqa: S101 (only these two are tracked)
            action, subject = AuditAction.MAPPING_CHANGED, {"mapping": str(record)}
        audit_record(
            action=action,
            actor=by,
            target=record,
            detail={**subject, "changed": changed, "source": "catalog files"},
        )
    audit_record(
        action=AuditAction.CATALOG_LOADED,
        actor=by,
        detail={
            "new_frameworks": sorted(changes.new_frameworks),
            "created": len(changes.created),
            "updated": len(changes.updated),
            "soa_entries_created": changes.soa_entries_created,
        },
    )


def _framework_sync(spec: FrameworkSpec, changes: CatalogChanges) -> None:
    values = {
        "name": spec.name,
        "edition": spec.edition,
        "kind": spec.kind,
        "description": spec.description,
    }
    framework = Framework.objects.filter(code=spec.code).first()
    if framework is None:
        framework = Framework.objects.create(code=spec.code, **values)
        changes.new_frameworks.add(spec.code)
        changes.created.append(
            f"{spec.code}: new framework, {len(spec.groups)} groups, {len(spec.controls)} controls"
        )
    else:
        _apply(framework, values, spec.code, changes)
    _refuse_removed(framework, spec)
    groups = {group.ref: group for group in framework.groups.all()}
    for group in spec.groups:
        groups[group.ref] = _group_sync(framework, group, groups.get(group.ref), changes)
    # Parents sort before their children, so each child finds its parent in here.
    controls = {control.ref: control for control in framework.controls.select_related("parent")}
    for control in sorted(spec.controls, key=lambda control: ref_sort_key(control.ref)):
        controls[control.ref] = _control_sync(framework, control, groups, controls, changes)


def _refuse_removed(framework: Framework, spec: FrameworkSpec) -> None:
    removed = set(framework.controls.values_list("ref", flat=True)) - {
        control.ref for control in spec.controls
    }
    removed |= set(framework.groups.values_list("ref", flat=True)) - {
        group.ref for group in spec.groups
    }
    if removed:
        listed = ", ".join(sorted(removed, key=ref_sort_key))
        raise CatalogError(
            f"{spec.source}: {listed} loaded in {spec.code} but no longer in the file. Loaded "
            "references are never removed; a new edition is a new framework with its own code."
        )


def _group_sync(
    framework: Framework, spec: GroupSpec, group: ControlGroup | None, changes: CatalogChanges
) -> ControlGroup:
    values = {
        "title": spec.title,
        "description": spec.description,
        "sort_key": ref_sort_key(spec.ref),
    }
    if group is None:
        if _was_loaded(framework, changes):
            changes.updated.append(f"{framework.code}: new group {spec.ref} {spec.title}")
        return ControlGroup.objects.create(framework=framework, ref=spec.ref, **values)
    _apply(group, values, f"{framework.code} group {spec.ref}", changes)
    return group


def _control_sync(
    framework: Framework,
    spec: ControlSpec,
    groups: dict[str, ControlGroup],
    controls: dict[str, Control],
    changes: CatalogChanges,
) -> Control:
    parent = next((controls[ref] for ref in parent_refs(spec.ref) if ref in controls), None)
    values = {
        "title": spec.title,
        "description": spec.description,
        "group": groups[spec.group_ref],
        "parent": parent,
        "sort_key": ref_sort_key(spec.ref),
    }
    address = str(ControlAddress(code=framework.code, ref=spec.ref))
    control = controls.get(spec.ref)
    if control is None:
        if _was_loaded(framework, changes):
            changes.updated.append(f"{address}: new control “{spec.title}”")
        return Control.objects.create(framework=framework, ref=spec.ref, **values)
    _apply(control, values, address, changes)
    return control


def _was_loaded(framework: Framework, changes: CatalogChanges) -> bool:
    """Whether the framework was there before this load (a new one lists no single changes)."""
    return framework.code not in changes.new_frameworks


def _mappings_sync(mapping_file: MappingFileSpec, changes: CatalogChanges) -> None:
    created = 0
    for spec in mapping_file.mappings:
        from_control = _control_at(spec.from_address, mapping_file.source)
        to_control = _control_at(spec.to_address, mapping_file.source)
        values = {"relation": spec.relation, "rationale": spec.rationale}
        mapping = ControlMapping.objects.filter(
            from_control=from_control, to_control=to_control
        ).first()
        if mapping is None:
            ControlMapping.objects.create(
                from_control=from_control, to_control=to_control, **values
            )
            created += 1
        else:
            _apply(mapping, values, f"mapping {spec.from_address} → {spec.to_address}", changes)
    if created:
        changes.created.append(f"{mapping_file.source}: {created} new mappings")


def _control_at(address: ControlAddress, source: str) -> Control:
    try:
        return Control.objects.get_by_address(str(address))
    except Control.DoesNotExist as error:
        raise CatalogError(f"{source}: {error} (unknown reference in a mapping).") from None


def _apply(
    record: models.Model, values: dict[str, Any], label: str, changes: CatalogChanges
) -> None:
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        if name != "sort_key":
            changes.updated.append(
                f"{label}: {name} “{_short(getattr(record, name))}” → “{_short(values[name])}”"
            )
    if changed:
        old = {name: _short(getattr(record, name)) for name in changed if name != "sort_key"}
        for name in changed:
            setattr(record, name, values[name])
        record.save(update_fields=changed)
        if isinstance(record, Control | ControlMapping):
            diff = {name: [before, _short(values[name])] for name, before in old.items()}
            changes.changed_records.append((record, diff))


def _short(value: Any, limit: int = 60) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@transaction.atomic
def control_update(*, control: Control, by: Any, products: Sequence[Any]) -> Control:
    """Save a control's owner and cadence (set on ``control``) and its products; audit what changed.

    Saving nothing new records nothing. django-simple-history keeps the earlier state, credited
    to ``by``.
    """
    before = _control_fields(Control.objects.select_for_update().get(pk=control.pk))
    control._history_user = by  # type: ignore[attr-defined]  # django-simple-history's hook
    control.save()
    control.products.set(products)
    after = _control_fields(control)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        audit_record(
            action=AuditAction.CONTROL_CHANGED,
            actor=by,
            target=control,
            detail={"control": control.address, "changed": changed},
        )
    return control


def _control_fields(control: Control) -> dict[str, Any]:
    """The fields officers edit, as the audit detail names them."""
    return {
        "owner": control.owner.get_username() if control.owner else None,
        "evidence_cadence": control.get_evidence_cadence_display(),
        "products": sorted(product.name for product in control.products.all()),
    }
