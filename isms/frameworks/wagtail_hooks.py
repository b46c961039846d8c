"""Admin views for frameworks, controls and mappings, and the "Frameworks" menu.

Catalog content comes from the files (``manage.py load_catalogs``), so frameworks and mappings
are listed and inspected only, and a control's edit form holds just the fields that are ours:
owner, evidence cadence and the products it applies to. The add and delete views are never
routed; ``CatalogPermissionPolicy`` refuses them too. The menu also holds the scope viewsets.
"""

from typing import Any

from django import forms
from django_filters import ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from isms.frameworks.admin_views import ControlInspectView
from isms.frameworks.models import Control, ControlGroup, ControlMapping, Framework
from isms.scope.wagtail_hooks import CompanyViewSet, ProductViewSet


class CatalogViewSet(ModelViewSet):
    """Routes only the views named in ``routed``: the add, copy and delete views never exist."""

    inspect_view_enabled = True
    copy_view_enabled = False
    routed = {"index", "index_results", "inspect"}
    form_fields: list[str] = []  # no form is ever shown; Wagtail builds the views regardless

    def get_urlpatterns(self) -> list[Any]:
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in self.routed]


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


class ControlViewSet(CatalogViewSet):
    model = Control
    icon = "tasks"
    menu_label = "Controls"
    inspect_view_class = ControlInspectView
    routed = {*CatalogViewSet.routed, "edit", "history", "history_results", "usage"}
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


class ControlMappingViewSet(CatalogViewSet):
    model = ControlMapping
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
        CompanyViewSet("companies"),
        ProductViewSet("products"),
    )


@hooks.register("register_admin_viewset")
def register_frameworks_menu() -> FrameworksMenu:
    return FrameworksMenu()
