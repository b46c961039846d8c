from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Programme documents and policies"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from policies.receivers import record_published_version

        page_published.connect(record_published_version, dispatch_uid="policies.record_version")
