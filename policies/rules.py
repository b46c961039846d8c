"""The rules a new publication must satisfy, shared by the admin form and the publishing service."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from wagtail.models import Page

from policies.models.versions import DocumentVersion
from policies.versioning import VersionNumber


@dataclass(frozen=True)
class NextPublication:
    version: VersionNumber
    effective_date: date


def check_next_publication(
    *, page: Page | None, version_text: str, effective_date: date | None
) -> NextPublication:
    """Return the checked version and date, or raise ValidationError keyed by the field.

    A version must be higher than every version already published for the page, and its
    effective date may not fall before the newest version's, so that "the version in force on a
    day" always has one answer.
    """
    errors: dict[str, str] = {}
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

    latest = _latest_published(page)
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


def _latest_published(page: Page | None) -> DocumentVersion | None:
    if page is None or page.pk is None:
        return None
    return DocumentVersion.objects.filter(page_id=page.pk).order_by("-major", "-minor").first()
