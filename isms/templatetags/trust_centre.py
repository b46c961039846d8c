from typing import Any

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("isms/includes/navigation.html", takes_context=True)
def site_navigation(context: dict[str, Any]) -> dict[str, Any]:
    """The home page and its live, in-menu children: one query whatever the page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    if site is None:
        return {"items": []}
    items = list(Page.objects.child_of(site.root_page).live().in_menu().order_by("path"))
    current_path = getattr(current, "path", "")
    active = next((item for item in items if current_path.startswith(item.path)), None)
    return {"items": items, "current": current, "active_pk": active.pk if active else None}
