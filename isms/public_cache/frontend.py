"""Purging a CDN in front of the site (Wagtail's `frontend_cache`), for the pages a change affects.

Off unless `WAGTAILFRONTENDCACHE` names a backend (settings, from the environment). The addresses
are worked out when the change happens, so that a page moved or deleted is purged where it was,
and sent once the transaction commits, so that the CDN cannot fetch the old page again before the
change is visible. Wagtail's own handlers purge a published or unpublished page at once as well;
the second purge after the commit closes the window theirs leaves.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page


def purge_on_commit(*, page_ids: set[int], everywhere: bool) -> None:
    if not settings.WAGTAILFRONTENDCACHE:
        return
    affected = Q(pk__in=page_ids)
    if everywhere:
        affected |= Q(depth__gt=1, live=True)
    batch = PurgeBatch()
    batch.add_pages(Page.objects.filter(affected).specific())
    if batch.urls:
        transaction.on_commit(batch.purge, robust=True)
