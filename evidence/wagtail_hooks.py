"""The "Evidence" menu: the listing and review queue, the coverage dashboard, engagements.

The evidence viewset routes only its listing; every other page is one of ``evidence.admin.views``,
which read through the selectors and write through the services (Wagtail's generic create and
edit views would write the model directly, past the file checks and the audit trail).
"""

from typing import Any

import django_filters
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse_lazy
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from evidence.admin import views
from evidence.coverage import control_freshness, evidence_counting_for
from evidence.dashboard import (
    AuditorEngagementsPanel,
    OfficerEvidencePanel,
    YourEvidencePanel,
)
from evidence.freshness import Freshness, freshness_q
from evidence.models import Engagement, Evidence, EvidenceKind, EvidenceSource, ReviewStatus
from evidence.permissions import engagement_scope
from evidence.renewals import RenewalState, needing_renewal
from evidence.selectors import engagement_list_for_user, evidence_list_for_user
from evidence.services import engagement_save
from isms.access import signed_in_user
from isms.admin_scoping import ScopedEditView, ScopedIndexView, ScopedInspectView
from isms.frameworks.admin_views import SECTIONS_HOOK
from isms.frameworks.models import Control, Framework
from isms.roles import Role, user_has_role
from isms.scope.models import Product

CONTROL_EVIDENCE_SHOWN = 20


class EvidenceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    freshness = django_filters.ChoiceFilter(
        label="Freshness", choices=Freshness.choices, method="filter_freshness"
    )
    renewal = django_filters.ChoiceFilter(
        label="Needs renewal", choices=RenewalState.choices, method="filter_renewal"
    )
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices)
    source = django_filters.ChoiceFilter(choices=EvidenceSource.choices)
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), field_name="controls__framework", distinct=True
    )
    control = django_filters.ModelChoiceFilter(
        queryset=Control.objects.select_related("framework"), field_name="controls", distinct=True
    )
    product = django_filters.ModelChoiceFilter(
        queryset=Product.objects.all(), field_name="products", distinct=True
    )
    engagement = django_filters.ModelChoiceFilter(
        label="Engagement",
        queryset=lambda request: engagement_list_for_user(user=request.user),
        method="filter_engagement",
    )

    class Meta:
        model = Evidence
        fields: list[str] = []

    def filter_freshness(self, queryset: QuerySet[Evidence], name: str, value: str) -> Any:
        return queryset.filter(freshness_q(value, timezone.localdate()))

    def filter_renewal(self, queryset: QuerySet[Evidence], name: str, value: str) -> Any:
        """Accepted evidence due soon or overdue that nothing newer replaces (the dashboards')."""
        return needing_renewal(queryset, today=timezone.localdate(), state=value)

    def filter_engagement(
        self, queryset: QuerySet[Evidence], name: str, value: Engagement
    ) -> QuerySet[Evidence]:
        """What the engagement shows its auditors (the listing is scoped to the viewer anyway)."""
        return queryset.filter(pk__in=Evidence.objects.filter(engagement_scope(value)).values("pk"))


class EvidenceViewSet(ModelViewSet):
    model = Evidence
    icon = "doc-full-inverse"
    menu_label = "All evidence"
    index_view_class = views.EvidenceIndexView
    filterset_class = EvidenceFilterSet
    list_display = [
        "title",
        Column("control_addresses", label="Controls"),
        "status",
        Column("freshness_label", label="Freshness"),
        "renews_on",
    ]
    search_fields = ["title", "description"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", views.EvidenceCreateView.as_view(), name="add"),
            path("coverage/", views.EvidenceDashboardView.as_view(), name="dashboard"),
            path("queue/", views.EvidenceReviewQueueView.as_view(), name="queue"),
            path("<str:pk>/", views.EvidenceInspectView.as_view(), name="inspect"),
            path("<str:pk>/edit/", views.EvidenceEditView.as_view(), name="edit"),
            path("<str:pk>/revise/", views.EvidenceReviseView.as_view(), name="revise"),
            path("<str:pk>/review/", views.EvidenceReviewView.as_view(), name="review"),
            path(
                "<str:pk>/revisions/<str:number>/download/",
                views.RevisionDownloadView.as_view(),
                name="download",
            ),
        ]

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # Titles lead to the evidence page, not to the details form; nothing is ever deleted.
        return super().get_index_view_kwargs(
            edit_url_name=None, delete_url_name=None, history_url_name=None, **kwargs
        )


class EngagementSaveMixin:
    """Saves an engagement through ``engagement_save``, which audits what it now covers."""

    request: HttpRequest
    form: Any
    log_action: str

    def save_instance(self) -> Engagement:
        data = self.form.cleaned_data
        engagement = engagement_save(
            engagement=self.form.instance,
            by=signed_in_user(self.request),
            auditors=list(data["auditors"]),
            products=list(data["products"]),
        )
        log(instance=engagement, action=self.log_action, user=self.request.user)
        return engagement


class EngagementCreateView(EngagementSaveMixin, CreateView):
    log_action = "wagtail.create"


class EngagementEditView(EngagementSaveMixin, ScopedEditView):
    log_action = "wagtail.edit"


class EngagementViewSet(ModelViewSet):
    model = Engagement
    icon = "user"
    menu_label = "Engagements"
    list_display = ["name", "framework", "period_start", "period_end", "access_ends_on"]
    list_filter = ["framework"]
    form_fields = [
        "name",
        "framework",
        "period_start",
        "period_end",
        "products",
        "auditors",
        "access_ends_on",
    ]
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    add_view_class = EngagementCreateView
    edit_view_class = EngagementEditView


class PermittedMenuItem(MenuItem):
    def __init__(self, label: str, url: Any, *, action: str, **kwargs: Any) -> None:
        super().__init__(label, url, **kwargs)
        self.action = action

    def is_shown(self, request: HttpRequest) -> bool:
        return views.may(request, self.action)


class EvidenceMenu(ViewSetGroup):
    menu_label = "Evidence"
    menu_icon = "doc-full-inverse"
    menu_order = 260
    items = (EvidenceViewSet("evidence"), EngagementViewSet("engagements"))

    def get_submenu_items(self) -> list[Any]:
        return [
            PermittedMenuItem(
                "Coverage",
                reverse_lazy("evidence:dashboard"),
                action="add",
                icon_name="table",
                order=1,
            ),
            PermittedMenuItem(
                "Review queue",
                reverse_lazy("evidence:queue"),
                action="review",
                icon_name="tasks",
                order=2,
            ),
            *super().get_submenu_items(),
        ]


@hooks.register("register_admin_viewset")
def register_evidence_menu() -> EvidenceMenu:
    return EvidenceMenu()


@hooks.register(SECTIONS_HOOK)
def control_evidence_section(request: HttpRequest, control: Control) -> str:
    """On a control's page: its evidence (and that of controls covering it), and its freshness."""
    if not views.may(request, "view"):
        return ""
    today = timezone.localdate()
    evidence_list = list(
        evidence_list_for_user(user=request.user)
        .filter(pk__in=Evidence.objects.filter(evidence_counting_for(control)).values("pk"))
        .order_by("-renews_on")[:CONTROL_EVIDENCE_SHOWN]
    )
    for evidence in evidence_list:
        direct = any(attached.pk == control.pk for attached in evidence.controls.all())
        evidence.counts_through = "" if direct else evidence.control_addresses  # type: ignore[attr-defined]
    best = max(
        (e for e in evidence_list if e.is_accepted),
        key=lambda e: (e.renews_on, e.period_end),
        default=None,
    )
    return render_to_string(
        "evidence/admin/control_evidence.html",
        {
            "control": control,
            "evidence_list": evidence_list,
            "best_renewal": best.renews_on if best else None,
            "state": control_freshness(
                best.renews_on if best else None,
                today,
                period_end=best.period_end if best else None,
            ),
            "can_add": views.may(request, "add"),
        },
        request=request,
    )


@hooks.register("construct_homepage_panels")
def add_evidence_panels(request: HttpRequest, panels: list[Any]) -> None:
    user = request.user
    if not isinstance(user, User):
        return
    if user_has_role(user, Role.COMPLIANCE_OFFICER):
        panels.append(OfficerEvidencePanel(user))
    if user_has_role(user, Role.SECURITY_ENGINEER):
        panels.append(YourEvidencePanel(user))
    if user_has_role(user, Role.AUDITOR):
        panels.append(AuditorEngagementsPanel(user))
