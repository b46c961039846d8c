"""The cache around Wagtail's page view: what may be read from it, and what may be stored."""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeGuard

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from django.utils.http import http_date
from wagtail.models import Page

from isms.public_cache import entries, tags

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponseBase]
SERVED_PAGE = "_public_cache_page"
MESSAGES_COOKIE = "messages"


def cached_public_page(view: View) -> View:
    """Serve anonymous reads of public pages from the cache; store what may be stored."""

    @wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.PUBLIC_PAGE_CACHE:
            return view(request, *args, **kwargs)
        if not is_anonymous_read(request):
            return _personal(request, view(request, *args, **kwargs))
        key = entries.entry_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        cached = _lookup(key)
        if cached is not None:
            return _answer(request, cached)
        started = tags.epoch()
        response = view(request, *args, **kwargs)
        if not is_storable(response, request):
            return response
        stored = _store(key, request, response, started=started)
        return _answer(request, stored) if stored is not None else response

    return serve


def remember_served_page(page: Page, request: HttpRequest, *args: Any) -> None:
    """Wagtail's `before_serve_page` hook: which page this request turned out to be."""
    setattr(request, SERVED_PAGE, page)


def is_anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD from someone who carries nothing that could make the page theirs.

    A session cookie is enough to bypass the cache, signed in or not: loading the session to
    find out would cost the query a hit saves, and a visitor's session (a page password
    entered) is theirs too.
    """
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_storable(response: HttpResponseBase, request: HttpRequest) -> TypeGuard[HttpResponse]:
    """Whether this response is the same for every anonymous reader and may be kept.

    Rendered here, so that what the templates used (a CSRF token, the session) is known.
    """
    page = getattr(request, SERVED_PAGE, None)
    if page is None or getattr(request, "is_preview", False):
        return False
    if response.status_code != 200 or not isinstance(response, HttpResponse):
        return False
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    return not (
        response.cookies
        or "Cache-Control" in response
        or has_vary_header(response, "Cookie")
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(getattr(request, "session", None), "accessed", False)
        or getattr(getattr(request, "_messages", None), "added_new", False)
        or page.get_view_restrictions().exists()
    )


def _lookup(key: str) -> entries.CachedPage | None:
    try:
        cached = entries.entry_get(key)
        return cached if cached is not None and tags.tags_current(cached.tags) else None
    except Exception:
        # A cache that cannot be read only costs speed; the page is served from the database.
        logger.exception("Public page cache could not be read.")
        return None


def _store(
    key: str, request: HttpRequest, response: HttpResponse, *, started: str | None
) -> entries.CachedPage | None:
    page = getattr(request, SERVED_PAGE)
    now = time.time()
    try:
        tokens = tags.tag_tokens([tags.page_tag(page.pk), tags.SETTINGS, tags.NAVIGATION])
        if tags.epoch() != started:
            return None
        cached = entries.CachedPage(
            content=response.content,
            headers=list(response.items()),
            etag=_etag(response.content),
            last_modified=now,
            tags=tokens,
            expires=entries.expiry(now),
        )
        entries.entry_set(key, cached)
    except Exception:
        logger.exception("Public page cache could not be written.")
        return None
    return cached


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _answer(request: HttpRequest, cached: entries.CachedPage) -> HttpResponseBase:
    """The stored page, or 304 if the reader has it; with validators and a shared-cache policy."""
    response = cached.response()
    response["Last-Modified"] = http_date(cached.last_modified)
    max_age = settings.PUBLIC_PAGE_MAX_AGE_SECONDS
    shared = max_age
    if settings.WAGTAILFRONTENDCACHE and not request.META.get("QUERY_STRING"):
        # Purged on every change (frontend); addresses with a query cannot all be purged.
        shared = max(max_age, int(cached.expires - time.time()))
    patch_cache_control(response, public=True, max_age=max_age, s_maxage=shared)
    conditional = get_conditional_response(
        request, etag=cached.etag, last_modified=int(cached.last_modified), response=response
    )
    return conditional if conditional is not None else response


def _personal(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Someone with a session or credentials: whatever they see is kept by nobody else."""
    if "Cache-Control" not in response and request.method in ("GET", "HEAD"):
        patch_cache_control(response, private=True, no_store=True)
    return response
