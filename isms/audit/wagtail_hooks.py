from typing import Any

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from isms.audit.admin_views import (
    AuditEventFilterSet,
    AuditEventIndexView,
    AuditEventInspectView,
)
from isms.audit.models import AuditEvent

EXPORTED = [
    "sequence",
    "occurred_at",
    "action",
    "action_label",
    "actor_username",
    "actor_name",
    "target_type_label",
    "target_id",
    "target_label",
    "ip_address",
    "detail",
    "previous_hash",
    "hash",
    "key_id",
]


class AuditEventViewSet(ModelViewSet):
    """The audit trail in the admin, for officers (audit.view_auditevent): read, filter, export.

    Only the listing, its results and the inspect view are routed; the read-only permission
    policy keeps add, edit and delete buttons away, and the database would refuse them anyway.
    """

    model = AuditEvent
    icon = "list-ul"
    menu_label = "Audit trail"
    add_to_admin_menu = True
    menu_order = 310
    index_view_class = AuditEventIndexView
    inspect_view_class = AuditEventInspectView
    inspect_view_enabled = True
    list_display = [
        "sequence",
        "occurred_at",
        "action_label",
        "actor_name",
        "target_label",
        "ip_address",
    ]
    filterset_class = AuditEventFilterSet
    list_export = EXPORTED
    export_filename = "audit-trail"
    ordering = ["-sequence"]
    list_per_page = 50
    inspect_view_fields = [
        "sequence",
        "occurred_at",
        "action_label",
        "action",
        "actor_name",
        "actor_username",
        "target_label",
        "target_type_label",
        "target_id",
        "ip_address",
        "detail_json",
        "previous_hash",
        "hash",
        "key_id",
    ]

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]


@hooks.register("register_admin_viewset")
def register_audit_event_viewset() -> AuditEventViewSet:
    return AuditEventViewSet("audit_trail")
