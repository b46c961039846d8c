from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.static import serve as serve_static

# Wagtail writes renditions here (Rendition.upload_to); uploaded documents sit beside it in
# "documents/" and must never be reachable as plain files.
RENDITIONS_FOLDER = "images"


def image_rendition(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serves an image rendition from the media storage in development.

    Django's static view refuses paths that leave the folder it is given, so "../documents/x"
    cannot reach an uploaded document.
    """
    return serve_static(request, path, document_root=default_storage.path(RENDITIONS_FOLDER))


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Ends a URL prefix that has no page below it, so APPEND_SLASH does not redirect into the
    page tree's catch-all first and answer 301 before the 404."""
    raise Http404
