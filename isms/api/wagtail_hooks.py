from typing import Any

from django.urls import path
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet

from isms.api.admin_views import (
    ApiTokenCreateView,
    ApiTokenForm,
    ApiTokenIndexView,
    ApiTokenInspectView,
    ApiTokenRevokeView,
)
from isms.api.models import ApiToken


class ApiTokenURLFinder(ModelAdminURLFinder):
    """Links to a token (from the audit trail) go to its inspect page: there is no edit view."""

    edit_url_name = "api_tokens:inspect"


class ApiTokenViewSet(ModelViewSet):
    """API tokens in the admin, for officers (all tokens) and security engineers (their own).

    Routed: the listing, add, inspect and revoke. No edit (a token's name and expiry are fixed
    when it is made) and no delete (a token is revoked, and the audit trail keeps naming it);
    the hash is never shown, only the clear prefix.
    """

    model = ApiToken
    icon = "key"
    menu_label = "API tokens"
    add_to_settings_menu = True
    menu_order = 610
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ApiTokenIndexView
    add_view_class = ApiTokenCreateView
    inspect_view_class = ApiTokenInspectView
    url_finder_class = ApiTokenURLFinder
    inspect_view_fields = [
        "name",
        "display_prefix",
        "user",
        "status",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]

    def get_form_class(self, for_update: bool = False) -> Any:
        return ApiTokenForm

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_common_view_kwargs(
            **{
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @property
    def revoke_view(self) -> Any:
        return self.construct_view(ApiTokenRevokeView, **self.get_delete_view_kwargs())

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<id:pk>/", self.revoke_view, name="revoke"),
        ]


@hooks.register("register_admin_viewset")
def register_api_token_viewset() -> ApiTokenViewSet:
    return ApiTokenViewSet("api_tokens")
