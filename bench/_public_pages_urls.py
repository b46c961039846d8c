"""The site's URLs plus one minimal Django view, the floor bench/public_pages.py compares with."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from isms.urls import urlpatterns as site_urlpatterns


# Like the public pages (isms/urls.py), outside a transaction: an atomic request would open a
# database connection and take SQLite's write lock for a view that reads nothing.
@transaction.non_atomic_requests
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!DOCTYPE html><title>Minimal</title><p>The smallest page.</p>")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/minimal/", minimal),
    *site_urlpatterns,
]
