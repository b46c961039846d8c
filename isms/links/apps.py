from django.apps import AppConfig


class LinksConfig(AppConfig):
    """Capability links: a token in a URL that lets someone without an account do one thing.

    Apps declare what their links are for with `isms.links.purposes.register_link_purpose` in
    their own ``ready()``, create links with `capability_link_create` and take them back with
    `capability_link_use` in a view wrapped by `isms.links.views.capability_link_view`.
    """

    name = "isms.links"
    label = "links"
    verbose_name = "Capability links"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from isms.access import ReadOnlyPermissionPolicy
        from isms.audit.actions import AuditAction
        from isms.audit.checks import RecordCheck, register_record_check
        from isms.links.models import CapabilityLink

        register_permission_policy(CapabilityLink, ReadOnlyPermissionPolicy(CapabilityLink))
        # A link no service created (a row written behind the application's back) is a way in.
        register_record_check(
            RecordCheck(
                label="capability links",
                model=CapabilityLink,
                created_by=(AuditAction.LINK_CREATED,),
            )
        )
