"""What a reviewer needs to judge submitted evidence: who submitted it, when, how, and whether
another piece waiting for review holds the very same bytes.

The review queue and the review page both read through here. A submission is the evidence's
current revision (a new revision sends the evidence back to review), so its submitter and date
are that revision's. Two pending files with one SHA-256 are usually one upload made twice, or the
same report filed for two controls when one piece of evidence could carry both; the reviewer is
told on both items, each naming the other. Only evidence the viewer may see is named.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import QuerySet

from evidence.models import Evidence, EvidenceKind, ReviewStatus
from evidence.selectors import evidence_list_for_user
from isms.access import Viewer


@dataclass(frozen=True)
class Submission:
    """A piece of evidence waiting for review, as the queue and the review page show it."""

    evidence: Evidence
    same_bytes_as: list[Evidence] = field(default_factory=list)

    @property
    def submitted_by(self) -> User | None:
        revision = self.evidence.current_revision
        return revision.created_by if revision else None

    @property
    def submitted_at(self) -> datetime.datetime:
        revision = self.evidence.current_revision
        return revision.created_at if revision else self.evidence.created_at


def pending_for_user(*, user: Viewer) -> QuerySet[Evidence]:
    """Submitted evidence the user may see, the longest-waiting first."""
    return (
        evidence_list_for_user(user=user)
        .filter(status=ReviewStatus.SUBMITTED)
        .select_related("current_revision__created_by")
        .order_by("current_revision__created_at", "pk")
    )


def review_queue_for_user(*, user: Viewer) -> list[Submission]:
    """The review queue: every pending item with the other pending items sharing its bytes."""
    pending = list(pending_for_user(user=user))
    twins = _same_bytes(pending)
    return [Submission(evidence, twins.get(evidence.pk, [])) for evidence in pending]


def submission_for_user(*, user: Viewer, evidence: Evidence) -> Submission:
    """One piece of evidence on its review page, with the pending items sharing its bytes."""
    revision = evidence.current_revision
    if evidence.status != ReviewStatus.SUBMITTED or revision is None or not revision.sha256:
        return Submission(evidence)
    others = list(
        pending_for_user(user=user)
        .filter(current_revision__sha256=revision.sha256)
        .exclude(pk=evidence.pk)
    )
    return Submission(evidence, others)


def _same_bytes(pending: list[Evidence]) -> dict[int, list[Evidence]]:
    by_hash: dict[str, list[Evidence]] = defaultdict(list)
    for item in pending:
        revision = item.current_revision
        if revision is not None and revision.kind == EvidenceKind.FILE:
            by_hash[revision.sha256].append(item)
    return {
        item.pk: [other for other in group if other.pk != item.pk]
        for group in by_hash.values()
        if len(group) > 1
        for item in group
    }
