from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The hash-chained audit trail. Connects the sign-in signals to the service when ready."""

    name = "isms.audit"
    label = "audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from isms.access import ReadOnlyPermissionPolicy
        from isms.audit import receivers
        from isms.audit.models import AuditEvent

        register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))
        receivers.connect()
