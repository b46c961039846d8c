"""Passwords of private pages: every attempt recorded in the audit trail, guesses throttled.

Wagtail's password form posts to `wagtailcore_authenticate_with_password`; `isms/urls.py` routes
that address here first. Wagtail's own view still checks the password; this one counts refusals
per client address and restriction with the public intake throttle (`isms.intake`, the
"page_password" limit), forgets them when the right password comes, and answers 429 once the
limit is reached.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.intake.throttle import (
    Throttled,
    intake_check,
    intake_count,
    intake_forget,
    intake_throttled_response,
)

MAX_ID = 2**63 - 1
THROTTLE = "page_password"
PAUSED_TEMPLATE = "isms/page_password_paused.html"


def authenticate_with_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    if max(page_view_restriction_id, page_id) > MAX_ID:
        raise Http404
    restriction = get_object_or_404(PageViewRestriction, pk=page_view_restriction_id)
    page = get_object_or_404(Page, pk=page_id)
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, restriction.pk, page.pk)
    scope = str(restriction.pk)
    if (paused := _paused(request, scope)) is not None:
        return paused
    response = wagtail_views.authenticate_with_password(request, restriction.pk, page.pk)
    # Wagtail redirects only when the password was right; otherwise it shows the form again.
    accepted = response.status_code == 302
    _record(request, page, restriction, accepted=accepted)
    if accepted:
        intake_forget(form=THROTTLE, request=request, scope=scope)
        return response
    intake_count(form=THROTTLE, request=request, scope=scope)
    if (paused := _paused(request, scope)) is not None:
        _record_pause(request, page, restriction)
        return paused
    return response


def _paused(request: HttpRequest, scope: str) -> HttpResponse | None:
    """The 429 page, if this address has used up its guesses at this restriction."""
    try:
        intake_check(form=THROTTLE, request=request, scope=scope)
    except Throttled as throttled:
        return intake_throttled_response(request, throttled, template=PAUSED_TEMPLATE)
    return None


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
