"""The coverage dashboard: controls without fresh accepted evidence, mapping, what expires next."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.coverage import framework_coverage
from evidence.models import ReviewStatus
from evidence.services import evidence_review
from isms.frameworks.models import ApplicabilityEntry, ControlMapping
from tests.factories import ControlFactory, FrameworkFactory, make_evidence

# Personas come through client_for at run time: the mark keeps these tests with the database
# tests, before the transactional ones that flush the roles.
pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def controls(db: None) -> dict[str, Any]:
    isae = FrameworkFactory(code="isae3402-cloud", name="ISAE 3402", kind="assurance_report")
    made = {
        "A.8.8": ControlFactory(ref="A.8.8", evidence_cadence=3),
        "A.8.13": ControlFactory(ref="A.8.13", evidence_cadence=12),
        "A.5.1": ControlFactory(ref="A.5.1", evidence_cadence=12),
        "CO4.1": ControlFactory(ref="CO4.1", framework=isae, evidence_cadence=3),
        "CO5.1": ControlFactory(ref="CO5.1", framework=isae, evidence_cadence=12),
    }
    ControlMapping.objects.create(
        from_control=made["A.8.13"], to_control=made["CO5.1"], relation="superset", rationale="x"
    )
    ControlMapping.objects.create(
        from_control=made["A.8.8"], to_control=made["CO4.1"], relation="intersect", rationale="x"
    )
    return made


def accepted(controls: list[Any], *, ended_days_ago: int, engineer: Any, officer: Any) -> Any:
    end = TODAY - datetime.timedelta(days=ended_days_ago)
    evidence = make_evidence(
        controls=controls,
        produced_by=engineer,
        period=(end - datetime.timedelta(days=30), end),
    )
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    return evidence


def states(framework_code: str) -> dict[str, str]:
    for entry in framework_coverage(today=TODAY):
        if entry.framework.code == framework_code:
            result = {control.ref: "due soon" for control in entry.due_soon}
            result |= {control.ref: "missing" for control in entry.missing}
            return result
    raise AssertionError(framework_code)


def test_it_counts_only_fresh_accepted_evidence(
    controls: dict[str, Any], engineer: Any, officer: Any
) -> None:
    accepted([controls["A.5.1"]], ended_days_ago=10, engineer=engineer, officer=officer)
    accepted([controls["A.8.8"]], ended_days_ago=75, engineer=engineer, officer=officer)
    make_evidence(controls=[controls["A.8.13"]], produced_by=engineer)  # not reviewed yet
    assert states("iso27001-2022") == {"A.8.8": "due soon", "A.8.13": "missing"}


def test_evidence_counts_for_controls_it_covers_through_a_mapping(
    controls: dict[str, Any], engineer: Any, officer: Any
) -> None:
    accepted(
        [controls["A.8.13"], controls["A.8.8"]],
        ended_days_ago=5,
        engineer=engineer,
        officer=officer,
    )
    # A.8.13 is a superset of CO5.1, so it covers it; A.8.8 only intersects CO4.1.
    assert states("isae3402-cloud") == {"CO4.1": "missing"}


def test_expired_evidence_leaves_the_control_uncovered(
    controls: dict[str, Any], engineer: Any, officer: Any
) -> None:
    accepted([controls["A.8.8"]], ended_days_ago=100, engineer=engineer, officer=officer)
    assert states("iso27001-2022")["A.8.8"] == "missing"


def dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evidence:dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_more_evidence(
    client_for: Callable[[str], Client], controls: dict[str, Any], engineer: Any, officer: Any
) -> None:
    client = client_for("officer")
    accepted([controls["A.5.1"]], ended_days_ago=10, engineer=engineer, officer=officer)
    dashboard_queries(client)  # the first request fills per-process caches (content types)
    few = dashboard_queries(client)
    for days in range(20):
        accepted(
            list(controls.values())[: days % 5 + 1],
            ended_days_ago=days,
            engineer=engineer,
            officer=officer,
        )
    assert dashboard_queries(client) == few


def test_the_dashboard_lists_what_expires_next(
    client_for: Callable[[str], Client], controls: dict[str, Any], engineer: Any, officer: Any
) -> None:
    soon = accepted([controls["A.8.8"]], ended_days_ago=75, engineer=engineer, officer=officer)
    response = client_for("officer").get(reverse("evidence:dashboard"))
    assert soon.title in response.text
    assert "Attach evidence" in response.text


@pytest.mark.parametrize("persona", ["sales", "auditor", "auditor_in_scope"])
def test_the_dashboard_is_for_officers_and_engineers(
    client_for: Callable[[str], Client], persona: str
) -> None:
    assert client_for(persona).get(reverse("evidence:dashboard")).status_code == 404


def test_a_control_the_soa_excludes_needs_no_evidence(controls: dict[str, Any]) -> None:
    ApplicabilityEntry.objects.create(
        control=controls["A.8.13"],
        applicable=False,
        justification="No backups of our own: the provider's managed service keeps them.",
        implementation_status="not_applicable",
    )
    assert states("iso27001-2022") == {"A.8.8": "missing", "A.5.1": "missing"}
