"""The rule every new numbered record obeys, shared by the forms and the publishing services."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from isms.records.models import NumberedPdfRecord
from isms.records.names import display_name
from isms.records.numbers import VersionNumber


@dataclass(frozen=True)
class NextNumber:
    version: VersionNumber
    effective_date: date


def check_next_number(
    *,
    latest: NumberedPdfRecord | None,
    number: str,
    effective_date: date | None,
    change_summary: str,
    number_field: str = "number",
) -> NextNumber:
    """Return the checked number and date, or raise ValidationError keyed by the field.

    A number must be higher than every number already published, and its effective date may not
    fall before the newest record's, so that "the version in force on a day" always has one
    answer. Every version says what changed, in its own words. ``latest`` is the newest record
    of the series (a document's versions, the SoA's); ``number_field`` is what the caller's form
    calls the number, so each message lands beside its field.
    """
    errors: dict[str, str] = {}
    if not change_summary.strip():
        errors["change_summary"] = "Say in one sentence what changed in this version."
    version: VersionNumber | None = None
    if not number.strip():
        errors[number_field] = "Give the version number this publication will carry."
    else:
        try:
            version = VersionNumber.parse(number)
        except ValidationError as error:
            errors[number_field] = error.messages[0]
    if effective_date is None:
        errors["effective_date"] = "Give the date this version comes into force."
    if latest is not None and version is not None and version <= latest.version:
        errors[number_field] = (
            f"Version {version} is not higher than the last published version, "
            f"{latest.version}. Use {latest.version.next_minor()} or higher."
        )
    if latest is not None and effective_date is not None and effective_date < latest.effective_date:
        errors["effective_date"] = (
            f"Version {latest.version} is effective from {latest.effective_date:%-d %B %Y}; "
            "a new version cannot take effect before it."
        )
    if errors or version is None or effective_date is None:
        raise ValidationError(errors)
    return NextNumber(version=version, effective_date=effective_date)


def check_approver_not_author(*, authors: Sequence[Any], approver: Any, advice: str = "") -> None:
    """Four eyes (``ISMS_FOUR_EYES``): nobody approves a change they wrote part of."""
    if not settings.ISMS_FOUR_EYES or approver is None:
        return
    if approver.pk in {author.pk for author in authors}:
        raise ValidationError(
            f"{display_name(approver)} wrote part of this change, so someone else must approve "
            f"it (four-eyes rule). {advice}".strip(),
            code="four_eyes",
        )
