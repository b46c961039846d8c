"""The rules a new publication must satisfy, shared by the admin form and the publishing service."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from wagtail.models import Page, Revision

from policies.models.versions import DocumentVersion
from policies.versioning import VersionNumber


@dataclass(frozen=True)
class NextPublication:
    version: VersionNumber
    effective_date: date


def check_next_publication(
    *, page: Page | None, version_text: str, effective_date: date | None, change_summary: str
) -> NextPublication:
    """Return the checked version and date, or raise ValidationError keyed by the field.

    A version must be higher than every version already published for the page, and its
    effective date may not fall before the newest version's, so that "the version in force on a
    day" always has one answer. Every version says what changed, in its own words.
    """
    errors: dict[str, str] = {}
    if not change_summary.strip():
        errors["change_summary"] = "Say in one sentence what changed in this version."
    version: VersionNumber | None = None
    if not version_text.strip():
        errors["version_number"] = "Give the version number this publication will carry."
    else:
        try:
            version = VersionNumber.parse(version_text)
        except ValidationError as error:
            errors["version_number"] = error.messages[0]
    if effective_date is None:
        errors["effective_date"] = "Give the date this version comes into force."

    latest = latest_published_version(page)
    if latest is not None and version is not None and version <= latest.version:
        errors["version_number"] = (
            f"Version {version} is not higher than the last published version, "
            f"{latest.number}. Use {latest.major}.{latest.minor + 1} or higher."
        )
    if latest is not None and effective_date is not None and effective_date < latest.effective_date:
        errors["effective_date"] = (
            f"Version {latest.number} is effective from {latest.effective_date:%-d %B %Y}; "
            "a new version cannot take effect before it."
        )
    if errors or version is None or effective_date is None:
        raise ValidationError(errors)
    return NextPublication(version=version, effective_date=effective_date)


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
    if not settings.ISMS_FOUR_EYES or approver is None:
        return
    if approver.pk in {author.pk for author in authors}:
        raise ValidationError(
            f"{display_name(approver)} wrote part of this change, so someone else must approve "
            "it (four-eyes rule). Submit it for review instead.",
            code="four_eyes",
        )


def display_name(user: Any, *, limit: int = 150) -> str:
    """The name a version freezes for a person, cut to fit the column it is stored in."""
    if user is None:
        return ""
    name = user.get_full_name() or user.get_username()
    return Truncator(name).chars(limit)


def latest_published_version(page: Page | None) -> DocumentVersion | None:
    if page is None or page.pk is None:
        return None
    return DocumentVersion.objects.filter(page_id=page.pk).order_by("-major", "-minor").first()
