from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API seam: bearer tokens, JSON errors, rate limits and the schema, for every app's API.

    An app's endpoints live in its own ``api/`` package and are included from ``isms.api.urls``;
    they inherit authentication, permissions, throttling and error handling from
    ``isms.api.views.ApiView`` and the ``REST_FRAMEWORK`` settings.
    """

    name = "isms.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        # Registers the token's security scheme with drf-spectacular.
        import isms.api.schema  # noqa: F401
        from isms.api.models import ApiToken
        from isms.api.permissions import ApiTokenPermissionPolicy

        register_permission_policy(ApiToken, ApiTokenPermissionPolicy(ApiToken))
