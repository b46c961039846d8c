from collections.abc import Mapping
from typing import Any

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from policies.models import VersionedDocumentPage
from policies.reviews import REVIEW_NOTICE_DAYS, ReviewDue
from policies.rules import may_approve
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


class FourEyesModerationPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review" panel, offering no approval that could only be refused.

    Put in place of Wagtail's by the `construct_homepage_panels` hook in policies.wagtail_hooks:
    an officer who wrote part of a document's change (her own submission, say) still sees it
    listed, with every action but Approve, since the four-eyes rule would refuse her approval.
    """

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Any:
        context = super().get_context_data(parent_context)
        user = context["request"].user
        for state in context["states"]:
            document = state["obj"]
            if isinstance(document, VersionedDocumentPage) and not may_approve(
                page=document, user=user
            ):
                state["actions"] = [action for action in state["actions"] if action[0] != "approve"]
        return context
