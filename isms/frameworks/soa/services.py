"""Writes to the Statement of Applicability: entries, publication, and the PDF of a version."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from isms.audit.actions import AuditAction
from isms.audit.content import record_content_sha256
from isms.audit.services import audit_record
from isms.frameworks.models import (
    ANNEX_A_THEMES,
    ISO27001_2022,
    ApplicabilityEntry,
    Control,
    Framework,
    SoaVersion,
    SoaVersionEntry,
)
from isms.frameworks.soa.rules import (
    check_next_soa_version,
    check_soa_approver,
    soa_change_authors,
)
from isms.frameworks.soa.selectors import soa_draft_entries
from isms.models import OrganisationSettings
from isms.records.classification import Classification
from isms.records.names import display_name, frozen_authors
from isms.records.pdf import record_pdf_queue

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


@transaction.atomic
def soa_version_publish(
    *,
    by: Any,
    approved_by: Any,
    number: str,
    effective_date: Any,
    change_summary: str,
    classification: str = Classification.CONFIDENTIAL,
    published_at: datetime | None = None,
) -> SoaVersion:
    """Freeze the current entries as a numbered, approved version, and queue its PDF.

    The version freezes its authors, everyone who changed an entry since the last version, and
    the approver may be neither one of them nor the publisher (four eyes). The framework row is
    locked, so two publications are decided one after the other: the
    second sees the first's number and is refused. The unique number catches anything that
    slips past (another framework's lock), also as a ValidationError. `published_at` is for the
    demo loader; it defaults to now.
    """
    framework = Framework.objects.select_for_update().filter(code=ISO27001_2022).first()
    if framework is None:
        raise ValidationError("Load the ISO/IEC 27001:2022 catalog before publishing the SoA.")
    authors = soa_change_authors()
    publication = _checked(
        by=by,
        approved_by=approved_by,
        authors=authors,
        number=number,
        effective_date=effective_date,
        change_summary=change_summary,
    )
    entries = list(soa_draft_entries())
    if not entries:
        raise ValidationError("There are no SoA entries to publish.")
    version = _create_version(
        framework=framework,
        number=publication.version,
        effective_date=publication.effective_date,
        published_at=published_at or timezone.now(),
        by=by,
        approved_by=approved_by,
        authors=frozen_authors(authors),
        change_summary=change_summary.strip(),
        classification=classification,
    )
    SoaVersionEntry.objects.bulk_create(_frozen(version, entry) for entry in entries)
    audit_record(
        action=AuditAction.SOA_PUBLISHED,
        actor=by,
        target=version,
        detail={
            "version": version.number,
            "effective_date": version.effective_date,
            "approved_by": version.approved_by_name,
            "authors": version.author_names,
            "controls": len(entries),
            "applicable": sum(entry.applicable for entry in entries),
            "content_sha256": record_content_sha256(version),
        },
    )
    record_pdf_queue(version)
    return version


def _checked(*, by: Any, approved_by: Any, authors: list[Any], **publication: Any) -> Any:
    """Every rule at once, so the form shows all that is wrong in one go."""
    errors: dict[str, list[str]] = {}
    checked = None
    for check in (
        lambda: check_soa_approver(publisher=by, approver=approved_by, authors=authors),
        lambda: check_next_soa_version(**publication),
    ):
        try:
            checked = check() or checked
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _create_version(
    *, framework: Framework, number: Any, by: Any, approved_by: Any, **fields: Any
) -> SoaVersion:
    try:
        with transaction.atomic():
            return SoaVersion.objects.create(
                framework=framework,
                major=number.major,
                minor=number.minor,
                published_by=by,
                published_by_name=display_name(by),
                approved_by=approved_by,
                approved_by_name=display_name(approved_by),
                publisher=OrganisationSettings.load().name,
                **fields,
            )
    except IntegrityError:
        raise ValidationError(
            {"number": f"Version {number} was published a moment ago by someone else."}
        ) from None


def _frozen(version: SoaVersion, entry: ApplicabilityEntry) -> SoaVersionEntry:
    control = entry.control
    return SoaVersionEntry(
        version=version,
        control=control,
        address=control.address,
        ref=control.ref,
        title=control.title,
        theme_ref=control.group.ref,
        theme_title=control.group.title,
        sort_key=control.sort_key,
        applicable=entry.applicable,
        justification=entry.justification,
        implementation_status=entry.implementation_status,
    )


def soa_downloaded(*, by: Any, version: SoaVersion | None, file_format: str) -> None:
    """Record a download of a version (or of the working copy, ``version=None``) in the trail.

    The PDF's downloads are recorded by ``isms.records.downloads`` as it serves the stored file;
    the CSV is written on the fly from the rows, so its view records it here.
    """
    audit_record(
        action=AuditAction.SOA_DOWNLOADED,
        actor=by,
        target=version,
        detail={"version": version.number if version else "working copy", "format": file_format},
    )
