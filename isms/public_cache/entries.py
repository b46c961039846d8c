"""Stored public pages: their keys, their lifetime and what is kept of a response.

The key is the site's address for the page (scheme, host, path) with its query string
normalised, and the release: a hash of the code, templates and stylesheets, so that a deployment
never serves pages rendered by the previous one from a shared Redis. Only the query parameters
the public views read (`settings.PUBLIC_PAGE_CACHE_QUERY_PARAMETERS`), once each, within a bounded
length, make a cacheable address; any other query is served uncached, so random query strings
cannot fill the cache (docs/decisions.md).
"""

import functools
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlencode

import django
import wagtail
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

ENTRY_PREFIX = "public-page:"
MAX_QUERY_LENGTH = 200
RELEASE_SUFFIXES = (".py", ".html", ".css", ".svg", ".js", ".woff2")
NOT_RELEASED = ("tests", "bench", "docs", "var")


@dataclass(frozen=True)
class CachedPage:
    """A stored 200: the body and headers the view gave, and what makes it valid."""

    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    last_modified: float
    tags: dict[str, str]
    expires: float

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, headers=dict(self.headers))
        response["ETag"] = self.etag
        return response


def entry_key(request: HttpRequest) -> str | None:
    """The cache key of this address, or None if its query string is not one we cache."""
    query = normalised_query(request)
    if query is None:
        return None
    address = "\n".join((release(), request.scheme or "", request.get_host(), request.path, query))
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def normalised_query(request: HttpRequest) -> str | None:
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    allowed = settings.PUBLIC_PAGE_CACHE_QUERY_PARAMETERS
    pairs = []
    for name, values in request.GET.lists():
        if name not in allowed or len(values) != 1:
            return None
        pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def expiry(now: float) -> float:
    """When an entry made now must end: the next local midnight, or sooner by the maximum."""
    local = timezone.localtime(datetime.fromtimestamp(now, tz=timezone.get_current_timezone()))
    midnight = datetime.combine(local.date() + timedelta(days=1), clock.min, tzinfo=local.tzinfo)
    return min(midnight.timestamp(), now + settings.PUBLIC_PAGE_CACHE_MAX_SECONDS)


def entry_get(key: str) -> CachedPage | None:
    entry = cache.get(key)
    if not isinstance(entry, CachedPage) or entry.expires <= time.time():
        return None
    return entry


def entry_set(key: str, entry: CachedPage) -> None:
    timeout = entry.expires - time.time()
    if timeout > 0:
        cache.set(key, entry, timeout=timeout)


@functools.cache
def release() -> str:
    """A hash of what renders the pages: our code, templates and static files, and the versions
    of Django and Wagtail. Computed once per process (a few milliseconds)."""
    digest = hashlib.sha256(f"{django.__version__} {wagtail.__version__}".encode())
    root = Path(settings.BASE_DIR)
    for path in sorted(_release_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _release_files(root: Path) -> list[Path]:
    folders = [
        folder
        for folder in root.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in NOT_RELEASED
    ]
    return [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in RELEASE_SUFFIXES and path.is_file()
    ]
