"""The evidence panels of the dashboard: the officer's counts, each a link to its list, and each
engineer's own rejected evidence and renewals, in queries that do not grow with the evidence."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evidence.models import Evidence, ReviewStatus
from evidence.services import evidence_review
from isms.frameworks.models import EvidenceCadence
from tests.factories import ControlFactory, make_evidence
from tests.html import page_soup, squeeze

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


def panel(response: Any, name: str) -> Any:
    return page_soup(response).select_one(f"section#{name}-section")


def listed_titles(response: Any) -> list[str]:
    return [squeeze(cell.a.get_text()) for cell in page_soup(response).select("td.title")]


@pytest.fixture
def evidence_states(engineer: Any, officer: Any) -> Callable[[str], dict[str, Evidence]]:
    """Evidence waiting for review, rejected, overdue and due soon, each on its own control."""

    def make(suffix: str = "") -> dict[str, Evidence]:
        today = timezone.localdate()
        made = {}
        for state, days_ago in [("waiting", 5), ("rejected", 5), ("overdue", 60), ("due", 25)]:
            control = ControlFactory(evidence_cadence=EvidenceCadence.MONTHLY)
            end = today - datetime.timedelta(days=days_ago)
            evidence = make_evidence(
                controls=[control],
                produced_by=engineer,
                title=f"{state}{suffix}",
                period=(end - datetime.timedelta(days=27), end),
            )
            if state == "rejected":
                evidence_review(
                    evidence=evidence, by=officer, decision=ReviewStatus.REJECTED, reason="Blurry."
                )
            elif state != "waiting":
                evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
            made[state] = evidence
        return made

    return make


def test_the_officer_sees_each_count_and_each_link_lists_exactly_those(
    client_for: Callable[[str], Client], evidence_states: Callable[[str], dict[str, Evidence]]
) -> None:
    evidence_states("")
    client = client_for("officer")

    rows = panel(client.get(DASHBOARD), "officer-evidence").select("tbody tr")

    counts = {squeeze(row.th.get_text()): squeeze(row.td.get_text()) for row in rows}
    assert counts == {"Awaiting review": "1", "Overdue": "1", "Due soon": "1", "Rejected": "1"}
    listed = {
        squeeze(row.th.a.get_text()): listed_titles(client.get(row.th.a["href"])) for row in rows
    }
    assert listed == {
        "Awaiting review": ["waiting"],
        "Overdue": ["overdue"],
        "Due soon": ["due"],
        "Rejected": ["rejected"],
    }


def test_evidence_replaced_by_newer_is_not_overdue(
    client_for: Callable[[str], Client], engineer: Any, officer: Any
) -> None:
    control = ControlFactory(evidence_cadence=EvidenceCadence.MONTHLY)
    today = timezone.localdate()
    for title, end in [("old", today - datetime.timedelta(days=60)), ("new", today)]:
        evidence = make_evidence(
            controls=[control], produced_by=engineer, title=title, period=(end, end)
        )
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)

    rows = panel(client_for("officer").get(DASHBOARD), "officer-evidence").select("tbody tr")

    assert {squeeze(row.th.get_text()): squeeze(row.td.get_text()) for row in rows}[
        "Overdue"
    ] == "0"


def test_the_engineer_sees_their_rejected_and_due_evidence(
    client_for: Callable[[str], Client], evidence_states: Callable[[str], dict[str, Evidence]]
) -> None:
    evidence_states("")

    yours = panel(client_for("engineer").get(DASHBOARD), "your-evidence")

    rejected = [squeeze(row.get_text(" ")) for row in yours.select(".evidence-rejected tbody tr")]
    renewals = [
        squeeze(row.select_one("td.title").get_text())
        for row in yours.select(".evidence-renewals tbody tr")
    ]
    assert len(rejected) == 1 and rejected[0].startswith("rejected") and "Blurry." in rejected[0]
    assert renewals == ["overdue", "due"]
    assert "overdue by" in yours.select(".evidence-renewals tbody tr")[0].get_text()


def test_another_engineer_sees_none_of_it(
    login: Callable[[Any], Client],
    evidence_states: Callable[[str], dict[str, Evidence]],
    other_engineer: Any,
) -> None:
    evidence_states("")

    yours = panel(login(other_engineer).get(DASHBOARD), "your-evidence")

    assert "None of your evidence is rejected or due for renewal" in squeeze(yours.get_text())


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("officer", "officer-evidence", "your-evidence"),
        ("engineer", "your-evidence", "officer-evidence"),
        ("sales", None, None),
        ("auditor", None, None),
    ],
)
def test_each_panel_is_for_its_role_only(
    client_for: Callable[[str], Client], persona: str, shown: str | None, hidden: str | None
) -> None:
    page = client_for(persona).get(DASHBOARD)
    if shown:
        assert panel(page, shown) is not None
    for name in {"officer-evidence", "your-evidence"} - {shown}:
        assert panel(page, name) is None, (persona, name)


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_the_dashboard_costs_the_same_queries_for_more_evidence(
    client_for: Callable[[str], Client],
    evidence_states: Callable[[str], dict[str, Evidence]],
    persona: str,
) -> None:
    client = client_for(persona)

    def queries() -> int:
        client.get(DASHBOARD)
        with CaptureQueriesContext(connection) as context:
            assert client.get(DASHBOARD).status_code == 200
        return len(context.captured_queries)

    evidence_states(" 1")
    before = queries()
    for batch in range(2, 5):
        evidence_states(f" {batch}")
    after = queries()

    assert after == before


def test_an_unknown_renewal_filter_is_a_message_not_an_error(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for("officer").get("/admin/evidence/", {"renewal": "someday"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
