"""A customer finds the edition of a document that applied on the day they signed, and keeps it."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import ConsoleLog
from tests.e2e.content import publish_demo_document

VCDM_TITLE = "Vendela Cloud Delivery Model (VCDM)"


@pytest.mark.e2e
def test_customer_downloads_the_version_in_force_on_the_day_they_signed(
    live_server: Any, page: Page, console: ConsoleLog, officer: Any, tmp_path: Path
) -> None:
    vcdm = publish_demo_document("vcdm", officer=officer)  # versions 1.0, 1.1 and 2.0

    # The Trust Centre home leads to the document.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=VCDM_TITLE, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}{vcdm.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(VCDM_TITLE)

    # Which version applied on 30 June 2024? The "as of" form answers.
    page.get_by_label("Date", exact=True).fill("2024-06-30")
    page.get_by_role("button", name="Look up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/as-of/\?date=2024-06-30$"))
    version_bar = page.get_by_role("region", name="Version shown")
    expect(version_bar).to_contain_text("Version 1.0")
    expect(version_bar).to_contain_text("Effective 15 January 2024, until 31 January 2025")
    expect(page.get_by_role("status")).to_have_text(
        "On 30 June 2024, version 1.0 of this document was in force."
    )

    # Keep a copy of exactly that version.
    download_link = version_bar.get_by_role("link", name=re.compile(r"^Download PDF version 1\.0,"))
    pdf_url = f"{live_server.url}{download_link.get_attribute('href')}"
    response = page.request.get(pdf_url)
    assert response.status == 200, f"GET {pdf_url} answered {response.status}, not the PDF"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "vcdm-v1.0-2024-01-15.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    reader = PdfReader(saved)
    assert len(reader.pages) >= 2, "the VCDM is long enough to take several pages"
    for number, pdf_page in enumerate(reader.pages, start=1):
        text = pdf_page.extract_text()
        assert "Version 1.0" in text, f"page {number} of the PDF does not name version 1.0"
        assert "2024-01-15" in text, f"page {number} of the PDF does not give the effective date"

    console.assert_no_csp_violations()
