"""Publishing the Statement of Applicability in two steps: an officer submits, another approves.

Every step locks the framework row first (then the submission), so a submission, a decision and
a publication are settled one after the other, whoever clicks at the same moment; a partial
unique constraint keeps a second pending submission out even past the lock. Each step is
audited and tells the people it concerns by e-mail, after the transaction commits.
"""

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.frameworks.models import (
    ISO27001_2022,
    ApplicabilityEntry,
    Framework,
    SoaSubmission,
    SoaSubmissionStatus,
    SoaVersion,
)
from isms.frameworks.soa.rules import (
    PUBLISH_PERMISSION,
    check_next_soa_version,
    check_soa_approver,
    check_soa_decider,
    soa_change_authors,
)
from isms.frameworks.soa.selectors import soa_draft_fingerprint
from isms.frameworks.soa.services.publication import soa_version_freeze
from isms.notify.links import admin_link
from isms.notify.services import notification_send
from isms.records.classification import Classification
from isms.records.names import display_name
from isms.roles import Role


@transaction.atomic
def soa_version_submit(
    *,
    by: Any,
    number: str,
    effective_date: date | None,
    change_summary: str,
    requested_approver: Any = None,
    classification: str = Classification.CONFIDENTIAL,
) -> SoaSubmission:
    """Ask for the working copy to be published as version ``number``; tell the approvers.

    Every rule is checked now, as far as it can be before the decision (the number, the date,
    the approver asked), so the submitter hears of a mistake at once rather than from the
    approver. Raises ValidationError keyed by field, nothing written.
    """
    _locked_framework()
    if not by.has_perm(PUBLISH_PERMISSION):
        raise ValidationError("Only a compliance officer may submit a Statement of Applicability.")
    _refuse_second_pending()
    authors = soa_change_authors()
    errors: dict[str, list[str]] = {}
    publication = _collect(
        errors,
        lambda: check_next_soa_version(
            number=number, effective_date=effective_date, change_summary=change_summary
        ),
    )
    if requested_approver is not None:
        _collect(
            errors,
            lambda: check_soa_approver(publisher=by, approver=requested_approver, authors=authors),
            rename={"approved_by": "requested_approver"},
        )
    if not ApplicabilityEntry.objects.exists():
        errors.setdefault("__all__", []).append("There are no SoA entries to publish.")
    if errors or publication is None:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            submission = SoaSubmission.objects.create(
                major=publication.version.major,
                minor=publication.version.minor,
                effective_date=publication.effective_date,
                change_summary=change_summary.strip(),
                classification=classification,
                submitted_by=by,
                submitted_by_name=display_name(by),
                submitted_at=timezone.now(),
                requested_approver=requested_approver,
                entries_sha256=soa_draft_fingerprint(),
            )
    except IntegrityError:
        _refuse_second_pending()
        raise
    audit_record(
        action=AuditAction.SOA_SUBMITTED,
        actor=by,
        target=submission,
        detail={
            "version": submission.number,
            "effective_date": submission.effective_date,
            "change_summary": submission.change_summary,
            "requested_approver": display_name(requested_approver) or "any compliance officer",
            "authors": [display_name(author) for author in authors],
            "entries_sha256": submission.entries_sha256,
        },
    )
    _tell(
        submission,
        template="frameworks/soa/mail/submitted",
        subject=f"Please approve the Statement of Applicability {submission.number}",
        to=_approvers_to_ask(submission, authors=authors),
        by=by,
    )
    return submission


@transaction.atomic
def soa_submission_approve(
    *,
    submission: SoaSubmission,
    by: Any,
    comment: str = "",
    published_at: datetime | None = None,
) -> SoaVersion:
    """Approve a pending submission as ``by`` and publish it: the version is frozen now.

    Refused (ValidationError, nothing written) when the submission was decided meanwhile, when
    ``by`` may not approve it (``check_soa_decider``), or when the entries changed since they
    were submitted: the approver approves exactly what was submitted. ``published_at`` is for
    the demo loader.
    """
    framework = _locked_framework()
    submission = _locked_pending(submission)
    authors = soa_change_authors()
    check_soa_decider(submission=submission, decider=by, authors=authors)
    if soa_draft_fingerprint() != submission.entries_sha256:
        raise ValidationError(
            "The entries changed after this version was submitted, so approving it would "
            "publish something nobody submitted. Send it back; "
            f"{submission.submitted_by_name} can then submit the entries as they are now.",
            code="entries_changed",
        )
    audit_record(
        action=AuditAction.SOA_APPROVED,
        actor=by,
        target=submission,
        detail={"version": submission.number, "comment": comment.strip()[:500]},
    )
    version = soa_version_freeze(
        framework=framework,
        submission=submission,
        approved_by=by,
        authors=authors,
        published_at=published_at,
    )
    _decide(
        submission, status=SoaSubmissionStatus.APPROVED, by=by, comment=comment, version=version
    )
    _tell(
        submission,
        template="frameworks/soa/mail/decided",
        subject=f"Statement of Applicability {submission.number} approved and published",
        to=[submission.submitted_by],
        by=by,
    )
    return version


@transaction.atomic
def soa_submission_send_back(*, submission: SoaSubmission, by: Any, comment: str) -> SoaSubmission:
    """Send a pending submission back to its submitter with a comment saying what to change."""
    _locked_framework()
    submission = _locked_pending(submission)
    if not comment.strip():
        raise ValidationError(
            {"comment": "Say what should change, so the submitter knows what to do."}
        )
    check_soa_decider(
        submission=submission, decider=by, authors=soa_change_authors(), approving=False
    )
    _decide(submission, status=SoaSubmissionStatus.SENT_BACK, by=by, comment=comment)
    audit_record(
        action=AuditAction.SOA_SENT_BACK,
        actor=by,
        target=submission,
        detail={"version": submission.number, "comment": submission.comment[:500]},
    )
    _tell(
        submission,
        template="frameworks/soa/mail/decided",
        subject=f"Statement of Applicability {submission.number} sent back",
        to=[submission.submitted_by],
        by=by,
    )
    return submission


@transaction.atomic
def soa_submission_withdraw(*, submission: SoaSubmission, by: Any) -> SoaSubmission:
    """The submitter takes a pending submission back (to change entries, or to ask someone else)."""
    _locked_framework()
    submission = _locked_pending(submission)
    if by.pk != submission.submitted_by_id:
        raise ValidationError(
            f"Only {submission.submitted_by_name}, who submitted it, can withdraw this version. "
            "You can send it back with a comment instead."
        )
    _decide(submission, status=SoaSubmissionStatus.WITHDRAWN, by=by, comment="")
    audit_record(
        action=AuditAction.SOA_WITHDRAWN,
        actor=by,
        target=submission,
        detail={"version": submission.number},
    )
    return submission


def _locked_framework() -> Framework:
    framework = Framework.objects.select_for_update().filter(code=ISO27001_2022).first()
    if framework is None:
        raise ValidationError("Load the ISO/IEC 27001:2022 catalog before publishing the SoA.")
    return framework


def _locked_pending(submission: SoaSubmission) -> SoaSubmission:
    locked = (
        SoaSubmission.objects.select_for_update(of=("self",))
        .select_related("submitted_by", "requested_approver")
        .get(pk=submission.pk)
    )
    if not locked.is_pending:
        who = f" by {locked.decided_by_name}" if locked.decided_by_name else ""
        raise ValidationError(
            f"This submission was {locked.get_status_display().lower()}{who} already; there is "
            "nothing left to decide.",
            code="already_decided",
        )
    return locked


def _refuse_second_pending() -> None:
    pending = SoaSubmission.objects.filter(status=SoaSubmissionStatus.PENDING).first()
    if pending is not None:
        raise ValidationError(
            f"Version {pending.number}, submitted by {pending.submitted_by_name}, is awaiting "
            "approval. It must be approved, sent back or withdrawn before another is submitted.",
            code="pending_exists",
        )


def _decide(
    submission: SoaSubmission,
    *,
    status: str,
    by: Any,
    comment: str,
    version: SoaVersion | None = None,
) -> None:
    """Record the decision in one write: the database lets the decision be filled only once."""
    submission.status = status
    submission.version = version
    submission.decided_by_name = display_name(by)
    submission.decided_at = timezone.now()
    submission.comment = comment.strip()
    submission.save(
        update_fields=[
            "status",
            "decided_by_name",
            "decided_at",
            "comment",
            "version",
        ]
    )


def _collect(errors: dict[str, list[str]], check: Any, rename: dict[str, str] | None = None) -> Any:
    """Run one rule; keep its messages under the submission's field names and go on."""
    try:
        return check()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault((rename or {}).get(name, name), []).extend(messages)
        return None


def _approvers_to_ask(submission: SoaSubmission, *, authors: list[Any]) -> list[Any]:
    if submission.requested_approver is not None:
        return [submission.requested_approver]
    excluded = {submission.submitted_by_id, *(author.pk for author in authors)}
    officers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COMPLIANCE_OFFICER.value)
        .exclude(pk__in=[pk for pk in excluded if pk is not None])
        .order_by("email")
        .distinct()
    )
    return list(officers)


def _tell(
    submission: SoaSubmission, *, template: str, subject: str, to: list[Any], by: Any
) -> None:
    recipients = [person for person in to if person is not None]
    notification_send(
        template=template,
        subject=subject,
        to=recipients,
        context={
            "submission": submission,
            "review_url": admin_link("soa_versions:submission", submission.pk),
        },
        about=submission,
        by=by,
    )
