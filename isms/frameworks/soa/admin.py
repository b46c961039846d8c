"""Admin views of the Statement of Applicability, in the "Frameworks" menu.

``SoaEntryViewSet``: the 93 entries with their summary, filters and an edit form of the three
fields that are ours (saved through ``soa_entry_update``); entries are never added or deleted
here. ``SoaVersionViewSet``: the published versions (listing, inspect, PDF and CSV downloads)
and the two-step publication (``approval_admin``: submit, then another officer approves). Who
may do what comes from the model permissions granted in migrations 0002 and 0006, through the
registered permission policies: officers edit, submit and approve, engineers view entries,
auditors view entries and versions. Object views (inspect, downloads, history) answer 404 to
anyone without the view permission.
"""

from functools import cached_property
from typing import Any

import django_filters
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from isms.access import get_for_user_or_404, list_for_user
from isms.audit.actions import AuditAction
from isms.frameworks.models import (
    ANNEX_A_THEMES,
    ISO27001_2022,
    ApplicabilityEntry,
    ControlGroup,
    ImplementationStatus,
    SoaVersion,
)
from isms.frameworks.soa.approval_admin import (
    SoaSubmissionIndexView,
    SoaSubmissionView,
    SoaSubmitView,
    SoaWithdrawView,
)
from isms.frameworks.soa.export import SoaCsvRow, soa_csv_response
from isms.frameworks.soa.forms import ApplicabilityEntryForm
from isms.frameworks.soa.rules import PUBLISH_PERMISSION, latest_soa_version
from isms.frameworks.soa.selectors import (
    soa_draft_entries,
    soa_pending_submission,
    soa_summary,
    soa_version_entries,
)
from isms.frameworks.soa.services import soa_downloaded, soa_entry_update
from isms.history import ChangeHistoryButtonMixin, HistoricalRecordsView
from isms.records.admin import RecordInspectView, RecordViewSet
from isms.records.downloads import pdf_pending_response, record_pdf_download

ENTRY_HISTORY_PERMISSION = "frameworks.view_historicalapplicabilityentry"


class SoaEntryFilterSet(WagtailFilterSet):
    applicable = django_filters.BooleanFilter(label="Applicable")
    implementation_status = django_filters.ChoiceFilter(
        label="Implementation status", choices=ImplementationStatus.choices
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="control__group",
        queryset=ControlGroup.objects.filter(
            framework__code=ISO27001_2022, ref__in=ANNEX_A_THEMES
        ).order_by("sort_key"),
    )

    class Meta:
        model = ApplicabilityEntry
        fields = ["applicable", "implementation_status", "theme"]


class SoaEntryIndexView(IndexView):
    page_title = "Statement of Applicability"

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["summary"] = soa_summary(ApplicabilityEntry.objects.all())
        context["latest_version"] = latest_soa_version()
        if self.request.user.has_perm(PUBLISH_PERMISSION):
            context["pending_submission"] = soa_pending_submission()
        return context

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = [
            HeaderButton("CSV", url=reverse("soa_entries:csv"), icon_name="download", priority=30),
            HeaderButton("Versions", url=reverse("soa_versions:index"), icon_name="history"),
        ]
        if self.request.user.has_perm(PUBLISH_PERMISSION):
            buttons += [
                HeaderButton(
                    "Submissions", url=reverse("soa_versions:submissions"), icon_name="tasks"
                ),
                HeaderButton(
                    "Submit for approval", url=reverse("soa_versions:submit"), icon_name="upload"
                ),
            ]
        return buttons


class SoaEntryEditView(ChangeHistoryButtonMixin, EditView):
    def save_instance(self) -> ApplicabilityEntry:
        data = self.form.cleaned_data
        entry = self.object
        assert isinstance(entry, ApplicabilityEntry)  # noqa: S101 (the viewset's model)
        return soa_entry_update(
            entry=entry,
            by=self.request.user,
            applicable=data["applicable"],
            justification=data["justification"],
            implementation_status=data["implementation_status"],
        )


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


class SoaEntryViewSet(ModelViewSet):
    model = ApplicabilityEntry
    icon = "list-ul"
    menu_label = "Statement of Applicability"
    add_to_admin_menu = False
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = SoaEntryIndexView
    index_template_name = "frameworks/soa/entries_index.html"
    edit_view_class = SoaEntryEditView
    form_fields = ["applicable", "justification", "implementation_status"]
    panels = [
        FieldPanel("applicable"),
        FieldPanel("justification"),
        FieldPanel("implementation_status"),
    ]
    filterset_class = SoaEntryFilterSet
    search_fields = ["control__ref", "control__title", "justification"]
    list_per_page = 100
    list_display = [
        "__str__",  # the control, linked to the edit form for those who may edit
        Column("theme", label="Theme", accessor="control.group.title"),
        Column("applicable", label="Applicable", accessor=lambda entry: _yes_no(entry.applicable)),
        Column("status", label="Status", accessor="get_implementation_status_display"),
        Column(
            "justification",
            label="Justification",
            accessor=lambda entry: Truncator(entry.justification).chars(90),
        ),
    ]

    def get_form_class(self, for_update: bool = False) -> Any:
        return ApplicabilityEntryForm

    def get_edit_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_edit_view_kwargs(
            history_permission=ENTRY_HISTORY_PERMISSION,
            history_url_name=self.get_url_name("changes"),
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(queryset=soa_draft_entries(), **kwargs)

    def get_urlpatterns(self) -> list[Any]:
        routed = {"index", "index_results", "edit", "usage"}
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name in routed),
            path("csv/", self.csv_view, name="csv"),
            path("changes/<str:pk>/", self.changes_view, name="changes"),
        ]

    @property
    def csv_view(self) -> Any:
        def view(request: HttpRequest) -> HttpResponseBase:
            if not self.permission_policy.user_has_permission(request.user, "view"):
                raise Http404
            today = timezone.localdate().isoformat()
            soa_downloaded(by=request.user, version=None, file_format="csv")
            rows = (SoaCsvRow.of_entry(entry) for entry in soa_draft_entries().iterator())
            return soa_csv_response(rows, filename=f"statement-of-applicability-draft-{today}.csv")

        return view

    @property
    def changes_view(self) -> Any:
        return HistoricalRecordsView.as_view(
            model=ApplicabilityEntry, permission=ENTRY_HISTORY_PERMISSION
        )


class SoaVersionInspectView(RecordInspectView):
    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = [
            HeaderButton(
                "Download CSV",
                url=reverse("soa_versions:csv", args=[self.object.pk]),
                icon_name="download",
            )
        ]
        if self.object.is_pdf_ready:
            buttons.append(
                HeaderButton(
                    "Download PDF",
                    url=reverse("soa_versions:pdf", args=[self.object.pk]),
                    icon_name="doc-full",
                )
            )
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = soa_version_entries(self.object.pk)
        context.update(rows=rows, summary=soa_summary(rows))
        return context


class SoaVersionViewSet(RecordViewSet):
    model = SoaVersion
    icon = "history"
    menu_label = "SoA versions"
    inspect_view_class = SoaVersionInspectView
    inspect_template_name = "frameworks/soa/version_inspect.html"
    form_fields: list[str] = []
    list_display = [
        TitleColumn(
            "number",
            label="Version",
            accessor="number",
            get_url=lambda v: reverse("soa_versions:inspect", args=[v.pk]),
        ),
        "effective_date",
        "published_at",
        "published_by_name",
        "approved_by_name",
    ]
    list_filter = ["effective_date"]
    search_fields = ["change_summary"]
    inspect_view_fields = [
        "number",
        "effective_date",
        "published_at",
        "published_by_name",
        "written_by",
        "approved_by_name",
        "publisher",
        "classification",
        "change_summary",
        "pdf_sha256",
        "pdf_size",
        "pdf_page_count",
        "pdf_rendered_at",
    ]

    def extra_urlpatterns(self) -> list[Any]:
        return [
            path("pdf/<id:pk>/", self.pdf_view, name="pdf"),
            path("csv/<id:pk>/", self.csv_view, name="csv"),
            path("submit/", SoaSubmitView.as_view(), name="submit"),
            path("submissions/", SoaSubmissionIndexView.as_view(), name="submissions"),
            path("submissions/<id:pk>/", SoaSubmissionView.as_view(), name="submission"),
            path("submissions/<id:pk>/withdraw/", SoaWithdrawView.as_view(), name="withdraw"),
        ]

    def _version(self, request: HttpRequest, pk: Any) -> SoaVersion:
        return get_for_user_or_404(list_for_user(SoaVersion, user=request.user), pk=pk)

    @property
    def pdf_view(self) -> Any:
        def view(request: HttpRequest, pk: int) -> HttpResponseBase:
            version = self._version(request, pk)
            if not version.is_pdf_ready:
                return pdf_pending_response(
                    request,
                    version,
                    title="the Statement of Applicability",
                    back_url=reverse("soa_versions:inspect", args=[version.pk]),
                    staff_hint=True,
                )
            return record_pdf_download(
                request, version, public=False, recorded_as=AuditAction.SOA_DOWNLOADED
            )

        return view

    @property
    def csv_view(self) -> Any:
        def view(request: HttpRequest, pk: int) -> HttpResponseBase:
            version = self._version(request, pk)
            soa_downloaded(by=request.user, version=version, file_format="csv")
            rows = (
                SoaCsvRow.of_version_entry(entry)
                for entry in soa_version_entries(version.pk).iterator()
            )
            return soa_csv_response(rows, filename=f"{version.file_stem}.csv")

        return view
