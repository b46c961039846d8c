from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views import serve as document_views

from isms import page_passwords
from isms.public_cache.view import cached_public_page
from isms.views import image_rendition, not_found

# Wagtail's own document URLs, with ids limited to what a row can have: its pattern takes any
# number of digits, and a number too large for the database is a 500 instead of a 404.
document_urlpatterns = [
    path(
        "<id:document_id>/<path:document_filename>",
        document_views.serve,
        name="wagtaildocs_serve",
    ),
    path(
        "authenticate_with_password/<id:restriction_id>/",
        document_views.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    re_path(r"", not_found),
]

# Public pages only read. Serving them outside a transaction matters on SQLite, whose IMMEDIATE
# transaction mode (settings: no "database is locked" when two writers meet) makes every
# transaction take the write lock: atomic page views would be served one at a time. Anonymous
# reads are answered from the public page cache (isms.public_cache) when they may be.
serve_public_page = transaction.non_atomic_requests(cached_public_page(wagtail_views.serve))
public_page_urlpatterns = [
    re_path(pattern.pattern.regex.pattern, serve_public_page, name=pattern.name)
    if getattr(pattern, "name", None) == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]

urlpatterns: list[URLPattern | URLResolver] = [
    # Wagtail's image and document choosers take any text as the chosen id and convert it
    # unchecked: "abc" or a number too large for a row is a 500 for every signed-in user. Anything
    # that is not a row id is a 404 here; real ids go on to Wagtail.
    re_path(r"^admin/(?:images|documents)/chooser/chosen/(?![0-9]{1,18}/$)[^/]*/$", not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(document_urlpatterns)),
    path("pdf/", include("policies.urls")),
    path("api/", include("isms.api.urls")),
]

if settings.SERVE_IMAGE_RENDITIONS:
    # Only the images' renditions: uploaded documents live under MEDIA_ROOT too, and are served
    # solely by the permission-checked view above, never as static files.
    media = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media}images/(?P<path>.+)$", image_rendition),
        re_path(rf"^{media}", not_found),
    ]

urlpatterns += [
    # Wagtail's form for private pages posts here (the same name, matched before Wagtail's own
    # route): the attempt is recorded and guessing throttled before Wagtail checks the password.
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        page_passwords.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(public_page_urlpatterns)),
    # Wagtail's own catch-all pattern does not allow dots in a path segment; document version
    # routes carry them (".../versions/1.2/pdf/"). This one does; it comes last so that
    # Wagtail's own URLs (sign-in for private pages, password forms) keep matching first.
    re_path(r"^((?:[\w\-.]+/)*)$", serve_public_page, name="wagtail_serve_with_dots"),
]
