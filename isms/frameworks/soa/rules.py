"""The rules a new SoA version must satisfy, shared by the admin form and the publishing service."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from isms.frameworks.models import SoaVersion
from policies.rules import display_name
from policies.versioning import VersionNumber

# Who may publish or approve a Statement of Applicability.
PUBLISH_PERMISSION = "frameworks.add_soaversion"


@dataclass(frozen=True)
class NextSoaVersion:
    version: VersionNumber
    effective_date: date


def check_next_soa_version(
    *, number: str, effective_date: date | None, change_summary: str
) -> NextSoaVersion:
    """Return the checked number and date, or raise ValidationError keyed by the field.

    Numbers strictly increase and effective dates never go back, so that "the SoA in force on a
    day" has one answer; every version says what changed.
    """
    errors: dict[str, str] = {}
    if not change_summary.strip():
        errors["change_summary"] = "Say in one sentence what changed in this version."
    version: VersionNumber | None = None
    try:
        version = VersionNumber.parse(number)
    except ValidationError as error:
        errors["number"] = error.messages[0]
    if effective_date is None:
        errors["effective_date"] = "Give the date this version comes into force."
    latest = latest_soa_version()
    if latest is not None and version is not None and version <= latest.version:
        errors["number"] = (
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
    return NextSoaVersion(version=version, effective_date=effective_date)


def check_soa_approver(*, publisher: Any, approver: Any) -> None:
    """Refuse an approver who may not approve, or who publishes it too (ISMS_FOUR_EYES)."""
    if approver is None or not approver.is_active or not approver.has_perm(PUBLISH_PERMISSION):
        raise ValidationError(
            {"approved_by": "Choose a compliance officer to approve this version."},
            code="not_an_approver",
        )
    if settings.ISMS_FOUR_EYES and approver.pk == publisher.pk:
        raise ValidationError(
            {
                "approved_by": f"{display_name(approver)} is publishing this version, so someone "
                "else must approve it (four-eyes rule)."
            },
            code="four_eyes",
        )


def latest_soa_version() -> SoaVersion | None:
    return SoaVersion.objects.order_by("-major", "-minor").first()
