"""Every error under /api/ is JSON in one shape, with a 4xx for anything the client got wrong."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.test import Client
from rest_framework.exceptions import Throttled

from isms.api.errors import api_exception_handler
from isms.api.views import ApiView
from isms.files.errors import ScannerUnavailableError, StorageUnavailableError
from tests.api.conftest import error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/", "/api/v2/evidence/", "/api/v1/nothing/here/", "/api/v1/token"]
)
def test_an_unknown_address_is_a_json_404(client: Client, path: str) -> None:
    for method in (client.get, client.post, client.delete):
        response = method(path)
        assert response.status_code == 404
        assert error(response)["code"] == "not_found"


def test_a_post_to_an_address_without_its_slash_is_a_json_404_that_says_so() -> None:
    """Not Django's HTML CSRF page: a client that forgot the slash learns what to send."""
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/evidence", b"{}", content_type="application/json"
    )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error(response)["message"].endswith("Endpoints end with a slash: /api/v1/evidence/")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["engineer", None])
def test_api_answers_are_kept_by_no_cache(api_client: Any, client: Client, who: str | None) -> None:
    response = (api_client(who) if who else client).get("/api/v1/token/")

    assert response.status_code == (200 if who else 401)
    assert response["Cache-Control"] == "private, no-store"


def test_a_wrong_method_is_a_json_405(api_client: Any) -> None:
    response = api_client("engineer").delete("/api/v1/token/")

    assert response.status_code == 405
    assert error(response)["code"] == "method_not_allowed"


def handle(exc: Exception) -> Any:
    response = api_exception_handler(exc, {"view": ApiView()})
    assert response is not None
    return response


def test_django_validation_errors_become_400_with_their_fields() -> None:
    response = handle(ValidationError({"period_end": "The period ends before it starts."}))

    assert response.status_code == 400
    assert response.data == {
        "error": {
            "code": "invalid",
            "message": "The period ends before it starts.",
            "fields": {"period_end": ["The period ends before it starts."]},
        }
    }


def test_several_errors_are_summarised_and_listed() -> None:
    response = handle(ValidationError({"a": "One.", "b": "Two."}))

    assert response.data["error"]["message"] == "Some fields are invalid."
    assert response.data["error"]["fields"] == {"a": ["One."], "b": ["Two."]}


def test_a_plain_validation_error_is_the_message() -> None:
    response = handle(ValidationError("That file is empty."))

    assert response.status_code == 400
    assert response.data["error"]["message"] == "That file is empty."
    assert response.data["error"]["fields"] == {}


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (Http404("x"), 404, "not_found"),
        (PermissionDenied(), 403, "permission_denied"),
        (RequestDataTooBig("Too big."), 413, "too_large"),
        (StorageUnavailableError(), 503, "storage_unavailable"),
        (ScannerUnavailableError(), 503, "scanner_unavailable"),
    ],
)
def test_django_exceptions_keep_their_meaning(exc: Exception, status: int, code: str) -> None:
    response = handle(exc)

    assert (response.status_code, response.data["error"]["code"]) == (status, code)


def test_throttling_says_when_to_come_back() -> None:
    response = handle(Throttled(wait=12.2))

    assert response.status_code == 429
    assert response["Retry-After"] == "13"


def test_an_unexpected_error_is_a_json_500_and_is_logged(caplog: Any) -> None:
    response = handle(RuntimeError("boom"))

    assert response.status_code == 500
    assert response.data["error"]["code"] == "server_error"
    assert "boom" not in str(response.data)
    assert "Unexpected error in the API" in caplog.text
