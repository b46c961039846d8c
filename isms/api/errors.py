"""Every API error is JSON: ``{"error": {"code": ..., "message": ..., "fields": {...}}}``.

DRF's own handler decides the status and headers (WWW-Authenticate, Retry-After); this one also
takes Django's exceptions that services and request parsing raise (ValidationError,
PermissionDenied, Http404, RequestDataTooBig, other SuspiciousOperation) and reshapes the body;
an upload that a service it needs could not complete (``UploadUnavailableError``: the virus
scanner or the storage is down) is a 503 with ``Retry-After``.
An unexpected exception is logged and answered with a JSON 500, never Django's HTML page.
"""

import logging
import math
from typing import Any

from django.core import exceptions as django_exceptions
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from isms.files.errors import UploadUnavailableError

logger = logging.getLogger(__name__)

FIELDS_INVALID = "Some fields are invalid."


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request is too large."
    default_code = "too_large"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is unavailable; try again later."
    default_code = "unavailable"

    def __init__(self, detail: str, *, code: str, wait: int) -> None:
        super().__init__(detail, code)
        self.wait = wait


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Our endpoints' errors; other DRF views (Wagtail's admin API) keep DRF's own handler.

    Unlike DRF's handler, this one does not mark the request's transaction for rollback: API
    views run outside one (``ApiView``), and each service commits or rolls back its own.
    """
    if not getattr(context.get("view"), "isms_api", False):
        return exception_handler(exc, context)
    exc = _as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        logger.error("Unexpected error in the API", exc_info=exc)
        return Response(_body("server_error", "Something went wrong on our side."), status=500)
    headers = {}
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if (wait := getattr(exc, "wait", None)) is not None:
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
    return Response(_error_body(exc), status=exc.status_code, headers=headers)


def error_response(*, status_code: int, code: str, message: str) -> JsonResponse:
    """The same error shape from a plain Django view (the /api/ catch-all)."""
    return JsonResponse(_body(code, message), status=status_code)


@csrf_exempt  # a POST to a wrong address is told so in JSON, not refused by CSRF in HTML
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    message = f"There is no API endpoint at {request.path}."
    if not request.path.endswith("/"):
        message += f" Endpoints end with a slash: {request.path}/"
    response = error_response(status_code=404, code="not_found", message=message)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, UploadUnavailableError):
        return ServiceUnavailable(exc.message, code=exc.code, wait=exc.retry_after)
    if isinstance(exc, django_exceptions.ValidationError):
        return exceptions.ValidationError(_django_validation_detail(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, django_exceptions.PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, django_exceptions.RequestDataTooBig):
        return PayloadTooLarge(str(exc) or PayloadTooLarge.default_detail)
    if isinstance(exc, django_exceptions.SuspiciousOperation):
        return exceptions.ParseError(str(exc) or "The request could not be read.")
    return exc


def _django_validation_detail(exc: django_exceptions.ValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _error_body(exc: exceptions.APIException) -> dict[str, Any]:
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(detail if isinstance(detail, dict) else {"non_field_errors": detail})
        general = fields.pop("non_field_errors", [])
        messages = general + [message for field in fields.values() for message in field]
        message = messages[0] if len(messages) == 1 else (general[0] if general else FIELDS_INVALID)
        return _body("invalid", message, fields)
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    return _body(str(code), str(detail))


def _flatten(detail: Any) -> dict[str, list[str]]:
    """Field → messages, with nested errors (a list field's items) as "field.0" keys."""
    flat: dict[str, list[str]] = {}
    for field, errors in detail.items():
        if isinstance(errors, dict):
            for inner, messages in _flatten(errors).items():
                flat[f"{field}.{inner}"] = messages
        elif isinstance(errors, list) and errors and isinstance(errors[0], dict | list):
            for index, item in enumerate(errors):
                nested = item if isinstance(item, dict) else {"": item}
                for inner, messages in _flatten(nested).items():
                    flat[f"{field}.{index}{'.' + inner if inner else ''}"] = messages
        else:
            items = errors if isinstance(errors, list) else [errors]
            flat[str(field)] = [str(message) for message in items]
    return flat


def _body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}
