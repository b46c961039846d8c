"""Wagtail's generic admin views, limited to the rows the user's permission policy allows.

Wagtail's index, inspect and edit views read a model's default manager: for a model whose policy
is scoped (``isms.access.ScopedPermissionPolicy``) that would list or open rows outside the user's
scope. These views read through ``isms.access`` instead, so a foreign row is missing from the
listing and a 404 when opened by its address.
"""

from typing import Any

from wagtail.admin.views.generic import EditView, IndexView, InspectView

from isms.access import get_for_user_or_404, list_for_user


class ScopedIndexView(IndexView):
    def get_base_queryset(self) -> Any:
        return list_for_user(self.model, user=self.request.user)


class ScopedObjectMixin:
    model: Any
    request: Any
    kwargs: Any
    pk_url_kwarg = "pk"
    scope_action = "view"

    def get_object(self, queryset: Any = None) -> Any:
        # The key as routed: the inspect view keeps it as ``pk``, the edit view as ``object_pk``.
        rows = list_for_user(self.model, user=self.request.user, action=self.scope_action)
        return get_for_user_or_404(rows, pk=self.kwargs[self.pk_url_kwarg])


class ScopedInspectView(ScopedObjectMixin, InspectView):
    pass


class ScopedEditView(ScopedObjectMixin, EditView):
    scope_action = "change"
