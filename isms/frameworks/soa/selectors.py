"""Reads of the Statement of Applicability, with what each page shows fetched in fixed queries."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from isms.frameworks.models import (
    ApplicabilityEntry,
    ImplementationStatus,
    SoaSubmission,
    SoaSubmissionStatus,
    SoaVersionEntry,
)


def soa_draft_entries() -> QuerySet[ApplicabilityEntry]:
    """The working copy, in reference order, with each control's framework and theme."""
    return ApplicabilityEntry.objects.select_related(
        "control__framework", "control__group"
    ).order_by("control__sort_key")


def soa_draft_fingerprint() -> str:
    """SHA-256 of what the working copy says, control by control: what a submission freezes.

    Two readings give the same value exactly when no entry's applicability, justification or
    status differs, so an approval can tell whether the entries changed since they were
    submitted.
    """
    rows = ApplicabilityEntry.objects.order_by("control_id").values_list(
        "control_id", "applicable", "justification", "implementation_status"
    )
    canonical = json.dumps([list(row) for row in rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def soa_pending_submission() -> SoaSubmission | None:
    """The submission awaiting approval, if any (there is at most one)."""
    return (
        SoaSubmission.objects.filter(status=SoaSubmissionStatus.PENDING)
        .select_related("requested_approver")
        .first()
    )


def soa_version_entries(version_id: int) -> QuerySet[SoaVersionEntry]:
    return SoaVersionEntry.objects.filter(version_id=version_id).order_by("sort_key")


@dataclass(frozen=True)
class SoaSummary:
    """The counts an officer reads above the listing: what applies and how far it has got."""

    total: int
    applicable: int
    excluded: int
    implemented: int
    partial: int
    planned: int
    not_started: int


def soa_summary(entries: QuerySet[ApplicabilityEntry] | QuerySet[SoaVersionEntry]) -> SoaSummary:
    status = ImplementationStatus
    # Prefixed: an aggregate may not share its name with a field (applicable).
    counts = entries.order_by().aggregate(
        n_total=Count("pk"),
        n_applicable=Count("pk", filter=Q(applicable=True)),
        n_excluded=Count("pk", filter=Q(applicable=False)),
        n_implemented=Count("pk", filter=Q(implementation_status=status.IMPLEMENTED)),
        n_partial=Count("pk", filter=Q(implementation_status=status.PARTIAL)),
        n_planned=Count("pk", filter=Q(implementation_status=status.PLANNED)),
        n_not_started=Count("pk", filter=Q(implementation_status=status.NOT_STARTED)),
    )
    return SoaSummary(**{name.removeprefix("n_"): value for name, value in counts.items()})
