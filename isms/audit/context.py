"""The request being served, for services that record audit events but are not given it.

Services are called from views, signal receivers and tasks; only views hold the request. The
middleware keeps the current request in a context variable for the duration of the response, so
`audit_record` can read the client's address without every caller passing the request along.
"""

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _current_request.get()


class AuditRequestMiddleware:
    """Makes the request available to `current_request()` while the view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the trusted proxy's header when one is configured.

    A proxy appends the address it saw to X-Forwarded-For, so with one trusted proxy in front the
    last entry is the client; earlier entries come from the client itself and are not trusted.
    """
    header = settings.AUDIT_TRUSTED_PROXY_IP_HEADER
    forwarded = request.META.get(header, "") if header else ""
    candidates = [forwarded.split(",")[-1].strip(), request.META.get("REMOTE_ADDR", "")]
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
