"""The rules a new publication must satisfy, shared by the admin form and the publishing service."""

from datetime import date
from typing import Any

from wagtail.models import Page, Revision

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
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).exclude(user=None)
    latest = latest_published_version(page)
    if latest is not None and latest.revision_id is not None:
        revisions = revisions.filter(pk__gt=latest.revision_id)
    elif latest is not None:
        revisions = revisions.filter(created_at__gt=latest.published_at)
    if up_to is not None:
        revisions = revisions.filter(pk__lte=up_to.pk)
    authors: dict[int, Any] = {}
    for revision in revisions.select_related("user").order_by("pk"):
        authors.setdefault(revision.user.pk, revision.user)
    return list(authors.values())


def check_four_eyes(*, authors: list[Any], approver: Any) -> None:
    """Refuse a publication approved by someone who wrote part of the change (ISMS_FOUR_EYES)."""
    check_approver_not_author(
        authors=authors, approver=approver, advice="Submit it for review instead."
    )


def latest_published_version(page: Page | None) -> DocumentVersion | None:
    if page is None or page.pk is None:
        return None
    return DocumentVersion.objects.filter(page_id=page.pk).order_by("-major", "-minor").first()
