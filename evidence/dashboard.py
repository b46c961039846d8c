"""The evidence panels of the admin's dashboard, one per role that works with evidence.

Added by the ``construct_homepage_panels`` hook in ``evidence.wagtail_hooks``: an auditor sees
their open engagements and the way into each one's evidence. Each panel reads through the
selectors, so it shows only what the viewer may see.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from evidence.models import Engagement, Evidence
from evidence.permissions import engagement_scope, engagements_open_to


@dataclass(frozen=True)
class EngagementView:
    """An open engagement as its auditor's dashboard shows it."""

    engagement: Engagement
    evidence_count: int

    @property
    def evidence_url(self) -> str:
        return f"{reverse('evidence:index')}?engagement={self.engagement.pk}"


def engagements_for_auditor(*, user: User) -> list[EngagementView]:
    """The auditor's open engagements, the ones ending first first, with their evidence counted."""
    engagements = (
        engagements_open_to(user)
        .select_related("framework")
        .prefetch_related("products")
        .order_by("access_ends_on", "name")
    )
    return [
        EngagementView(
            engagement=engagement,
            evidence_count=Evidence.objects.filter(engagement_scope(engagement)).distinct().count(),
        )
        for engagement in engagements
    ]


class AuditorEngagementsPanel(Component):
    """ "Your engagements": name, framework, period, products, access end, and their evidence."""

    name = "auditor_engagements"
    template_name = "evidence/admin/panels/auditor_engagements.html"
    order = 60  # right after "Your work here"

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {
            "engagements": engagements_for_auditor(user=self.user),
            "today": timezone.localdate(),
        }
