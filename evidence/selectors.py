"""Reading evidence within the user's scope (``evidence.permissions``): 404 for anything else.

The listings (the admin's, the API's, search's) narrow a scoped queryset with ``evidence_filter``,
so a filter means the same everywhere.
"""

import datetime
from collections.abc import Sequence

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from evidence.models import Engagement, Evidence, EvidenceRevision
from evidence.permissions import sees_as_producer
from isms.access import Viewer, get_for_user_or_404, list_for_user, parse_pk
from isms.frameworks.models import Control
from isms.roles import Role, user_has_role
from isms.scope.models import Product


def evidence_list_for_user(*, user: Viewer, action: str = "view") -> QuerySet[Evidence]:
    """The evidence the user may see, with what a listing shows, in a fixed number of queries."""
    return (
        list_for_user(Evidence, user=user, action=action)
        .select_related("current_revision", "produced_by", "reviewed_by")
        .prefetch_related(
            Prefetch("controls", queryset=Control.objects.select_related("framework")),
            "products",
        )
    )


def evidence_get_for_user(*, user: Viewer, pk: object, action: str = "view") -> Evidence:
    return get_for_user_or_404(evidence_list_for_user(user=user, action=action), pk=pk)


def evidence_submitted_for_user(
    *,
    user: Viewer,
    evidence: Evidence,
    controls: Sequence[Control],
    products: Sequence[Product],
) -> Evidence:
    """Evidence ``user`` has just submitted with these links (``evidence_create``), as they may
    see it: the answer to an upload.

    Whoever may view evidence sees what they produced (``sees_as_producer``), so the service's
    own instance is the answer without reading it again, its links set as ``prefetch_related``
    would set them; anyone else gets the scoped read, and with it the 404 of evidence they may
    not see.
    """
    if not sees_as_producer(user, evidence):
        return evidence_get_for_user(user=user, pk=evidence.pk)
    cache = {}
    for name, rows in (("controls", controls), ("products", products)):
        queryset = getattr(evidence, name).all()
        queryset._result_cache = list(dict.fromkeys(rows))  # as the service linked them
        queryset._prefetch_done = True
        cache[name] = queryset
    evidence._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    return evidence


def evidence_get_with_revisions_for_user(*, user: Viewer, pk: object) -> Evidence:
    """One piece of evidence the user may see, with every revision and who made it."""
    evidence = evidence_get_for_user(user=user, pk=pk)
    revisions = EvidenceRevision.objects.select_related("created_by").order_by("number")
    return (
        Evidence.objects.filter(pk=evidence.pk)
        .select_related("current_revision", "produced_by")
        .prefetch_related("controls__framework", "products", Prefetch("revisions", revisions))
        .get()
    )


def evidence_filter(
    evidence: QuerySet[Evidence],
    *,
    control: Control | None = None,
    product: Product | None = None,
    status: str | None = None,
    period_after: datetime.date | None = None,
    period_before: datetime.date | None = None,
) -> QuerySet[Evidence]:
    """Narrow a scoped listing: attached to a control, about a product, in a review status, or
    with a period overlapping ``period_after`` to ``period_before`` (either end may be open)."""
    if control is not None:
        evidence = evidence.filter(controls=control)
    if product is not None:
        evidence = evidence.filter(products=product)
    if status:
        evidence = evidence.filter(status=status)
    if period_after is not None:
        evidence = evidence.filter(period_end__gte=period_after)
    if period_before is not None:
        evidence = evidence.filter(period_start__lte=period_before)
    return evidence


def revision_list_for_user(*, user: Viewer) -> QuerySet[EvidenceRevision]:
    return list_for_user(EvidenceRevision, user=user).select_related("evidence", "created_by")


def revision_get_for_user(*, user: Viewer, evidence_pk: object, number: object) -> EvidenceRevision:
    """One revision of evidence the user may see; a malformed number is a 404 like a foreign one."""
    evidence = evidence_get_for_user(user=user, pk=evidence_pk)
    revision_number = parse_pk(number)
    revision = (
        revision_list_for_user(user=user).filter(evidence=evidence, number=revision_number).first()
        if revision_number is not None
        else None
    )
    if revision is None:
        raise Http404("Not found.")
    return revision


def engagement_list_for_user(*, user: Viewer) -> QuerySet[Engagement]:
    return list_for_user(Engagement, user=user).select_related("framework")


def products_taggable_by(*, user: Viewer, evidence: Evidence | None = None) -> QuerySet[Product]:
    """The products ``user`` may tag evidence with: any, for officers; for anyone else those of
    the companies they secure, and the ones ``evidence`` already has (kept, not added)."""
    if may_tag_any_product(user):
        return Product.objects.all()
    condition = Q(company__security_engineer=user) if user.is_authenticated else Q(pk__in=[])
    if evidence is not None and evidence.pk is not None:
        condition |= Q(pk__in=evidence.products.order_by().values("pk"))
    return Product.objects.filter(condition)


def may_tag_any_product(user: Viewer) -> bool:
    return user.is_superuser or user_has_role(user, Role.COMPLIANCE_OFFICER)
