"""Everything under /api/: version 1's endpoints, its schema and docs, and a JSON 404 for the rest.

Each app's endpoints are included here under v1/, in a namespace of their own (``api:evidence:``).
"""

from django.urls import URLPattern, URLResolver, include, path, re_path

from isms.api.errors import api_not_found
from isms.api.views import CurrentTokenView, DocsView, SchemaView

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/schema/", SchemaView.as_view(), name="schema"),
    path("v1/docs/", DocsView.as_view(), name="docs"),
    path("v1/token/", CurrentTokenView.as_view(), name="token"),
    path("v1/evidence/", include("evidence.api.urls")),
    # Last: an unknown address under /api/ is a JSON 404, not the site's HTML page (and not an
    # APPEND_SLASH redirect, which would turn a POST into a GET).
    re_path(r"", api_not_found, name="not_found"),
]
