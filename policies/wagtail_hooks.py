from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from rest_framework.request import Request
from rest_framework.response import Response
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.api.actions.delete import DeletePageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from isms.records.admin import RecordViewSet
from isms.roles import Role, user_has_role
from policies.dashboard import FourEyesModerationPanel, ReviewsDuePanel
from policies.models import (
    DocumentVersion,
    PolicyPage,
    ProgrammeDocumentPage,
    RoleDescriptionPage,
    VersionedDocumentPage,
)
from policies.rules import may_approve

VERSIONED_PAGE_TYPES = (ProgrammeDocumentPage, PolicyPage, RoleDescriptionPage)


class DocumentVersionViewSet(RecordViewSet):
    model = DocumentVersion
    icon = "history"
    menu_label = "Published versions"
    add_to_admin_menu = True
    menu_order = 300
    list_display = [
        "title",
        "number",
        Column("effective", label="Effective", accessor="effective_label"),
        "published_at",
        "approved_by_name",
    ]
    list_filter = ["kind", "effective_date"]
    search_fields = ["title", "change_summary"]
    inspect_view_fields = [
        "title",
        "kind",
        "number",
        "effective_date",
        "published_at",
        "written_by",
        "approved_by_name",
        "publisher",
        "change_summary",
        "document_owner",
        "classification",
        "next_review_date",
        "pdf_sha256",
        "pdf_size",
        "pdf_page_count",
        "pdf_rendered_at",
    ]


@hooks.register("register_admin_viewset")
def register_document_version_viewset() -> DocumentVersionViewSet:
    return DocumentVersionViewSet("document_versions")


ONE_AT_A_TIME = (
    "Programme documents, policies and role descriptions are published one at a time from "
    "their edit page, so that each new version's number, date and approver are checked."
)
NO_LIVE_COPIES = (
    "Programme documents, policies and role descriptions cannot be aliased or copied live: "
    "every live document needs its own published versions. Copy it as a draft, then publish it "
    "from its edit page."
)


def contains_versioned_documents(pages: list[Page]) -> bool:
    """Whether any of the pages, or any page below them, is a versioned document."""
    paths = Q()
    for page in pages:
        paths |= Q(path__startswith=page.path)
    versioned = [ContentType.objects.get_for_model(model) for model in VERSIONED_PAGE_TYPES]
    return Page.objects.filter(paths, content_type__in=versioned).exists()


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_documents(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """Bulk publishing skips the edit form, so a version number and date would go unchecked."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    if not contains_versioned_documents(objects):
        return None
    messages.error(request, ONE_AT_A_TIME)
    return redirect("wagtailadmin_explore", objects[0].get_parent().pk)


@hooks.register("before_copy_page")
def refuse_live_copies_of_documents(request: HttpRequest, page: Page) -> HttpResponse | None:
    """An alias, or a copy kept live, would be a live document with no version behind it."""
    if request.method != "POST" or not (
        request.POST.get("alias") or request.POST.get("publish_copies")
    ):
        return None
    if not contains_versioned_documents([page]):
        return None
    messages.error(request, NO_LIVE_COPIES)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


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


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request: HttpRequest, panels: list[Any]) -> None:
    if user_has_role(request.user, Role.COMPLIANCE_OFFICER):
        panels.append(ReviewsDuePanel())


@hooks.register("construct_homepage_panels")
def offer_approval_only_to_reviewers(request: HttpRequest, panels: list[Any]) -> None:
    """The "Awaiting your review" panel, without approvals the four-eyes rule would refuse."""
    for position, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[position] = FourEyesModerationPanel()


@hooks.register("construct_page_action_menu")
def order_and_filter_page_actions(
    menu_items: list[Any], request: HttpRequest, context: dict[str, Any]
) -> None:
    """Unpublish after Publish, not first; nothing the four-eyes rule would refuse.

    Publishing a document straight away saves a revision by the publisher, who then approves
    her own change, so with four eyes it is never offered; approving is not offered to an
    author of the change (her own submission, say).
    """
    page = context.get("page")
    if isinstance(page, VersionedDocumentPage):
        refused = _refused_actions(page=page, user=request.user)
        menu_items[:] = [item for item in menu_items if _action_of(item) not in refused]
    unpublish = next((item for item in menu_items if item.name == "action-unpublish"), None)
    publish = next((item for item in menu_items if item.name == "action-publish"), None)
    if unpublish is not None and publish is not None:
        menu_items.remove(unpublish)
        menu_items.insert(menu_items.index(publish) + 1, unpublish)


def _refused_actions(*, page: VersionedDocumentPage, user: Any) -> set[str]:
    refused = {"action-publish"} if settings.ISMS_FOUR_EYES else set()
    if not may_approve(page=page, user=user):
        refused.add("workflow:approve")
    return refused


def _action_of(item: Any) -> str:
    return f"workflow:{item.name}" if isinstance(item, WorkflowMenuItem) else item.name


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


class DocumentSafePagesAPIViewSet(PagesAdminAPIViewSet):
    """The admin's page API, refusing what would publish a document without the editor's checks.

    Its publish action publishes the latest draft as it is, so the version would credit whoever
    saved that draft rather than whoever published; aliases and live copies would be live
    documents without versions; deleting a page with versions would fail on their protection.
    Registered in place of Wagtail's through `construct_admin_api`.
    """

    actions = {**PagesAdminAPIViewSet.actions, "delete": DocumentAwareDeletePageAPIAction}

    def action_view(self, request: Request, pk: int, action_name: str) -> Response:
        if self._would_go_live(request, action_name) and contains_versioned_documents(
            [self.get_object()]
        ):
            message = ONE_AT_A_TIME if action_name == "publish" else NO_LIVE_COPIES
            return Response({"message": message}, status=400)
        return super().action_view(request, pk, action_name)

    def _would_go_live(self, request: Request, action_name: str) -> bool:
        if action_name in ("publish", "create_alias"):
            return True
        return action_name == "copy" and request.data.get("keep_live", True) not in (False, "false")


@hooks.register("construct_admin_api")
def use_document_safe_pages_api(router: Any) -> None:
    router.register_endpoint("pages", DocumentSafePagesAPIViewSet)
