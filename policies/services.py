"""Writes to published document versions: recording a publication, attaching its PDF, and
reminding the officers of reviews."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from wagtail.models import Page, Revision

from isms.audit.actions import AuditAction
from isms.audit.content import record_content_sha256
from isms.audit.services import audit_record
from isms.models import OrganisationSettings
from isms.notify.services import notification_send
from isms.records.names import display_name, frozen_authors
from isms.records.pdf import record_pdf_queue
from isms.roles import Role
from policies.models import (
    DocumentVersion,
    ReviewReminder,
    ReviewReminderThreshold,
    VersionedDocumentPage,
)
from policies.reviews import ReviewDue, next_review_date
from policies.rules import (
    change_authors,
    check_four_eyes,
    check_next_publication,
    check_restricted_if_classified,
    review_advice,
    review_approvals,
)
from policies.selectors import versions_due_for_review


@transaction.atomic
def document_version_record(
    *,
    page: VersionedDocumentPage,
    revision: Revision,
    approved_by: Any,
    published_at: datetime | None = None,
) -> DocumentVersion:
    """Freeze a just-published revision as an immutable version, and queue its PDF.

    Runs inside the publishing transaction: if the version is not acceptable, the publication is
    rolled back with it. The page row is locked so that two publications of the same page are
    decided one after the other; the unique constraint catches anything that slips past.
    `published_at` is for the demo loader, whose history is set in the past; it defaults to now.
    """
    Page.objects.select_for_update().filter(pk=page.pk).first()
    content: VersionedDocumentPage = revision.as_object()
    publication = check_next_publication(
        page=page,
        version_text=content.version_number,
        effective_date=content.effective_date,
        change_summary=content.change_summary,
    )
    check_restricted_if_classified(
        page=page, classification=content.classification, title=content.title
    )
    authors = change_authors(page=page, up_to=revision)
    approvals = list(review_approvals(page=page, revision=revision))
    workflow_state = approvals[-1].workflow_state if approvals else None
    check_four_eyes(
        authors=authors,
        approver=approved_by,
        advice=review_advice(workflow_state=workflow_state, approver=approved_by),
    )
    record = DocumentVersion.objects.create(
        page=page,
        revision=revision,
        major=publication.version.major,
        minor=publication.version.minor,
        effective_date=publication.effective_date,
        published_at=published_at or timezone.now(),
        approved_by=approved_by,
        approved_by_name=display_name(approved_by),
        authors=frozen_authors(authors),
        publisher=OrganisationSettings.load().name,
        kind=page.kind,
        title=content.title,
        slug=content.slug,
        summary=content.summary,
        change_summary=content.change_summary,
        body_html=content.render_body_html(),
        **_governance(content, effective_date=publication.effective_date),
    )
    _audit_publication(record=record, revision=revision, approvals=approvals)
    record_pdf_queue(record)
    return record


def _governance(content: VersionedDocumentPage, *, effective_date: date) -> dict[str, Any]:
    """Who owns the document, who may read it, and when this version must be reviewed."""
    return {
        "document_owner": content.document_owner,
        "classification": content.classification,
        "next_review_date": next_review_date(
            effective_date=effective_date, interval_months=content.review_interval_months
        ),
    }


def publication_approver(revision: Revision, *, published_by: Any = None) -> Any:
    """Who approved the publication of a revision, whichever path published it.

    Through the review workflow it is whoever approved the last task; when publishing was
    scheduled, whoever scheduled it; otherwise whoever published it: `published_by` when the
    publication went through `Page.publish`, else the author of the revision Wagtail's editor
    saves just before publishing (the admin API, which publishes a draft as it is, is refused).
    """
    from wagtail.models import PageLogEntry

    approval = review_approvals(page=revision.content_object, revision=revision).last()
    if approval is not None and approval.finished_by is not None:
        return approval.finished_by
    scheduled = (
        PageLogEntry.objects.filter(revision=revision, action="wagtail.publish.schedule")
        .select_related("user")
        .order_by("-timestamp")
        .first()
    )
    if scheduled is not None:
        return scheduled.user
    return published_by or revision.user


@transaction.atomic
def review_reminders_send(*, today: date) -> list[ReviewDue]:
    """E-mail the compliance officers the reviews that came due or went overdue since last time.

    Each version is mentioned once when its review comes within the notice period and once more
    when it is overdue (a ReviewReminder row each), so running this daily does not repeat itself.
    The mail goes through `isms.notify` after the transaction commits, so a run that fails
    before then records nothing and the next run repeats it; a delivery that fails later stays
    in the task backend's results (`manage.py db_worker` logs it).
    """
    due = [ReviewDue(version=v, today=today) for v in versions_due_for_review(today=today)]
    sent = set(
        ReviewReminder.objects.filter(version__in=[review.version for review in due]).values_list(
            "version_id", "threshold"
        )
    )
    reviews = [review for review in due if (review.version.pk, _threshold(review)) not in sent]
    if not reviews:
        return []
    message = notification_send(
        template="policies/mail/review_reminder",
        subject=_reminder_subject(reviews),
        to=_officers(),
        context={"reviews": reviews},
    )
    if message is None:
        return []
    ReviewReminder.objects.bulk_create(
        ReviewReminder(version=review.version, threshold=_threshold(review), sent_at=timezone.now())
        for review in reviews
    )
    return reviews


def _threshold(review: ReviewDue) -> ReviewReminderThreshold:
    if review.is_overdue:
        return ReviewReminderThreshold.OVERDUE
    return ReviewReminderThreshold.DUE_SOON


def _officers() -> list[AbstractBaseUser]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COMPLIANCE_OFFICER.value)
        .exclude(email="")
        .order_by("email")
        .distinct()
    )


def _reminder_subject(reviews: list[ReviewDue]) -> str:
    overdue = sum(review.is_overdue for review in reviews)
    count = f"{len(reviews)} document review{pluralize(len(reviews))}"
    return f"{count} due" + (f", {overdue} overdue" if overdue else "")


def _audit_publication(*, record: DocumentVersion, revision: Revision, approvals: Any) -> None:
    """The review approvals that led to this version, then the publication itself."""
    for approval in approvals:
        audit_record(
            action=AuditAction.DOCUMENT_APPROVED,
            actor=approval.finished_by,
            target=record,
            detail={
                "task": approval.task.name,
                "revision_id": revision.pk,
                "approved_at": approval.finished_at,
                "comment": approval.comment[:500],
            },
        )
    audit_record(
        action=AuditAction.DOCUMENT_PUBLISHED,
        actor=record.approved_by,
        target=record,
        detail={
            "version": record.number,
            "effective_date": record.effective_date,
            "page_id": record.page_id,
            "revision_id": revision.pk,
            "approved_by": record.approved_by_name,
            "authors": record.author_names,
            "content_sha256": record_content_sha256(record),
        },
    )
