"""Reading evidence within the user's scope (``evidence.permissions``): 404 for anything else."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from evidence.models import Engagement, Evidence, EvidenceRevision
from isms.access import Viewer, get_for_user_or_404, list_for_user, parse_pk
from isms.frameworks.models import Control


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
