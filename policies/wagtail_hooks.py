from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from rest_framework.response import Response
from wagtail import hooks
from wagtail.admin.api.actions.delete import DeletePageAPIAction
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from policies.models import (
    DocumentVersion,
    PolicyPage,
    ProgrammeDocumentPage,
    RoleDescriptionPage,
)

VERSIONED_PAGE_TYPES = (ProgrammeDocumentPage, PolicyPage, RoleDescriptionPage)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Published versions are records, not content: nobody adds, edits or deletes them by hand."""

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        allowed = [action for action in actions if action not in ("add", "change", "delete")]
        return bool(allowed) and super().user_has_any_permission(user, allowed)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action
        )


class DocumentVersionInspectView(InspectView):
    """Wagtail's inspect view, checking permission before it looks the id up.

    Wagtail looks the version up first (404 for a missing id) and checks permission after (a
    redirect with "no permission" for an existing one), which tells staff without permission
    which ids exist. Here both answer 404.
    """

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise Http404
        super().setup(request, *args, **kwargs)


class DocumentVersionViewSet(ModelViewSet):
    model = DocumentVersion
    icon = "history"
    menu_label = "Published versions"
    add_to_admin_menu = True
    menu_order = 300
    inspect_view_enabled = True
    inspect_view_class = DocumentVersionInspectView
    list_display = ["title", "number", "effective_date", "published_at", "approved_by_name"]
    list_filter = ["kind", "effective_date"]
    search_fields = ["title", "change_summary"]
    inspect_view_fields = [
        "title",
        "kind",
        "number",
        "effective_date",
        "published_at",
        "approved_by_name",
        "publisher",
        "change_summary",
        "pdf_sha256",
        "pdf_size",
        "pdf_page_count",
        "pdf_rendered_at",
    ]

    def get_urlpatterns(self) -> list[Any]:
        # Listing and inspecting only: the add, edit and delete views are never routed.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
        ]


register_permission_policy(DocumentVersion, ReadOnlyPermissionPolicy(DocumentVersion))


@hooks.register("register_admin_viewset")
def register_document_version_viewset() -> DocumentVersionViewSet:
    return DocumentVersionViewSet("document_versions")


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_documents(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """Bulk publishing skips the edit form, so a version number and date would go unchecked."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    paths = Q()
    for page in objects:
        paths |= Q(path__startswith=page.path)
    versioned = [ContentType.objects.get_for_model(model) for model in VERSIONED_PAGE_TYPES]
    if not Page.objects.filter(paths, content_type__in=versioned).exists():
        return None
    messages.error(
        request,
        "Programme documents, policies and role descriptions are published one at a time from "
        "their edit page, so that each new version's number and effective date are checked.",
    )
    return redirect("wagtailadmin_explore", objects[0].get_parent().pk)


@hooks.register("before_delete_page")
def refuse_deleting_published_documents(request: HttpRequest, page: Page) -> HttpResponse | None:
    if not DocumentVersion.objects.filter(page__path__startswith=page.path).exists():
        return None
    messages.error(
        request,
        f"“{page.title}” has published versions, which are kept as a permanent record. "
        "Unpublish it instead of deleting it.",
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def _first_with_versions(pages: list[Page]) -> Page | None:
    """The first of these pages that has published versions in its subtree, if any."""
    for page in pages:
        if DocumentVersion.objects.filter(page__path__startswith=page.path).exists():
            return page
    return None


def _refusal(page: Page) -> str:
    return (
        f"“{page.title}” has published versions, which are kept as a permanent record. "
        "Unpublish it instead of deleting it."
    )


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_published_documents(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """Bulk delete skips before_delete_page, and the versions' protection would answer 500."""
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    page = _first_with_versions(objects)
    if page is None:
        return None
    messages.error(request, _refusal(page))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


class DocumentAwareDeletePageAPIAction(DeletePageAPIAction):
    """The admin API's delete action, refusing pages with published versions like the views do.

    The API runs Wagtail's DeletePageAction directly, without the before_delete_page hook.
    """

    def execute(self, instance: Page, data: Any) -> Response:
        if _first_with_versions([instance]) is not None:
            return Response({"message": _refusal(instance)}, status=400)
        return super().execute(instance, data)


@hooks.register("construct_admin_api")
def refuse_api_deleting_published_documents(router: Any) -> None:
    # Replaces only the delete action of whatever pages endpoint is registered, so that other
    # hooks changing other actions the same way compose with this one.
    endpoint = router._endpoints["pages"]
    actions = {**endpoint.actions, "delete": DocumentAwareDeletePageAPIAction}
    router.register_endpoint("pages", type(endpoint.__name__, (endpoint,), {"actions": actions}))
