"""The rules a new publication must satisfy, shared by the admin form and the publishing service."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from wagtail.models import Page, Revision, TaskState, WorkflowState

from isms.records.classification import Classification
from isms.records.rules import NextNumber, check_approver_not_author, check_next_number
from policies.models.versions import DocumentVersion


def check_next_publication(
    *, page: Page | None, version_text: str, effective_date: date | None, change_summary: str
) -> NextNumber:
    """Return the checked version and date, or raise ValidationError keyed by the form's field.

    The shared rule (``isms.records.rules``) over this page's versions: higher than every one
    published, not in force before the newest, and saying what changed.
    """
    return check_next_number(
        latest=latest_published_version(page),
        number=version_text,
        effective_date=effective_date,
        change_summary=change_summary,
        number_field="version_number",
    )


def change_authors(*, page: Page | None, up_to: Revision | None = None) -> list[Any]:
    """Everyone who saved a revision of the page since its last published version, in order.

    `up_to` is the revision being published; drafts saved after it are not part of the change.
    """
    if page is None or page.pk is None:
        return []
    revisions = _revisions_of_the_change(page=page, up_to=up_to).exclude(user=None)
    authors: dict[int, Any] = {}
    for revision in revisions.select_related("user").order_by("pk"):
        authors.setdefault(revision.user.pk, revision.user)
    return list(authors.values())


def review_approvals(*, page: Page, revision: Revision) -> "QuerySet[TaskState]":
    """The review approvals behind publishing `revision`, oldest first.

    A workflow approves the revision that was submitted but publishes the page's latest one, so
    a draft saved during the review (by the submitter, or Wagtail's autosave) is what goes live.
    The approvals are therefore those of the finished workflow on any revision of this change,
    not only on the very revision published.
    """
    return (
        TaskState.objects.filter(
            status=TaskState.STATUS_APPROVED,
            workflow_state__status=WorkflowState.STATUS_APPROVED,
            revision__in=_revisions_of_the_change(page=page, up_to=revision),
        )
        .select_related("finished_by", "task", "workflow_state")
        .order_by("finished_at", "pk")
    )


def _revisions_of_the_change(*, page: Page, up_to: Revision | None) -> "QuerySet[Revision]":
    """The page's revisions since its last published version, up to `up_to` if given."""
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    latest = latest_published_version(page)
    if latest is not None and latest.revision_id is not None:
        revisions = revisions.filter(pk__gt=latest.revision_id)
    elif latest is not None:
        revisions = revisions.filter(created_at__gt=latest.published_at)
    if up_to is not None:
        revisions = revisions.filter(pk__lte=up_to.pk)
    return revisions


def check_restricted_if_classified(*, page: Page | None, classification: str, title: str) -> None:
    """Refuse to publish an Internal or Confidential document that anyone could read.

    A Public document may be published as it is; any other needs a Wagtail view restriction
    (Privacy) on the page or above it. Raised keyed by the form's classification field.
    """
    if classification == Classification.PUBLIC:
        return
    if page is not None and page.pk is not None and page.get_view_restrictions().exists():
        return
    label = Classification(classification).label
    raise ValidationError(
        {
            "classification": (
                f"“{title}” is classified {label}, so it cannot be published on the public "
                "site as it is. First restrict who can see it: in the page's Status panel "
                "(the ⓘ icon at the top of the editor), choose “Change privacy” and then "
                "“Private, accessible to any logged-in users” or “… to users in specific "
                "groups”; then publish it. Or classify it Public if anyone may read it."
            )
        },
        code="classified_but_public",
    )


SUBMIT_FOR_REVIEW = "Submit it for review instead."
_INSTEAD = (
    "Meanwhile you can edit it and save a draft, or withdraw it with “Cancel workflow” in the "
    "publish menu."
)


def check_four_eyes(*, authors: list[Any], approver: Any, advice: str = SUBMIT_FOR_REVIEW) -> None:
    """Refuse a publication approved by someone who wrote part of the change (ISMS_FOUR_EYES).

    `advice` says what to do from the state the page is in (see `review_advice`).
    """
    check_approver_not_author(authors=authors, approver=approver, advice=advice)


def may_approve(*, page: Page, user: Any) -> bool:
    """Whether approving the page's change in review could pass the four-eyes rule."""
    if not settings.ISMS_FOUR_EYES:
        return True
    return user.pk not in {author.pk for author in change_authors(page=page)}


def review_advice(
    *, workflow_state: WorkflowState | None, approver: Any, editing: bool = False
) -> str:
    """What an author refused the approval of a change should do, from the state it is in.

    Outside review, submit it; in review (`workflow_state`), ask another officer. `editing` is
    an approval that also changes the page, from an officer who wrote nothing of it before.
    """
    if workflow_state is None:
        return SUBMIT_FOR_REVIEW
    if editing:
        return (
            "Approve it as submitted, without changes of your own, or save your changes as a "
            "draft and ask another officer to review them."
        )
    submitted = workflow_state.requested_by_id == approver.pk
    why = "you submitted this version" if submitted else "you wrote part of this version"
    return f"Ask another officer to review it; {why}. {_INSTEAD}"


def latest_published_version(page: Page | None) -> DocumentVersion | None:
    if page is None or page.pk is None:
        return None
    return DocumentVersion.objects.filter(page_id=page.pk).order_by("-major", "-minor").first()
