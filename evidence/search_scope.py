"""The evidence scope as terms, for a search engine that cannot run a Django Q.

Each indexed piece of evidence carries a set of access terms (``evidence_scope_terms``), each
viewer's query filters on a set of terms (``viewer_scope_terms``, a ``terms`` filter), and a
document is visible when the two sets share one. This is the rule of
``evidence.permissions.visible_evidence`` with the model permissions, said another way:

- ``all`` is on every document; an officer's or an active superuser's query asks for it.
- ``produced_by:<user>``, ``product:<product>`` and ``control:<control>`` are the evidence's own
  facts. A viewer asks for the producer term with their own id, a product term for each product of
  the companies they secure, and a control term for each control they own.
- ``engagement:<engagement>`` for every engagement whose scope holds the evidence (accepted, on a
  control of its framework, a period overlapping its own, about its products or the whole
  organisation). An auditor asks for their open engagements, and only for "view".

What depends on people is read at query time, so granting or revoking a role, adding an auditor
to an engagement, the end of an engagement's access, a control's new owner or a company's new
security engineer take effect on the next query, with nothing re-indexed. What depends on the
evidence and the engagements is stored, and that is the cost of terms over lists of ids. Re-index:

- a piece of evidence whenever it changes (submitted, revised, reviewed, re-attached to other
  controls or products, its period edited), as for any other indexed field;
- an engagement's evidence, old scope and new, when it is created or its framework, period or
  products change (``evidence.services.engagement_save``); a deleted engagement's term is left
  harmless, since no viewer asks for it;
- a deleted product's evidence, which may become about the whole organisation.
"""

from collections.abc import Iterable
from typing import Literal

from django.db.models import Prefetch, QuerySet

from evidence.models import Engagement, Evidence, ReviewStatus
from evidence.permissions import engagements_open_to
from isms.access import Viewer, user_may
from isms.frameworks.models import Control
from isms.roles import Role, user_has_role
from isms.scope.models import Product

type Action = Literal["view", "change"]

EVERYONE_IN_SCOPE = "all"


def evidence_scope_terms(evidence: Evidence) -> frozenset[str]:
    """The access terms to store on the indexed document of one piece of evidence."""
    return evidence_scope_terms_for(Evidence.objects.filter(pk=evidence.pk))[evidence.pk]


def evidence_scope_terms_for(evidence: QuerySet[Evidence]) -> dict[int, frozenset[str]]:
    """The access terms of each piece of evidence, by key, in five queries however many there are
    (bulk indexing passes its batches)."""
    rows = (
        evidence.order_by()
        .only("pk", "produced_by_id", "status", "period_start", "period_end")
        .prefetch_related(
            Prefetch("controls", queryset=Control.objects.only("pk", "framework_id")),
            Prefetch("products", queryset=Product.objects.only("pk")),
        )
    )
    engagements = list(Engagement.objects.prefetch_related("products"))
    return {row.pk: _document_terms(row, engagements) for row in rows}


def viewer_scope_terms(user: Viewer, action: Action = "view") -> frozenset[str]:
    """The terms a viewer's search filters on: a document is theirs if it carries one of them."""
    if not user.is_authenticated or not user_may(Evidence, user=user, action=action):
        return frozenset()
    if user.is_superuser or user_has_role(user, Role.COMPLIANCE_OFFICER):
        return frozenset({EVERYONE_IN_SCOPE})
    secured = Product.objects.filter(company__security_engineer=user).values_list("pk", flat=True)
    owned = Control.objects.filter(owner=user).values_list("pk", flat=True)
    terms = {f"produced_by:{user.pk}", *_terms("product", secured), *_terms("control", owned)}
    if action == "view":
        terms.update(_terms("engagement", engagements_open_to(user).values_list("pk", flat=True)))
    return frozenset(terms)


def _document_terms(evidence: Evidence, engagements: list[Engagement]) -> frozenset[str]:
    controls = list(evidence.controls.all())
    products = {product.pk for product in evidence.products.all()}
    terms = {EVERYONE_IN_SCOPE, *_terms("product", products)}
    terms.update(_terms("control", (control.pk for control in controls)))
    if evidence.produced_by_id is not None:
        terms.add(f"produced_by:{evidence.produced_by_id}")
    frameworks = {control.framework_id for control in controls}
    covering = (e.pk for e in engagements if _covers(e, evidence, frameworks, products))
    terms.update(_terms("engagement", covering))
    return frozenset(terms)


def _covers(
    engagement: Engagement, evidence: Evidence, frameworks: set[int], products: set[int]
) -> bool:
    """Whether the engagement's scope holds the evidence: ``_engagement_condition``, in Python."""
    about = {product.pk for product in engagement.products.all()}
    return (
        evidence.status == ReviewStatus.ACCEPTED
        and engagement.framework_id in frameworks
        and evidence.period_start <= engagement.period_end
        and evidence.period_end >= engagement.period_start
        and (not about or not products or bool(about & products))
    )


def _terms(kind: str, keys: Iterable[int]) -> set[str]:
    return {f"{kind}:{key}" for key in keys}
