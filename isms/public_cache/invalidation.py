"""Which cached pages a change affects, from the events that change them.

A page shows itself, lists its children and grandchildren (index and home pages), shows its
parent's title and carries its ancestors' slugs in its address, so a change to page P affects P,
its ancestors and its descendants. Every page shows the organisation settings and the navigation
(the live, in-menu children of the site's root), so a change to a page at that level, to the
settings or to a Site affects every page. The tags are bumped now and after the commit
(`tags.tags_bump`); the CDN is purged after the commit (`frontend`).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from isms.models import OrganisationSettings
from isms.public_cache import frontend, tags
from isms.public_cache.view import remember_served_page
from isms.records.pdf import record_pdf_stored


@dataclass
class Change:
    """The pages a change affects, and whether it reaches every page."""

    page_ids: set[int] = field(default_factory=set)
    everywhere: bool = False
    tags: set[str] = field(default_factory=set)

    def add_page(self, page: Page, *, descendants: bool = True) -> None:
        """The page, its ancestors, and (unless only its own content changed) its descendants."""
        related = Page.objects.filter(path__in=_ancestor_paths(page.path))
        if descendants:
            related = related | Page.objects.filter(path__startswith=page.path)
        self.page_ids |= {page.pk, *related.values_list("pk", flat=True)}
        if _in_navigation(page):
            self.add_everywhere(tags.NAVIGATION)

    def add_everywhere(self, tag: str) -> None:
        self.everywhere = True
        self.tags.add(tag)

    def apply(self) -> None:
        tags.tags_bump(self.tags | {tags.page_tag(pk) for pk in self.page_ids})
        frontend.purge_on_commit(page_ids=self.page_ids, everywhere=self.everywhere)


def page_changed(sender: type, instance: Page, **kwargs: Any) -> None:
    """Published, unpublished or deleted."""
    change = Change()
    change.add_page(instance)
    change.apply()


def page_moving(sender: type, instance: Page, **kwargs: Any) -> None:
    """Before and after a move: the old place and the new, with all it carries along."""
    change = Change()
    change.add_page(Page.objects.get(pk=instance.pk))
    change.apply()


def restriction_changed(sender: type, instance: PageViewRestriction, **kwargs: Any) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    change = Change()
    change.add_page(page)
    change.apply()


def settings_changed(sender: type, **kwargs: Any) -> None:
    change = Change()
    change.add_everywhere(tags.SETTINGS)
    change.apply()


def site_changed(sender: type, **kwargs: Any) -> None:
    change = Change()
    change.add_everywhere(tags.SETTINGS)
    change.add_everywhere(tags.NAVIGATION)
    change.apply()


def record_pdf_ready(sender: type, record: Any, **kwargs: Any) -> None:
    """A version's PDF link replaces "Being prepared" on its page and in the listings above it."""
    page_id = getattr(record, "page_id", None)
    page = Page.objects.filter(pk=page_id).first() if page_id is not None else None
    if page is None:
        return
    change = Change()
    change.add_page(page, descendants=False)
    change.apply()


def page_deleting(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page) and type(instance) is Page:
        page_changed(sender, instance)


def connect() -> None:
    """Called from IsmsConfig.ready."""
    uid = "isms.public_cache"
    page_published.connect(page_changed, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(page_changed, dispatch_uid=f"{uid}.unpublished")
    pre_delete.connect(page_deleting, dispatch_uid=f"{uid}.deleted")
    pre_page_move.connect(page_moving, dispatch_uid=f"{uid}.moving")
    post_page_move.connect(page_moving, dispatch_uid=f"{uid}.moved")
    for signal in (post_save, post_delete):
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=uid)
        signal.connect(settings_changed, sender=OrganisationSettings, dispatch_uid=uid)
        signal.connect(site_changed, sender=Site, dispatch_uid=uid)
    record_pdf_stored.connect(record_pdf_ready, dispatch_uid=uid)
    hooks.register("before_serve_page", remember_served_page)


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path), step)]


def _in_navigation(page: Page) -> bool:
    """Whether the navigation lists the page: it is a child of a site's root page."""
    return Site.objects.filter(root_page__path=page.path[: -Page.steplen]).exists()
