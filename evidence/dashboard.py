"""The evidence panels of the admin's dashboard, one per role that works with evidence.

Added by the ``construct_homepage_panels`` hook in ``evidence.wagtail_hooks``: an officer sees how
much evidence waits for review, is overdue, due soon or rejected, each count a link to that list;
a security engineer sees their own rejected evidence and what they must renew; an auditor sees
their open engagements and the way into each one's evidence. Each panel reads through the
selectors, so it shows only what the viewer may see, in a fixed number of queries.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from evidence.models import Engagement, Evidence, ReviewStatus
from evidence.permissions import engagement_scope, engagements_open_to
from evidence.renewals import RenewalDue, RenewalState, needing_renewal, owned_by
from evidence.selectors import evidence_list_for_user

YOUR_EVIDENCE_SHOWN = 10


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


@dataclass(frozen=True)
class EvidenceCount:
    """One line of the officer's panel: how many, what they are, and the list that shows them."""

    label: str
    count: int
    url: str
    description: str


def evidence_counts_for_officer(*, user: User) -> list[EvidenceCount]:
    visible = evidence_list_for_user(user=user).order_by()
    today = timezone.localdate()
    index = reverse("evidence:index")
    return [
        EvidenceCount(
            "Awaiting review",
            visible.filter(status=ReviewStatus.SUBMITTED).count(),
            reverse("evidence:queue"),
            "Submitted by hand or through the API, the longest-waiting first.",
        ),
        EvidenceCount(
            "Overdue",
            needing_renewal(visible, today=today, state=RenewalState.OVERDUE).count(),
            f"{index}?renewal={RenewalState.OVERDUE}",
            "Accepted evidence past its renewal date that nothing newer replaces.",
        ),
        EvidenceCount(
            "Due soon",
            needing_renewal(visible, today=today, state=RenewalState.DUE_SOON).count(),
            f"{index}?renewal={RenewalState.DUE_SOON}",
            "Accepted evidence whose renewal date is near (a quarter of its cadence, at most "
            "30 days).",
        ),
        EvidenceCount(
            "Rejected",
            visible.filter(status=ReviewStatus.REJECTED).count(),
            f"{index}?status={ReviewStatus.REJECTED}",
            "Sent back to the engineer, who was e-mailed the reason; waiting for a revision.",
        ),
    ]


class OfficerEvidencePanel(Component):
    """ "Evidence": the officer's counts of what needs them or the engineers, each a link."""

    name = "officer_evidence"
    template_name = "evidence/admin/panels/officer_evidence.html"
    order = 80  # beside "Reviews due": both are the officer's standing work

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"counts": evidence_counts_for_officer(user=self.user)}


@dataclass(frozen=True)
class YourEvidence:
    """The engineer's own evidence that needs them: rejected, and due for renewal."""

    rejected: list[Evidence]
    rejected_count: int
    renewals: list[RenewalDue]
    renewal_count: int


def your_evidence(*, user: User) -> YourEvidence:
    today = timezone.localdate()
    owned = Evidence.objects.filter(owned_by(user) | Q(current_revision__created_by=user))
    yours = evidence_list_for_user(user=user).filter(pk__in=owned.values("pk"))
    rejected = yours.filter(status=ReviewStatus.REJECTED).order_by("-reviewed_at", "-pk")
    renewing = needing_renewal(yours, today=today)
    return YourEvidence(
        rejected=list(rejected[:YOUR_EVIDENCE_SHOWN]),
        rejected_count=rejected.count(),
        renewals=[RenewalDue(e, today) for e in renewing[:YOUR_EVIDENCE_SHOWN]],
        renewal_count=renewing.count(),
    )


class YourEvidencePanel(Component):
    """ "Your evidence": a security engineer's rejected evidence and what they must renew."""

    name = "your_evidence"
    template_name = "evidence/admin/panels/your_evidence.html"
    order = 60  # right after "Your work here"

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"yours": your_evidence(user=self.user), "shown": YOUR_EVIDENCE_SHOWN}
