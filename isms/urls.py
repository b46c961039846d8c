from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from isms import page_passwords

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("pdf/", include("policies.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [
    # Wagtail's form for private pages posts here (the same name, matched before Wagtail's own
    # route): the attempt is recorded and guessing throttled before Wagtail checks the password.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    # Wagtail's own catch-all pattern does not allow dots in a path segment; document version
    # routes carry them (".../versions/1.2/pdf/"). This one does; it comes last so that
    # Wagtail's own URLs (sign-in for private pages, password forms) keep matching first.
    re_path(r"^((?:[\w\-.]+/)*)$", wagtail_views.serve, name="wagtail_serve_with_dots"),
]
