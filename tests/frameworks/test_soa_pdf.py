"""The PDF of a published SoA version, rendered by WeasyPrint: what an auditor reads in it."""

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from isms.frameworks.models import SoaVersion
from isms.frameworks.soa.pdf import render_soa_pdf, soa_pdf_source
from tests.frameworks.conftest import EXCLUSION, exclude, publish


@pytest.fixture
def version(annex_a: Any, officer: Any, approver: Any) -> SoaVersion:
    exclude("A.7.1", by=officer)
    return publish(by=officer, approved_by=approver, number="2.3")


def pages_text(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_it_lists_every_control_with_its_applicability(version: SoaVersion) -> None:
    text = " ".join(pages_text(render_soa_pdf(soa_pdf_source(version)).content))

    for ref in ("A.5.1", "A.5.15", "A.6.3", "A.7.1", "A.7.4", "A.8.8", "A.8.13"):
        assert ref in text
    assert EXCLUSION in text
    assert "Not applicable (excluded)" in text
    assert "6.1.3" not in text.replace("clause 6.1.3 d", "")


def test_its_cover_names_title_version_date_and_approver(version: SoaVersion) -> None:
    cover = pages_text(render_soa_pdf(soa_pdf_source(version)).content)[0]

    assert "Statement of Applicability" in cover
    assert "Version 2.3" in cover
    assert "1 January 2026" in cover
    assert "Approved by Camilla Holm" in cover
    assert "Submitted by Olivia Berg" in cover
    assert "Classification Confidential" in cover


def test_every_page_says_version_date_and_page_x_of_y(
    version: SoaVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = render_soa_pdf(soa_pdf_source(version))
    pages = pages_text(rendered.content)

    assert rendered.page_count == len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Version 2.3" in text, number
        assert "2026-01-01" in text, number
        assert re.search(rf"\bPage {number} of {len(pages)}\b", text), number


def test_it_records_title_and_version_as_metadata(version: SoaVersion) -> None:
    metadata = PdfReader(io.BytesIO(render_soa_pdf(soa_pdf_source(version)).content)).metadata

    assert metadata is not None
    assert metadata.title == "Statement of Applicability"
    assert metadata.subject == "ISO/IEC 27001:2022, Annex A, version 2.3, effective 2026-01-01"
    assert metadata.creation_date == version.published_at.replace(microsecond=0)


def test_the_same_version_renders_to_the_same_bytes(version: SoaVersion) -> None:
    first = render_soa_pdf(soa_pdf_source(version))
    second = render_soa_pdf(soa_pdf_source(version))

    assert first.content == second.content
    assert first.sha256 == second.sha256


def test_it_renders_the_rows_of_the_version_not_the_current_entries(
    version: SoaVersion, officer: Any
) -> None:
    exclude("A.8.8", by=officer, justification="A later change, not in version 2.3.")

    text = " ".join(pages_text(render_soa_pdf(soa_pdf_source(version)).content))

    assert "A later change" not in text
