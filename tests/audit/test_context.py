"""The middleware that lets services read the request being served."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from isms.audit.context import AuditRequestMiddleware, current_request


def test_it_exposes_the_request_while_the_view_runs_and_forgets_it_after() -> None:
    seen: list[HttpRequest | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(current_request())
        return HttpResponse()

    request = RequestFactory().get("/")
    AuditRequestMiddleware(view)(request)

    assert seen == [request]
    assert current_request() is None


def test_it_forgets_the_request_when_the_view_raises() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        AuditRequestMiddleware(view)(RequestFactory().get("/"))

    assert current_request() is None
