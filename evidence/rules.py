"""The rules evidence must meet, shared by the admin forms, the API and the services."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from evidence.models import Evidence
from evidence.selectors import products_taggable_by
from isms.access import Viewer
from isms.scope.models import Product

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


def check_products(
    *, user: Viewer, products: Sequence[Product], evidence: Evidence | None = None
) -> None:
    """Tagging a product hands the evidence to that company's engineer, so a security engineer
    tags only the products of the companies they secure (keeping any the evidence already has);
    a compliance officer tags any."""
    if not products:
        return  # nothing to refuse, so no need to ask who may tag what
    allowed = set(products_taggable_by(user=user, evidence=evidence).values_list("pk", flat=True))
    refused = [product.name for product in products if product.pk not in allowed]
    if refused:
        names = ", ".join(f"“{name}”" for name in refused)
        raise ValidationError(
            {
                "products": ValidationError(
                    f"You may tag evidence only with the products of the companies you secure, "
                    f"and {names} {'is not one of them' if len(refused) == 1 else 'are not'}; "
                    "a compliance officer can tag it.",
                    code="product_not_yours",
                )
            }
        )


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
