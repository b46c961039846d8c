"""How drf-spectacular describes the API's authentication."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "isms.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (isms_…), created in the admin or with "
            "`manage.py create_api_token`.",
        }


def only_this_api(endpoints: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The schema describes /api/ alone, not Wagtail's admin API, which has DRF views too."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="A stable, machine-readable code, e.g. `invalid`.")
    message = serializers.CharField(help_text="What went wrong, for a person to read.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For `invalid`: each field's messages.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()


# The errors any endpoint may answer with, for `extend_schema(responses=...)`.
ERROR_RESPONSES: dict[int, Any] = {
    code: OpenApiResponse(ErrorSerializer, description=description)
    for code, description in {
        400: "The request is invalid: see `fields`.",
        401: "No token, or a malformed, unknown, revoked or expired one.",
        403: "The token's user may not do this.",
        404: "Nothing here, or nothing this user may see.",
        413: "The request is larger than an evidence file may be.",
        429: "Too many requests: wait the seconds in Retry-After.",
    }.items()
}
