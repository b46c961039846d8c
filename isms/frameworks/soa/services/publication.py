"""Publishing the Statement of Applicability: freezing an approved submission as a version."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from isms.audit.actions import AuditAction
from isms.audit.content import record_content_sha256
from isms.audit.services import audit_record
from isms.frameworks.models import (
    ApplicabilityEntry,
    Framework,
    SoaSubmission,
    SoaVersion,
    SoaVersionEntry,
)
from isms.frameworks.soa.rules import check_next_soa_version
from isms.frameworks.soa.selectors import soa_draft_entries
from isms.models import OrganisationSettings
from isms.records.names import display_name, frozen_authors
from isms.records.pdf import record_pdf_queue


def soa_version_freeze(
    *,
    framework: Framework,
    submission: SoaSubmission,
    approved_by: Any,
    authors: list[Any],
    published_at: datetime | None = None,
) -> SoaVersion:
    """Copy the working copy into a new version with the submission's facts; queue its PDF.

    Called only by ``soa_submission_approve``, inside its transaction and after its checks, with
    the framework row locked. The number is checked again against what was published since the
    submission; the unique number catches anything that slips past, as a ValidationError.
    """
    publication = check_next_soa_version(
        number=submission.number,
        effective_date=submission.effective_date,
        change_summary=submission.change_summary,
    )
    entries = list(soa_draft_entries())
    if not entries:
        raise ValidationError("There are no SoA entries to publish.")
    version = _create_version(
        framework=framework,
        number=publication.version,
        effective_date=publication.effective_date,
        published_at=published_at or timezone.now(),
        by=submission.submitted_by,
        published_by_name=submission.submitted_by_name,
        approved_by=approved_by,
        authors=frozen_authors(authors),
        change_summary=submission.change_summary,
        classification=submission.classification,
    )
    SoaVersionEntry.objects.bulk_create(_frozen(version, entry) for entry in entries)
    audit_record(
        action=AuditAction.SOA_PUBLISHED,
        actor=approved_by,
        target=version,
        detail={
            "version": version.number,
            "effective_date": version.effective_date,
            "submitted_by": version.published_by_name,
            "approved_by": version.approved_by_name,
            "authors": version.author_names,
            "controls": len(entries),
            "applicable": sum(entry.applicable for entry in entries),
            "content_sha256": record_content_sha256(version),
        },
    )
    record_pdf_queue(version)
    return version


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
