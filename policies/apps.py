from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Programme documents and policies"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published

        from isms.access import ReadOnlyPermissionPolicy
        from policies.models import DocumentVersion
        from policies.receivers import record_published_version

        # Published versions are records, not content: viewed, never added, edited or deleted.
        register_permission_policy(DocumentVersion, ReadOnlyPermissionPolicy(DocumentVersion))
        page_published.connect(record_published_version, dispatch_uid="policies.record_version")
