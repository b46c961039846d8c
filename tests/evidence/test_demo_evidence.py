"""The demo's evidence: every state a user must recognise, of several types, on all frameworks."""

from typing import Any

import pytest

from evidence.freshness import Freshness
from evidence.models import Evidence, ReviewStatus
from isms.demo.catalogs import ensure_demo_catalogs
from isms.demo.evidence import DEMO_EVIDENCE, ensure_demo_evidence
from isms.demo.people import ensure_demo_people
from isms.demo.scope import ensure_demo_scope


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    users = ensure_demo_people()
    ensure_demo_scope(users=users)
    ensure_demo_catalogs(users=users)
    assert ensure_demo_evidence(users=users) == len(DEMO_EVIDENCE)
    return users


def test_it_spreads_over_states_types_and_frameworks(demo: dict[str, Any]) -> None:
    evidence = list(Evidence.objects.select_related("current_revision"))
    accepted = [item for item in evidence if item.status == ReviewStatus.ACCEPTED]
    assert {item.freshness() for item in accepted} == set(Freshness)
    assert {item.status for item in evidence} == set(ReviewStatus)
    assert {item.current_revision.media_type for item in evidence} >= {
        "application/pdf",
        "text/csv",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "",
    }
    frameworks = set(Evidence.objects.values_list("controls__framework__code", flat=True))
    assert frameworks == {"iso27001-2022", "iso9001-2015", "isae3402-cloud"}


def test_the_engineer_submitted_and_the_officer_reviewed(demo: dict[str, Any]) -> None:
    assert set(Evidence.objects.values_list("produced_by__username", flat=True)) == {"engineer"}
    assert set(
        Evidence.objects.exclude(status=ReviewStatus.SUBMITTED).values_list(
            "reviewed_by__username", flat=True
        )
    ) == {"officer"}


def test_loading_again_adds_nothing(demo: dict[str, Any]) -> None:
    assert ensure_demo_evidence(users=demo) == 0
    assert Evidence.objects.count() == len(DEMO_EVIDENCE)
