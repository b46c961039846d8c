"""Accepted evidence that needs renewing, and whose job that is.

Evidence needs renewing once it is due soon or expired (``evidence.freshness``: the warning window
scales with the cadence), unless newer evidence for one of its controls, accepted or still in
review, already renews later: last month's scan is not overdue once this month's is in. Each piece
has one owner, the person who produced it; if they have left (no account, or an inactive one),
the owners of its controls. The owner is reminded by e-mail (``manage.py remind_evidence_due``) and
sees it on their dashboard (``evidence.dashboard``).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.defaultfilters import pluralize

from evidence.freshness import Freshness, freshness_q
from evidence.models import Evidence, ReviewStatus
from isms.frameworks.models import Control


class RenewalState(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


@dataclass(frozen=True)
class RenewalDue:
    """A piece of evidence due for renewal, as the dashboards and the reminder mail put it."""

    evidence: Evidence
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.evidence.renews_on - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.days_left <= 0

    @property
    def when(self) -> str:
        days = self.days_left
        if days == 0:
            return "due today"
        if days < 0:
            return f"overdue by {-days} day{pluralize(-days)}"
        return f"due in {days} day{pluralize(days)}"


def needing_renewal(
    evidence: QuerySet[Evidence], *, today: datetime.date, state: RenewalState | str | None = None
) -> QuerySet[Evidence]:
    """Of ``evidence``, the accepted pieces due soon or expired (or only ``state``) that nothing
    newer replaces, the most urgent first."""
    renewed_by_newer = Evidence.objects.filter(
        controls__evidence=OuterRef("pk"), renews_on__gt=OuterRef("renews_on")
    ).exclude(status=ReviewStatus.REJECTED)
    due_soon = freshness_q(Freshness.DUE_SOON, today)
    expired = freshness_q(Freshness.EXPIRED, today)
    if state == RenewalState.DUE_SOON:
        freshness = due_soon
    elif state == RenewalState.OVERDUE:
        freshness = expired
    else:
        freshness = due_soon | expired
    return (
        evidence.filter(status=ReviewStatus.ACCEPTED)
        .filter(freshness)
        .filter(~Exists(renewed_by_newer))
        .order_by("renews_on", "pk")
    )


def owned_by(user: User) -> Q:
    """Evidence ``user`` owns: they produced it, or it is for a control of theirs and whoever
    produced it has left."""
    producer_gone = Q(produced_by__isnull=True) | Q(produced_by__is_active=False)
    return Q(produced_by=user) | producer_gone & Q(controls__in=Control.objects.filter(owner=user))


def owners_of(evidence: Evidence) -> list[User]:
    """Who renews ``evidence``: its producer, or, once they have left, its controls' owners."""
    producer = evidence.produced_by
    if producer is not None and producer.is_active:
        return [producer]
    owners = {c.owner.pk: c.owner for c in evidence.controls.all() if c.owner is not None}
    return [owner for owner in owners.values() if owner.is_active]
