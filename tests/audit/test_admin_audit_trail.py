"""The audit trail in the admin: officers read, filter, inspect and export it; nobody changes it.

Staff without the permission get a 404, so the trail does not say which events exist; people
without admin access are sent to sign in by Wagtail before any of this runs.
"""

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from isms.audit.models import AuditEvent
from isms.audit.services import audit_record
from tests.factories import UserFactory
from tests.html import page_soup, squeeze

INDEX = "/admin/audit_trail/"
# Declared, so pytest-django runs these before tests that flush the database.
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client_for: Callable[[str], Client]) -> Client:
    """Signed in before the events below: the officer's own sign-in is event #1."""
    return client_for("officer")


@pytest.fixture
def other_client(request: pytest.FixtureRequest) -> Callable[[str], Client]:
    """A client of its own for another persona, apart from the officer's."""

    def _other_client(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return _other_client


@pytest.fixture
def events(officer_client: Client, policy: Any, time_machine: Any) -> list[AuditEvent]:
    approver = UserFactory(username="kari", first_name="Kari", last_name="Nordmann")
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False)
    first = audit_record(action="auth.sign_in", actor=approver)
    time_machine.move_to(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), tick=False)
    second = audit_record(action="document.approved", actor=approver, target=policy)
    third = audit_record(
        action="auth.sign_in_failed", actor=None, detail={"username": "=HYPERLINK(1)"}
    )
    return [first, second, third]


def listed(response: Any) -> list[str]:
    """The sequence numbers in the listing, top to bottom."""
    cells = [
        row.find("td").get_text(" ", strip=True) for row in page_soup(response).select("tbody tr")
    ]
    return [cell.split()[0] for cell in cells]


def test_it_lists_the_trail_newest_first_for_officers(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(INDEX)

    assert response.status_code == 200
    assert listed(response) == ["4", "3", "2", "1"]
    assert "Document approved in review" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=auth.sign_in", ["2", "1"]),
        ("actor=kari", ["3", "2"]),
        ("actor=olivia+berg", ["1"]),
        ("occurred_at_from=2026-03-02&occurred_at_to=2026-03-31", ["4", "3"]),
        ("occurred_at_from=2026-03-01&occurred_at_to=2026-03-01", ["2"]),
    ],
)
def test_it_filters_the_trail(
    officer_client: Client, events: list[AuditEvent], query: str, expected: list[str]
) -> None:
    response = officer_client.get(f"{INDEX}?{query}")

    assert listed(response) == expected


def test_it_filters_by_target_type(officer_client: Client, events: list[AuditEvent]) -> None:
    target_type = events[1].target_type_id

    response = officer_client.get(f"{INDEX}?target_type={target_type}")

    assert listed(response) == ["3"]


@pytest.mark.parametrize(
    "query", ["occurred_at_from=tomorrow", "action=nonsense", "target_type=abc", "actor=abc"]
)
def test_it_answers_bad_filters_without_an_error(
    officer_client: Client, events: list[AuditEvent], query: str
) -> None:
    assert officer_client.get(f"{INDEX}?{query}").status_code == 200


def test_it_refuses_a_nul_character_in_a_filter_as_bad_input(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    assert officer_client.get(f"{INDEX}?actor=%00").status_code == 400


def test_it_exports_the_filtered_trail_as_csv(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(f"{INDEX}?export=csv&action=auth.sign_in_failed")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert 'filename="audit-trail.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["Sequence"] == "4"
    assert rows[0]["HMAC-SHA-256"] == events[2].hash
    # What a visitor typed as a user name is exported as text, never as a spreadsheet formula.
    assert rows[0]["Detail"] == '{"username": "=HYPERLINK(1)"}'


def test_its_csv_export_gives_times_in_utc_and_says_so(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(f"{INDEX}?export=csv&action=document.approved")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert "Occurred at" not in rows[0]
    # 09:00 UTC is 10:00 in Oslo, where the admin shows it; the file says UTC in both places.
    assert rows[0]["Occurred at (UTC)"] == "2026-03-05 09:00:00 UTC"


def test_its_xlsx_export_gives_times_in_utc_and_says_so(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(f"{INDEX}?export=xlsx&action=document.approved")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    headings, row = (list(values) for values in sheet.iter_rows(values_only=True))
    assert dict(zip(headings, row, strict=True))["Occurred at (UTC)"] == ("2026-03-05 09:00:00 UTC")


def test_its_other_columns_keep_their_headings(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(f"{INDEX}?export=csv&action=document.approved")

    headings = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [heading for heading in headings if "UTC" in heading] == ["Occurred at (UTC)"]
    assert "Sequence" in headings


def test_its_inspect_page_shows_the_time_in_the_configured_zone(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(f"{INDEX}inspect/{events[1].sequence}/")

    soup = page_soup(response)
    fields = {
        squeeze(dt.get_text()): dd
        for dt, dd in zip(soup.select("main dl dt"), soup.select("main dl dd"), strict=True)
    }
    assert squeeze(fields["Occurred at"].get_text()) == "5 Mar 2026, 10:00 CET"
    assert fields["Occurred at"].find("time")["datetime"] == "2026-03-05T09:00:00+00:00"


def test_it_lets_officers_inspect_an_event(
    officer_client: Client, events: list[AuditEvent]
) -> None:
    response = officer_client.get(f"{INDEX}inspect/3/")

    assert response.status_code == 200
    assert events[1].hash in response.content.decode()
    assert events[1].previous_hash in response.content.decode()


@pytest.mark.parametrize("pk", ["99", "abc", "1" * 30, "²"])
def test_it_answers_404_for_an_event_that_does_not_exist(
    officer_client: Client, events: list[AuditEvent], pk: str
) -> None:
    assert officer_client.get(f"{INDEX}inspect/{pk}/").status_code == 404


def test_it_shows_officers_the_menu_item(officer_client: Client) -> None:
    response = officer_client.get(reverse("wagtailadmin_home"))

    assert INDEX in response.content.decode()


@pytest.mark.parametrize("persona", ["engineer", "sales", "auditor"])
def test_it_hides_the_trail_from_other_staff_with_a_404(
    other_client: Callable[[str], Client], events: list[AuditEvent], persona: str
) -> None:
    client = other_client(persona)

    assert client.get(INDEX).status_code == 404
    assert client.get(f"{INDEX}?export=csv").status_code == 404
    assert client.get(f"{INDEX}results/").status_code == 404
    assert client.get(f"{INDEX}inspect/1/").status_code == 404
    assert client.get(f"{INDEX}inspect/99/").status_code == 404
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_to_sign_in(
    other_client: Callable[[str], Client], events: list[AuditEvent], persona: str
) -> None:
    client = other_client(persona)
    for url in (INDEX, f"{INDEX}?export=csv", f"{INDEX}inspect/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name", ["add", "edit", "delete"])
def test_there_is_no_view_to_change_the_trail(name: str) -> None:
    with pytest.raises(NoReverseMatch):
        reverse(f"audit_trail:{name}", args=[1] if name != "add" else [])


def test_the_listing_offers_no_add_button(officer_client: Client, events: list[AuditEvent]) -> None:
    content = officer_client.get(INDEX).content.decode()

    assert "Add audit event" not in content
