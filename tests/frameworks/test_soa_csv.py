"""The SoA as CSV: a published version's rows and the current entries, guarded against formulas."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from isms.frameworks.models import SoaVersion
from tests.frameworks.conftest import EXCLUSION, exclude, publish

HEADER = ["control", "title", "theme", "applicable", "justification", "implementation status"]


def rows_of(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def version(annex_a: Any, officer: Any, approver: Any) -> SoaVersion:
    exclude("A.7.1", by=officer)
    return publish(by=officer, approved_by=approver)


def test_a_version_downloads_as_csv_with_one_row_per_control(
    client_for: Any, version: SoaVersion
) -> None:
    response = client_for("officer").get(reverse("soa_versions:csv", args=[version.pk]))

    rows = rows_of(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="statement-of-applicability-v1.0-2026-01-01.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert rows[0] == HEADER
    assert len(rows) == 8
    assert rows[4] == [
        "iso27001-2022:A.7.1",
        "Control A.7.1",
        "A.7 Group",
        "no",
        EXCLUSION,
        "Not applicable (excluded)",
    ]


def test_a_version_csv_keeps_the_published_rows(
    client_for: Any, version: SoaVersion, officer: Any
) -> None:
    exclude("A.8.8", by=officer, justification="Later.")

    rows = rows_of(client_for("officer").get(reverse("soa_versions:csv", args=[version.pk])))

    assert [row[3] for row in rows if row[0].endswith("A.8.8")] == ["yes"]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)"])
def test_a_justification_never_becomes_a_formula(
    client_for: Any, annex_a: Any, officer: Any, formula: str
) -> None:
    exclude("A.7.1", by=officer, justification=formula)

    rows = rows_of(client_for("officer").get(reverse("soa_entries:csv")))

    assert [row[4] for row in rows if row[0].endswith("A.7.1")] == [f"'{formula}"]


def test_the_current_entries_download_as_a_draft(client_for: Any, annex_a: Any) -> None:
    response = client_for("engineer").get(reverse("soa_entries:csv"))

    rows = rows_of(response)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="statement-of-applicability-draft-'
    )
    assert [row[0] for row in rows[1:]][:2] == ["iso27001-2022:A.5.1", "iso27001-2022:A.5.15"]
    assert len(rows) == 8


@pytest.mark.parametrize("persona", ["sales", "outsider"])
def test_people_who_may_not_see_the_soa_get_no_csv(
    client_for: Callable[[str], Client], version: SoaVersion, persona: str
) -> None:
    client = client_for(persona)

    assert client.get(reverse("soa_versions:csv", args=[version.pk])).status_code in (302, 404)
    draft = client.get(reverse("soa_entries:csv"))
    assert draft.status_code in (302, 404)
    assert b"iso27001" not in draft.content
