"""Admin views for frameworks, controls and mappings, and the "Frameworks" menu.

Catalog content comes from the files (``manage.py load_catalogs``), so frameworks and mappings
are listed and inspected only, and a control's edit form holds just the fields that are ours:
owner, evidence cadence and the products it applies to; a saved change is audited
(``control.changed``). The add and delete views are never routed; ``CatalogPermissionPolicy``
refuses them too. Controls and mappings link to their change history (``isms.history``), read
by officers and auditors. The menu also holds the Statement of Applicability
(``isms.frameworks.soa.admin``) and the scope viewsets.
"""

from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import path
from django_filters import ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from isms.access import signed_in_user
from isms.frameworks.admin_views import ControlInspectView
from isms.frameworks.models import Control, ControlGroup, ControlMapping, Framework
from isms.frameworks.services import control_update
from isms.frameworks.soa.admin import SoaEntryViewSet, SoaVersionViewSet
from isms.frameworks.soa.dashboard import SoaAwaitingApprovalPanel
from isms.frameworks.soa.rules import PUBLISH_PERMISSION
from isms.frameworks.soa.selectors import soa_pending_submission
from isms.history import ChangeHistoryButtonMixin, HistoricalRecordsView
from isms.scope.wagtail_hooks import CompanyViewSet, ProductViewSet


class CatalogViewSet(ModelViewSet):
    """Routes only the views named in ``routed``: the add, copy and delete views never exist."""

    inspect_view_enabled = True
    copy_view_enabled = False
    routed = {"index", "index_results", "inspect"}
    form_fields: list[str] = []  # no form is ever shown; Wagtail builds the views regardless

    def get_urlpatterns(self) -> list[Any]:
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in self.routed]


class HistoryLinkedViewSet(CatalogViewSet):
    """A catalog viewset whose records have a change history (django-simple-history)."""

    history_permission = ""

    def get_urlpatterns(self) -> list[Any]:
        view = HistoricalRecordsView.as_view(model=self.model, permission=self.history_permission)
        return [*super().get_urlpatterns(), path("changes/<str:pk>/", view, name="changes")]

    def get_inspect_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_inspect_view_kwargs(
            history_permission=self.history_permission,
            history_url_name=self.get_url_name("changes"),
            **kwargs,
        )


class HistoryLinkedInspectView(ChangeHistoryButtonMixin, InspectView):
    pass


class ControlHistoryLinkedInspectView(ChangeHistoryButtonMixin, ControlInspectView):
    """A control's page: its fields, the sections other apps add (its evidence), its history."""


class ControlEditView(ChangeHistoryButtonMixin, EditView):
    """Saves the officer's fields through ``control_update``, which audits what changed."""

    def save_instance(self) -> Control:
        control = control_update(
            control=self.form.instance,
            by=signed_in_user(self.request),
            products=list(self.form.cleaned_data["products"]),
        )
        log(instance=control, action="wagtail.edit", user=self.request.user, content_changed=True)
        return control


class FrameworkViewSet(CatalogViewSet):
    model = Framework
    icon = "doc-full"
    menu_label = "Frameworks"
    list_display = ["name", "code", "edition", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inspect_view_fields = ["name", "code", "edition", "kind", "description"]


class ControlFilterSet(WagtailFilterSet):
    framework = ModelChoiceFilter(queryset=Framework.objects.all())
    group = ModelChoiceFilter(
        queryset=ControlGroup.objects.select_related("framework"),
        label="Clause, theme or objective",
    )

    class Meta:
        model = Control
        fields = ["framework", "group", "owner", "evidence_cadence", "products"]


class ControlViewSet(HistoryLinkedViewSet):
    model = Control
    icon = "tasks"
    menu_label = "Controls"
    routed = {*CatalogViewSet.routed, "edit", "history", "history_results", "usage"}
    history_permission = "frameworks.view_historicalcontrol"
    inspect_view_class = ControlHistoryLinkedInspectView
    edit_view_class = ControlEditView
    filterset_class = ControlFilterSet
    list_display = ["__str__", "group", "owner", "evidence_cadence"]
    search_fields = ["ref", "title"]
    panels = [
        FieldPanel("owner"),
        FieldPanel("evidence_cadence"),
        FieldPanel("products", widget=forms.CheckboxSelectMultiple),
    ]
    inspect_view_fields = [
        "framework",
        "ref",
        "title",
        "description",
        "group",
        "parent",
        "owner",
        "evidence_cadence",
        "products",
    ]

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # The listing shows each control's address, group and owner: one query, not one a row.
        queryset = Control.objects.select_related("framework", "group", "owner")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)

    def get_edit_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_edit_view_kwargs(
            history_permission=self.history_permission,
            history_url_name=self.get_url_name("changes"),
            **kwargs,
        )


class ControlMappingViewSet(HistoryLinkedViewSet):
    model = ControlMapping
    history_permission = "frameworks.view_historicalcontrolmapping"
    inspect_view_class = HistoryLinkedInspectView
    icon = "link"
    menu_label = "Mappings"
    list_display = ["from_control", "relation", "to_control"]
    list_filter = ["relation"]
    search_fields = ["rationale"]
    inspect_view_fields = ["from_control", "relation", "to_control", "rationale"]

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        queryset = ControlMapping.objects.select_related(
            "from_control__framework", "to_control__framework"
        )
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class FrameworksMenu(ViewSetGroup):
    menu_label = "Frameworks"
    menu_icon = "table"
    menu_order = 250
    items = (
        FrameworkViewSet("frameworks"),
        ControlViewSet("controls"),
        ControlMappingViewSet("control_mappings"),
        SoaEntryViewSet("soa_entries"),
        SoaVersionViewSet("soa_versions"),
        CompanyViewSet("companies"),
        ProductViewSet("products"),
    )


@hooks.register("register_admin_viewset")
def register_frameworks_menu() -> FrameworksMenu:
    return FrameworksMenu()


@hooks.register("construct_homepage_panels")
def add_soa_approval_panel(request: HttpRequest, panels: list[Any]) -> None:
    if not request.user.has_perm(PUBLISH_PERMISSION):
        return
    submission = soa_pending_submission()
    if submission is not None:
        panels.append(SoaAwaitingApprovalPanel(request.user, submission))
