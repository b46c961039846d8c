"""Which controls have fresh accepted evidence, counting evidence for the controls mapped to them.

Evidence for control X counts for control Y when X covers Y: the same control, or a mapping that
says X equals Y or X is a superset of Y (read from either end). Each control's best renewal date
is one subquery of a single query, so the dashboard costs the same few queries for ten pieces of
evidence or ten thousand. Annex A controls the Statement of Applicability excludes are left out.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery

from evidence.freshness import Freshness, freshness_on
from evidence.models import Evidence, ReviewStatus
from isms.frameworks.models import Control, Framework, MappingRelation

COVERS_FROM = [MappingRelation.EQUAL, MappingRelation.SUPERSET]
COVERED_BY = [MappingRelation.EQUAL, MappingRelation.SUBSET]


def evidence_counting_for(control: object) -> Q:
    """Evidence attached to ``control`` or to a control that covers it (``control`` may be an
    ``OuterRef``)."""
    return (
        Q(controls=control)
        | Q(
            controls__mappings_from__to_control=control,
            controls__mappings_from__relation__in=COVERS_FROM,
        )
        | Q(
            controls__mappings_to__from_control=control,
            controls__mappings_to__relation__in=COVERED_BY,
        )
    )


def controls_with_best_renewal() -> QuerySet[Control]:
    """Controls with the renewal date and period end of their best accepted evidence: the one
    renewing last (of two on the same day, the one with the shorter warning window)."""
    best = Evidence.objects.filter(
        evidence_counting_for(OuterRef("pk")), status=ReviewStatus.ACCEPTED
    ).order_by("-renews_on", "-period_end")
    # A control the Statement of Applicability excludes needs no evidence.
    return (
        Control.objects.select_related("framework")
        .exclude(applicability__applicable=False)
        .annotate(
            best_renewal=Subquery(best.values("renews_on")[:1]),
            best_period_end=Subquery(best.values("period_end")[:1]),
        )
    )


@dataclass
class FrameworkCoverage:
    framework: Framework
    fresh: int = 0
    due_soon: list[Control] = field(default_factory=list)
    missing: list[Control] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.fresh + len(self.due_soon) + len(self.missing)

    @property
    def fresh_percent(self) -> int:
        return round(100 * self.fresh / self.total) if self.total else 0


def framework_coverage(*, today: datetime.date) -> list[FrameworkCoverage]:
    """Per framework: how many controls have fresh evidence, which are due soon, which have none."""
    coverage: dict[int, FrameworkCoverage] = {}
    for control in controls_with_best_renewal().order_by("framework__code", "sort_key"):
        entry = coverage.setdefault(control.framework_id, FrameworkCoverage(control.framework))
        state = control_freshness(
            control.best_renewal,  # type: ignore[attr-defined]
            today,
            period_end=control.best_period_end,  # type: ignore[attr-defined]
        )
        if state == Freshness.FRESH:
            entry.fresh += 1
        elif state == Freshness.DUE_SOON:
            entry.due_soon.append(control)
        else:
            entry.missing.append(control)
    return list(coverage.values())


def control_freshness(
    best_renewal: datetime.date | None,
    today: datetime.date,
    *,
    period_end: datetime.date | None,
) -> Freshness:
    """The freshness of a control's best accepted evidence; none at all counts as expired."""
    if best_renewal is None or period_end is None:
        return Freshness.EXPIRED
    return freshness_on(best_renewal, today, period_end=period_end)
