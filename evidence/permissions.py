"""Who sees which evidence.

Compliance officers see all of it. A security engineer sees what they produced, evidence about
the products of the companies they secure, and evidence for the controls they own. An auditor sees
accepted evidence inside an open engagement of theirs (``Engagement``), nothing else. Sales,
customers and users without a role see none: model permissions already stop them. Registered in
``EvidenceConfig.ready()``; the admin, the web download and the API read through
``evidence.selectors``, which ask these policies. A search engine cannot run this Q, so
``evidence.search_scope`` writes the same rule as terms; tests/evidence/test_search_scope.py keeps
the two equal.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from evidence.models import Engagement, Evidence, ReviewStatus
from isms.access import ScopedPermissionPolicy, Viewer, user_may
from isms.roles import Role, user_has_role


def visible_evidence(user: Viewer, action: str) -> QuerySet[Evidence]:
    """The evidence ``user`` may ``action`` within their scope (model permissions aside)."""
    if not user.is_authenticated:
        return Evidence.objects.none()
    if user.is_superuser or user_has_role(user, Role.COMPLIANCE_OFFICER):
        return Evidence.objects.all()
    condition = (
        Q(produced_by=user) | Q(products__company__security_engineer=user) | Q(controls__owner=user)
    )
    if action == "view":
        condition |= _engagement_condition(user)
    return Evidence.objects.filter(
        pk__in=Evidence.objects.filter(condition).order_by().values("pk")
    )


def sees_as_producer(user: Viewer, evidence: Evidence) -> bool:
    """Whether ``user`` may see ``evidence`` because they produced it, as ``visible_evidence``
    lets everyone signed in who may view evidence at all: asked without a query once the user's
    permissions are read (the answer to an upload, ``evidence_submitted_for_user``)."""
    return (
        user.is_authenticated
        and evidence.produced_by_id == user.pk
        and user_may(Evidence, user=user, action="view")
    )


def engagements_open_to(user: Viewer) -> QuerySet[Engagement]:
    """The user's engagements whose access has not ended: what an auditor sees evidence through."""
    return Engagement.objects.filter(auditors=user.pk, access_ends_on__gte=timezone.localdate())


def _engagement_condition(user: Viewer) -> Q:
    condition = Q(pk__in=[])
    for engagement in engagements_open_to(user).prefetch_related("products"):
        condition |= engagement_scope(engagement)
    return condition


def engagement_scope(engagement: Engagement) -> Q:
    """The evidence an engagement shows its auditors: accepted, for its framework, overlapping
    its period, about its products or the whole organisation (whether it is open aside)."""
    products = [product.pk for product in engagement.products.all()]
    about = Q(products__isnull=True) | Q(products__in=products) if products else Q()
    return (
        Q(
            status=ReviewStatus.ACCEPTED,
            controls__framework=engagement.framework_id,
            period_start__lte=engagement.period_end,
            period_end__gte=engagement.period_start,
        )
        & about
    )


class EvidencePermissionPolicy(ScopedPermissionPolicy):
    def scope(self, user: Viewer, action: str) -> Q:
        return Q(pk__in=visible_evidence(user, action).values("pk"))


class EvidenceRevisionPermissionPolicy(ScopedPermissionPolicy):
    """Revisions are seen with their evidence; nobody adds, changes or deletes one in the admin."""

    def user_has_permission(self, user: object, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def scope(self, user: Viewer, action: str) -> Q:
        return Q(evidence__in=visible_evidence(user, action).values("pk"))


class EngagementPermissionPolicy(ScopedPermissionPolicy):
    """Officers manage every engagement; an auditor sees their own."""

    def scope(self, user: Viewer, action: str) -> Q:
        if user_has_role(user, Role.COMPLIANCE_OFFICER):
            return Q(pk__isnull=False)  # every row (an empty Q would vanish when OR-ed)
        return Q(auditors=user) if user.is_authenticated else Q(pk__in=[])
