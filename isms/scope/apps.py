from django.apps import AppConfig


class ScopeConfig(AppConfig):
    """Companies and products: what certificates, reports, maturity and disclosure are about."""

    name = "isms.scope"
    label = "scope"
    verbose_name = "Scope: companies and products"

    def ready(self) -> None:
        from wagtail.permission_policies import ModelPermissionPolicy
        from wagtail.permissions import register_permission_policy

        from isms.scope.models import Company, Product

        for model in (Company, Product):
            register_permission_policy(model, ModelPermissionPolicy(model))
