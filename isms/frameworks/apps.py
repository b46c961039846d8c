from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    """Frameworks, their controls and the mappings between them, loaded from catalog files."""

    name = "isms.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks and controls"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from isms.frameworks.models import Control, ControlGroup, ControlMapping, Framework
        from isms.frameworks.permissions import CatalogPermissionPolicy

        register_permission_policy(Framework, CatalogPermissionPolicy(Framework))
        register_permission_policy(ControlGroup, CatalogPermissionPolicy(ControlGroup))
        register_permission_policy(ControlMapping, CatalogPermissionPolicy(ControlMapping))
        register_permission_policy(Control, CatalogPermissionPolicy(Control, editable=True))
