from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from wagtail.permission_policies import ModelPermissionPolicy


class CatalogPermissionPolicy(ModelPermissionPolicy):
    """Catalog content comes from the files in the repository, not from the admin.

    Nobody adds or deletes frameworks, groups, controls or mappings by hand, whatever their
    Django permissions say: ``load_catalogs`` does. For controls (``editable=True``) the "change"
    permission stays meaningful, for the fields that are ours: owner, cadence, products.
    Registered per model in ``FrameworksConfig.ready()``; the admin viewsets use it.
    """

    def __init__(self, model: type[Model], *, editable: bool = False) -> None:
        super().__init__(model)
        self.refused = {"add", "delete"} if editable else {"add", "change", "delete"}

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        allowed = [action for action in actions if action not in self.refused]
        return bool(allowed) and super().user_has_any_permission(user, allowed)
