"""The rules evidence must meet, shared by the admin forms, the API and the services."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from isms.access import Viewer

MAX_NOTE_CHARACTERS = 20_000
LINK_SCHEMES = ["https", "http"]


def validate_period(start: datetime.date | None, end: datetime.date | None) -> None:
    """A period has both ends, ends on or after its start, and has begun."""
    if start is None or end is None:
        raise ValidationError("Give the period the evidence covers: its first and last day.")
    if end < start:
        raise ValidationError(
            f"The period cannot end ({end.isoformat()}) before it starts ({start.isoformat()}).",
            code="period_reversed",
        )
    if start > timezone.localdate():
        raise ValidationError(
            "The period has not started yet: evidence covers days that have begun.",
            code="period_in_future",
        )


def validate_controls(controls: Sequence[object]) -> None:
    if not controls:
        raise ValidationError("Attach the evidence to at least one control.", code="no_controls")


def validate_link(url: str) -> str:
    url = url.strip()
    URLValidator(schemes=LINK_SCHEMES, message="Enter a link that starts with https://.")(url)
    return url


def validate_note(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("The note is empty.", code="empty_note")
    if len(text) > MAX_NOTE_CHARACTERS:
        raise ValidationError(
            f"The note is longer than {MAX_NOTE_CHARACTERS:,} characters: attach it as a file.",
            code="note_too_long",
        )
    return text


def check_reviewer(*, reviewer: Viewer, submitter: Viewer | None) -> None:
    """Four eyes (ISMS_FOUR_EYES): nobody accepts or rejects evidence they submitted themselves."""
    if settings.ISMS_FOUR_EYES and submitter is not None and reviewer.pk == submitter.pk:
        raise ValidationError(
            "You submitted this revision, so another compliance officer must review it.",
            code="own_submission",
        )
