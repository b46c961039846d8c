"""Evidence goes from a security engineer, through an officer's review, onto the control."""

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evidence.models import Evidence
from tests.e2e.conftest import BrowserSession
from tests.e2e.content import sign_in_to_admin
from tests.evidence.files import pdf_bytes

TITLE = "Vulnerability scan, production, October"


@pytest.mark.e2e
def test_an_engineer_attaches_a_pdf_an_officer_accepts_it_and_the_control_is_fresh(
    live_server: Any,
    new_browser_session: Callable[[], BrowserSession],
    officer: Any,
    engineer: Any,
    annex_a_control: Any,
    tmp_path: Path,
) -> None:
    today = timezone.localdate()
    control_url = f"{live_server.url}/admin/controls/inspect/{annex_a_control.pk}/"
    scan = tmp_path / "scan-report.pdf"
    scan.write_bytes(pdf_bytes(pages=2))

    # The engineer attaches a scan report to A.8.8 from the control's page.
    engineer_session = new_browser_session()
    page = engineer_session.page
    sign_in_to_admin(page, live_server.url, engineer)
    page.goto(control_url)
    expect(page.get_by_text("No accepted evidence yet")).to_be_visible()
    page.get_by_role("link", name="Attach evidence").click()
    for label, day in (
        ("Covers from", today - timedelta(days=31)),
        ("Covers until", today - timedelta(days=1)),
    ):
        page.get_by_label(label).fill(day.isoformat())
        page.get_by_label(label).press("Escape")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("radio", name="File").check()
    page.get_by_label("File to upload").set_input_files(scan)
    # From the keyboard, as the date pickers may still hang over the button for a pointer.
    page.get_by_role("button", name="Submit for review").press("Enter")
    expect(page.get_by_text("a compliance officer will review it")).to_be_visible()
    expect(page.get_by_role("link", name="scan-report.pdf")).to_be_visible()
    engineer_session.console.assert_no_csp_violations()

    # The officer finds it in the review queue and accepts it.
    officer_session = new_browser_session()
    review = officer_session.page
    sign_in_to_admin(review, live_server.url, officer)
    review.goto(f"{live_server.url}/admin/evidence/?status=submitted")
    review.get_by_role("link", name=TITLE).click()
    review.get_by_label("Accept").check()
    review.get_by_role("button", name="Record the review").click()
    expect(review.get_by_text(f"“{TITLE}” is accepted.")).to_be_visible()

    # The control now shows fresh evidence.
    review.goto(control_url)
    section = review.locator("section.control-evidence")
    expect(section).to_contain_text("Fresh")
    expect(section.get_by_role("link", name=TITLE)).to_be_visible()
    expect(section).to_contain_text(re.compile(r"Accepted, fresh"))
    officer_session.console.assert_no_csp_violations()
    assert Evidence.objects.get().current_revision.media_type == "application/pdf"
