"""The review queue and the review page: who submitted what, when and how, files before the
form, and a warning on both of two pending items that hold the same bytes."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from evidence.content import FileContent
from evidence.models import Evidence, ReviewStatus
from evidence.services import evidence_review
from tests.admin_access import assert_sent_to_sign_in
from tests.evidence.files import CSV_BYTES, pdf_bytes
from tests.factories import make_evidence
from tests.html import page_soup, squeeze

pytestmark = pytest.mark.django_db

QUEUE = reverse("evidence:queue")


def a_file(data: bytes, name: str) -> FileContent:
    return FileContent(source=io.BytesIO(data), filename=name)


def queue_rows(response: Any) -> dict[str, list[str]]:
    """Each row's evidence title, mapped to its cells' text."""
    rows = page_soup(response).select("table.evidence-queue tbody tr")
    return {
        squeeze(row.select_one("td.title a").get_text()): [
            squeeze(cell.get_text(" ")) for cell in row.find_all("td")
        ]
        for row in rows
    }


@pytest.fixture
def submitted(engineer: Any, annex_a_control: Any) -> dict[str, Evidence]:
    """A PDF uploaded by hand on 2 Nov, the same PDF pushed through the API on 3 Nov, and a CSV."""
    engineer.first_name, engineer.last_name = "Erik", "Lund"
    engineer.save()
    made = {}
    for day, title, content, source in [
        (2, "Scan by hand", a_file(pdf_bytes(), "scan.pdf"), "manual"),
        (3, "Scan from CI", a_file(pdf_bytes(), "scan-ci.pdf"), "api"),
        (4, "Findings export", a_file(CSV_BYTES, "findings.csv"), "manual"),
    ]:
        moment = datetime.datetime(2026, 11, day, 9, 30, tzinfo=datetime.UTC)
        with time_machine.travel(moment, tick=False):
            made[title] = make_evidence(
                title=title,
                controls=[annex_a_control],
                produced_by=engineer,
                content=content,
                source=source,
                period=(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
            )
    return made


def test_it_shows_who_submitted_each_item_when_and_how_the_longest_waiting_first(
    client_for: Callable[[str], Client], submitted: dict[str, Evidence]
) -> None:
    rows = queue_rows(client_for("officer").get(QUEUE))

    assert list(rows) == ["Scan by hand", "Scan from CI", "Findings export"]
    assert rows["Scan by hand"][1:4] == [
        "Erik Lund",
        "2 Nov 2026, 10:30 CET",
        "Uploaded by hand",
    ]
    assert rows["Scan from CI"][1:4] == [
        "Erik Lund",
        "3 Nov 2026, 10:30 CET",
        "Pushed through the API",
    ]
    assert rows["Findings export"][4] == "findings.csv text/csv, 62 bytes"


def test_two_pending_items_with_the_same_bytes_each_name_the_other(
    client_for: Callable[[str], Client], submitted: dict[str, Evidence]
) -> None:
    rows = queue_rows(client_for("officer").get(QUEUE))

    assert "also waiting for review as “Scan from CI”" in rows["Scan by hand"][0]
    assert "also waiting for review as “Scan by hand”" in rows["Scan from CI"][0]
    assert "same SHA-256" not in rows["Findings export"][0]


def test_the_review_page_warns_of_the_twin_and_stops_once_it_is_reviewed(
    client_for: Callable[[str], Client], submitted: dict[str, Evidence], officer: Any
) -> None:
    client = client_for("officer")
    by_hand, from_ci = submitted["Scan by hand"], submitted["Scan from CI"]

    warning = page_soup(client.get(reverse("evidence:inspect", args=[by_hand.pk]))).select_one(
        ".evidence-same-bytes"
    )
    assert warning is not None
    assert warning.a["href"] == reverse("evidence:inspect", args=[from_ci.pk])

    evidence_review(evidence=from_ci, by=officer, decision=ReviewStatus.ACCEPTED)
    page = page_soup(client.get(reverse("evidence:inspect", args=[by_hand.pk])))
    assert page.select_one(".evidence-same-bytes") is None


def test_the_review_page_puts_the_files_before_the_form_and_says_who_submitted(
    client_for: Callable[[str], Client], submitted: dict[str, Evidence]
) -> None:
    evidence = submitted["Scan from CI"]
    page = page_soup(client_for("officer").get(reverse("evidence:inspect", args=[evidence.pk])))

    headings = [squeeze(h.get_text()) for h in page.select("main h2")]
    assert headings.index("Revisions") < headings.index("Review")
    download = page.select_one("a[download]")
    assert download.get_text() == "scan-ci.pdf"
    assert download.find_parent("section").find_next_sibling("section").h2.get_text() == "Review"
    summary = squeeze(page.select_one(".evidence-summary").get_text(" "))
    assert "Source Pushed through the API" in summary
    assert "Submitted 3 Nov 2026, 10:30 CET by Erik Lund" in summary


def test_it_is_empty_when_nothing_waits(client_for: Callable[[str], Client]) -> None:
    assert "Nothing is waiting for review" in client_for("officer").get(QUEUE).text


@pytest.mark.parametrize("persona", ["engineer", "sales", "auditor", "auditor_in_scope"])
def test_who_may_not_review_gets_a_404(
    client_for: Callable[[str], Client], submitted: dict[str, Evidence], persona: str
) -> None:
    assert client_for(persona).get(QUEUE).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_who_has_no_admin_is_sent_to_sign_in(
    client_for: Callable[[str], Client], persona: str
) -> None:
    assert_sent_to_sign_in(client_for(persona).get(QUEUE), QUEUE)


def test_an_engineer_is_not_told_of_a_twin_they_may_not_see(
    client_for: Callable[[str], Client],
    login: Callable[[Any], Client],
    submitted: dict[str, Evidence],
    annex_a_control: Any,
    other_engineer: Any,
) -> None:
    copy = make_evidence(
        title="Someone else's copy",
        controls=[annex_a_control],
        produced_by=other_engineer,
        content=a_file(CSV_BYTES, "copy.csv"),
    )
    url = reverse("evidence:inspect", args=[copy.pk])

    officers_page = page_soup(client_for("officer").get(url))
    engineers_page = login(other_engineer).get(url)

    assert "“Findings export”" in officers_page.select_one(".evidence-same-bytes").get_text()
    assert engineers_page.status_code == 200
    assert page_soup(engineers_page).select_one(".evidence-same-bytes") is None
