from typing import Any

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def user_may_search_pages(context: dict[str, Any]) -> bool:
    """Wagtail's own test for its page search: without any page permission it answers "Sorry,
    you do not have permission", so the dashboard does not offer it."""
    return bool(user_has_any_page_permission(context["request"].user))
