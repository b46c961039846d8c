"""The admin's view of a record type: a listing and an inspect page, nothing that writes.

Published versions, and the certificates, grants and acceptances to come, are records: nobody
adds, edits or deletes one in the admin (their permission policy says so, and the views are not
routed). ``RecordViewSet`` is Wagtail's ``ModelViewSet`` reduced to that, reading through the
model's permission policy (``isms.access``), so a scoped record type lists only the user's rows,
and an inspect address answers 404 alike to staff without the view permission and for ids they
may not see: no hint of which ids exist. A record type adds its own read-only views (a download,
an export) in ``extra_urlpatterns``.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import path
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from isms.access import get_for_user_or_404, list_for_user


class RecordIndexView(IndexView):
    def get_base_queryset(self) -> Any:
        return list_for_user(self.model, user=self.request.user)


class RecordInspectView(InspectView):
    """Wagtail's inspect view, checking permission before it looks the id up.

    Wagtail looks the object up first (404 for a missing id) and checks permission after (a
    redirect with "no permission" for an existing one), which tells staff without permission
    which ids exist. Here both answer 404.
    """

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise Http404
        super().setup(request, *args, **kwargs)

    def get_object(self, queryset: Any = None) -> Any:
        return get_for_user_or_404(list_for_user(self.model, user=self.request.user), pk=self.pk)


class RecordViewSet(ModelViewSet):
    """Listing and inspecting a record type; adding, editing and deleting are never routed."""

    inspect_view_enabled = True
    index_view_class = RecordIndexView
    inspect_view_class = RecordInspectView
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            *self.extra_urlpatterns(),
        ]

    def extra_urlpatterns(self) -> list[Any]:
        return []
