"""Absolute links for e-mails: every address a message carries is built here.

A message is read away from the request that caused it, or comes from no request at all (the daily
reminders), so its links must be absolute. They all start at ``WAGTAILADMIN_BASE_URL``, the
address the site is served at: scheme, host and, when it runs on one, the port (``make run``
puts ``$PORT`` in it; production names its own). Wagtail's notifications build their admin links
from the same setting but link to a page through its ``Site`` record, whose root URL drops the port
whenever the record does not name it (the demo's site is ``localhost`` on port 80); so the
templates in ``isms/templates/wagtailadmin/notifications`` link to pages through ``page_link``.
The Trust Centre is one site served beside the admin, at that same address.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from wagtail.models import Page

LINK_SCHEMES = ("http", "https")


def site_base_url() -> str:
    """``WAGTAILADMIN_BASE_URL`` without a trailing slash, its port kept; refused unless it is an
    absolute http(s) address, since a link without a host opens nothing in a mail reader."""
    configured = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").strip()
    parts = urlsplit(configured)
    if parts.scheme not in LINK_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(
            "WAGTAILADMIN_BASE_URL must be the site's absolute address with its port, such as "
            f"https://trust.example.com or http://127.0.0.1:8000, not {configured!r}."
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def absolute_url(path: str) -> str:
    """A path of this site (as ``reverse()`` gives it) as the absolute address a mail links to."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"Expected a path of this site starting with one '/', not {path!r}.")
    return site_base_url() + path


def admin_link(url_name: str, *args: object) -> str:
    """The absolute address of a named view: ``admin_link("evidence:inspect", evidence.pk)``."""
    return absolute_url(reverse(url_name, args=args))


def page_link(page: Page) -> str:
    """The absolute address of a public page, or "" for one that is not routable."""
    _site_id, _root_url, page_path = page.get_url_parts() or (None, None, None)
    return absolute_url(page_path) if page_path else ""
