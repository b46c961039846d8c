"""The admin's read-only audit trail: listing with filters, inspection, CSV and XLSX export."""

import json
from typing import Any

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from wagtail.admin.filters import ContentTypeFilter, DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView

from isms.access import ReadOnlyPermissionPolicy
from isms.admin_times import UtcExportMixin
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent

# A spreadsheet treats a cell starting with one of these as a formula; a failed sign-in's user
# name is whatever the visitor typed, so exported text must never run as one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_SEQUENCE = 2**63 - 1


def _target_types(request: HttpRequest) -> QuerySet[ContentType]:
    used = AuditEvent.objects.order_by().values("target_type").distinct()
    return ContentType.objects.filter(pk__in=used).order_by("model")


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label="Action", choices=AuditAction.choices)
    actor = django_filters.CharFilter(label="Actor", method="filter_actor")
    occurred_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    target_type = ContentTypeFilter(label="Target type", queryset=_target_types)

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_actor(self, queryset: QuerySet[AuditEvent], name: str, value: str) -> Any:
        # By the names frozen in the event, so deleted and renamed users are still found.
        return queryset.filter(Q(actor_username__icontains=value) | Q(actor_name__icontains=value))


class HiddenFromOthersMixin:
    """Staff without the permission get a 404: the trail does not tell them which events exist."""

    permission_policy: ReadOnlyPermissionPolicy

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AuditEventIndexView(HiddenFromOthersMixin, UtcExportMixin, IndexView):
    """The trail's listing; its CSV and XLSX exports give every time in UTC, labelled."""

    custom_field_preprocess = {
        "detail": {
            "csv": lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False),
            "xlsx": lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False),
        }
    }

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value


class AuditEventInspectView(HiddenFromOthersMixin, InspectView):
    def get_object(self, queryset: Any = None) -> AuditEvent:
        # A number the database cannot hold is not an event either, not a database error.
        pk = str(self.pk)
        if not (pk.isascii() and pk.isdigit()) or int(pk) > MAX_SEQUENCE:
            raise Http404
        return super().get_object(queryset)
