from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The hash-chained audit trail. Connects the sign-in signals to the service when ready."""

    name = "isms.audit"
    label = "audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from isms.audit import receivers

        receivers.connect()
