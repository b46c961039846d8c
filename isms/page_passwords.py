"""Passwords of private pages: every attempt recorded in the audit trail, guesses throttled.

Wagtail's password form posts to `wagtailcore_authenticate_with_password`; `isms/urls.py` routes
that address here first. Wagtail's own view still checks the password; this one counts refusals
per client address and restriction from the audit trail itself, so every web process sees the
same count without a shared cache, and answers 429 once the limit is reached.
"""

import math
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction

from isms.audit.actions import AuditAction
from isms.audit.context import client_ip
from isms.audit.models import AuditEvent
from isms.audit.services import audit_record

MAX_ID = 2**63 - 1


def page_password_retry_at(*, restriction: PageViewRestriction, ip: str | None) -> datetime | None:
    """When this address may guess again, or None if it may now.

    Refusals since its last accepted password count while younger than the cool-off; once the
    limit is reached, guessing pauses until the oldest of those refusals expires.
    """
    limit, cooloff = settings.PAGE_PASSWORD_FAILURE_LIMIT, settings.PAGE_PASSWORD_COOLOFF
    attempts = AuditEvent.objects.filter(ip_address=ip, detail__restriction_id=restriction.pk)
    accepted = attempts.filter(action=AuditAction.PAGE_PASSWORD_ACCEPTED).order_by("-sequence")
    last_accepted = accepted.values_list("sequence", flat=True).first() or 0
    refusals = attempts.filter(
        action=AuditAction.PAGE_PASSWORD_REFUSED,
        sequence__gt=last_accepted,
        occurred_at__gt=timezone.now() - cooloff,
    ).order_by("-sequence")
    counted = list(refusals.values_list("occurred_at", flat=True)[:limit])
    if len(counted) < limit:
        return None
    return counted[-1] + cooloff


def authenticate_with_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    if max(page_view_restriction_id, page_id) > MAX_ID:
        raise Http404
    restriction = get_object_or_404(PageViewRestriction, pk=page_view_restriction_id)
    page = get_object_or_404(Page, pk=page_id)
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, restriction.pk, page.pk)
    ip = client_ip(request)
    retry_at = page_password_retry_at(restriction=restriction, ip=ip)
    if retry_at is not None:
        return _paused(request, retry_at)
    response = wagtail_views.authenticate_with_password(request, restriction.pk, page.pk)
    # Wagtail redirects only when the password was right; otherwise it shows the form again.
    accepted = response.status_code == 302
    _record(request, page, restriction, accepted=accepted)
    if not accepted and (retry_at := page_password_retry_at(restriction=restriction, ip=ip)):
        _record_pause(request, page, restriction)
        return _paused(request, retry_at)
    return response


def _record(
    request: HttpRequest, page: Page, restriction: PageViewRestriction, *, accepted: bool
) -> None:
    action = AuditAction.PAGE_PASSWORD_ACCEPTED if accepted else AuditAction.PAGE_PASSWORD_REFUSED
    audit_record(
        action=action,
        actor=request.user,
        target=page,
        request=request,
        detail={"restriction_id": restriction.pk},
    )


def _record_pause(request: HttpRequest, page: Page, restriction: PageViewRestriction) -> None:
    audit_record(
        action=AuditAction.PAGE_PASSWORD_LOCKED_OUT,
        actor=request.user,
        target=page,
        request=request,
        detail={"restriction_id": restriction.pk},
    )


def _paused(request: HttpRequest, retry_at: datetime) -> HttpResponse:
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    response = render(
        request,
        "isms/page_password_paused.html",
        {"minutes": (seconds + 59) // 60},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
