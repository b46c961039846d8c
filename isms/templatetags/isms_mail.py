"""Links in e-mail templates, through the one helper of ``isms.notify.links``:
``{{ path|absolute_url }}`` for a path of this site, ``{{ page|page_link }}`` for a page."""

from django import template
from wagtail.models import Page

from isms.notify import links

register = template.Library()


@register.filter
def absolute_url(path: str) -> str:
    return links.absolute_url(str(path))


@register.filter
def page_link(page: Page) -> str:
    return links.page_link(page)
