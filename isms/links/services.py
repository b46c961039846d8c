"""Creating and using capability links; each creation, use and refusal is in the audit trail."""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone

from isms.audit.actions import AuditAction
from isms.audit.context import current_request
from isms.audit.services import audit_record
from isms.intake.throttle import intake_check, intake_count
from isms.links.models import CapabilityLink, LinkRefusal, token_digest
from isms.links.purposes import link_purpose
from isms.links.selectors import capability_link_for_token

TOKEN_BYTES = 32
# The intake throttle's name for refused links (settings.INTAKE_LIMITS).
THROTTLE = "capability_link"


class LinkRefused(Http404):
    """The link cannot be used: unknown, for something else, expired or used up.

    A 404 like any other, with nothing to tell the reasons apart; the audit trail has the reason.
    Views let `isms.links.views.capability_link_view` answer it, so that the refusal's record
    is kept instead of being rolled back with the request.
    """


@transaction.atomic
def capability_link_create(
    *,
    purpose: str,
    single_use: bool,
    expires_in: timedelta | None = None,
    expires_at: datetime | None = None,
    target: models.Model | None = None,
    by: User | None = None,
) -> tuple[CapabilityLink, str]:
    """A new link and its token: returned here once, never stored.

    Give ``expires_in`` or ``expires_at``, one of the two. Raises LookupError for a purpose no
    app registered, ValueError for an expiry that is missing, doubled or not in the future.
    """
    link_purpose(purpose)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = CapabilityLink(
        token_sha256=token_digest(token),
        purpose=purpose,
        single_use=single_use,
        expires_at=_expiry(expires_in, expires_at),
        created_by=by,
        **_target_fields(target),
    )
    link.save(force_insert=True)
    audit_record(action=AuditAction.LINK_CREATED, actor=by, target=link, detail=_detail(link))
    return link, token


def capability_link_use(
    *, token: str, purpose: str, request: HttpRequest | None = None
) -> CapabilityLink:
    """Use the link this token opens for ``purpose``, and return it.

    Raises `LinkRefused` (a 404) for a token that opens nothing, a link for another purpose, an
    expired one or a single-use one already used, all alike; of two uses of a single-use link
    at once, one succeeds. Raises `isms.intake.throttle.Throttled` (a 429) while the client's
    address has had too many refusals. The request defaults to the one being served.
    """
    link_purpose(purpose)
    request = request or current_request()
    if request is not None:
        intake_check(form=THROTTLE, request=request)
    link = capability_link_for_token(token=token)
    if link is None:
        raise _refused(None, purpose=purpose, refusal=LinkRefusal.UNKNOWN, request=request)
    refusal = _use(link, purpose=purpose, request=request)
    if refusal is not None:
        raise _refused(link, purpose=purpose, refusal=refusal, request=request)
    return link


def _use(link: CapabilityLink, *, purpose: str, request: HttpRequest | None) -> LinkRefusal | None:
    """Why the link cannot be used, or None once this use is recorded."""
    now = timezone.now()
    refusal = link.refusal(purpose=purpose, at=now)
    if refusal is None and not _claimed(link, now=now, request=request):
        return LinkRefusal.USED
    return refusal


@transaction.atomic
def _claimed(link: CapabilityLink, *, now: datetime, request: HttpRequest | None) -> bool:
    """Record one use if the link is still usable: a conditional UPDATE, so a race has one
    winner, and the row is read back for what was written."""
    usable = CapabilityLink.objects.filter(pk=link.pk, expires_at__gt=now)
    if link.single_use:
        usable = usable.filter(used_at__isnull=True)
    first_use = Coalesce(F("used_at"), Value(now, output_field=models.DateTimeField()))
    if not usable.update(used_at=first_use, use_count=F("use_count") + 1):
        return False
    link.refresh_from_db(fields=["used_at", "use_count"])
    audit_record(
        action=AuditAction.LINK_USED,
        actor=getattr(request, "user", None),
        target=link,
        request=request,
        detail={**_detail(link), "use": link.use_count},
    )
    return True


def _refused(
    link: CapabilityLink | None,
    *,
    purpose: str,
    refusal: LinkRefusal,
    request: HttpRequest | None,
) -> LinkRefused:
    """Record a refusal and count it against the address; the exception to raise after.

    The record is committed with the request because the view answers the exception rather than
    letting it roll the request back (`isms.links.views.capability_link_view`).
    """
    with transaction.atomic():
        audit_record(
            action=AuditAction.LINK_REFUSED,
            # Not the request's user: reading it marks the answer "Vary: Cookie", which a missing
            # page's 404 does not carry.
            actor=None,
            target=link,
            request=request,
            detail={"purpose": purpose, "reason": refusal.value},
        )
        if request is not None:
            intake_count(form=THROTTLE, request=request)
    return LinkRefused()


def _expiry(expires_in: timedelta | None, expires_at: datetime | None) -> datetime:
    if expires_in is not None and expires_at is None:
        expires_at = timezone.now() + expires_in
    elif expires_in is not None or expires_at is None:
        raise ValueError("Give a link expires_in or expires_at, one of the two.")
    if expires_at <= timezone.now():
        raise ValueError("A link's expiry must be in the future.")
    return expires_at


def _target_fields(target: models.Model | None) -> dict[str, object]:
    if target is None:
        return {}
    if target.pk is None:
        raise ValueError("A link's target must be saved first: it is named by its key.")
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": str(target.pk)}


def _detail(link: CapabilityLink) -> dict[str, object]:
    """What the trail says of a link: never its token, nor the token's digest."""
    kind = link.target_type
    return {
        "purpose": link.purpose,
        "single_use": link.single_use,
        "expires_at": link.expires_at,
        "target": f"{kind.app_label}.{kind.model}:{link.target_id}" if kind else None,
    }
