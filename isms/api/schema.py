"""How drf-spectacular describes the API's authentication."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
