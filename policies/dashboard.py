from collections.abc import Mapping
from typing import Any

from wagtail.admin.ui.components import Component

from policies.reviews import REVIEW_NOTICE_DAYS, ReviewDue
from policies.selectors import today, versions_due_for_review


class ReviewsDuePanel(Component):
    """The "Reviews due" panel on the Wagtail dashboard of compliance officers.

    Added by the `construct_homepage_panels` hook in policies.wagtail_hooks for officers only;
    it lists what `manage.py send_review_reminders` mails them about, late reviews first.
    """

    name = "reviews_due"
    template_name = "policies/admin/reviews_due_panel.html"
    order = 90  # above Wagtail's own panels: a late review is the officer's first task

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Any:
        context = super().get_context_data(parent_context)
        day = today()
        context["reviews"] = [
            ReviewDue(version=version, today=day) for version in versions_due_for_review(today=day)
        ]
        context["notice_days"] = REVIEW_NOTICE_DAYS
        return context
