"""The SoA panel of an officer's dashboard: the version awaiting approval, and who may decide it.

Added by the ``construct_homepage_panels`` hook in ``isms.frameworks.wagtail_hooks``, for
officers, only while a submission waits: the approver asked (or any officer who may) reads
"awaiting your approval", the submitter reads whom it waits for.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from wagtail.admin.ui.components import Component

from isms.frameworks.models import SoaSubmission
from isms.frameworks.soa.rules import check_soa_decider, soa_change_authors


class SoaAwaitingApprovalPanel(Component):
    name = "soa_awaiting_approval"
    template_name = "frameworks/soa/awaiting_approval_panel.html"
    order = 80  # above the reviews due: a waiting approval blocks a colleague

    def __init__(self, user: Any, submission: SoaSubmission) -> None:
        self.user = user
        self.submission = submission

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Any:
        context = super().get_context_data(parent_context)
        try:
            check_soa_decider(
                submission=self.submission, decider=self.user, authors=soa_change_authors()
            )
            may_approve = True
        except ValidationError:
            may_approve = False
        context.update(
            submission=self.submission,
            may_approve=may_approve,
            is_submitter=self.submission.submitted_by_id == self.user.pk,
        )
        return context
