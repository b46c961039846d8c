"""Render a published SoA version to the PDF that auditors and customers receive.

How it is wired: ``soa_pdf_source`` reads everything the PDF shows from the frozen version and
its rows; ``render_soa_pdf`` renders ``frameworks/soa/pdf.html`` (which extends the shared
``isms/pdf/base.html``: cover, running header and footer, metadata) and lays it out through the
shared pipeline with ``isms/pdf/base.css`` and this folder's ``soa.css``. Nothing comes from the
clock, the network or the working copy of the entries, so the same version renders the same bytes.
"""

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from isms.frameworks.models import ImplementationStatus, SoaVersion
from isms.frameworks.soa.selectors import SoaSummary, soa_summary, soa_version_entries
from isms.pdf import Resource, render_html_to_pdf
from isms.pdf.cover import BASE_STYLESHEET, LOGO_URL, PDF_DIR, PdfCover, cover_context
from isms.pdf.logo import organisation_logo

PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEETS = (BASE_STYLESHEET, PACKAGE_DIR / "soa.css")
TEMPLATE_NAME = "frameworks/soa/pdf.html"
TITLE = "Statement of Applicability"
SCOPE = "ISO/IEC 27001:2022, Annex A"


@dataclass(frozen=True)
class SoaPdfRow:
    ref: str
    title: str
    applicable: bool
    justification: str
    status: str


@dataclass(frozen=True)
class SoaPdfTheme:
    ref: str
    title: str
    rows: tuple[SoaPdfRow, ...]


@dataclass(frozen=True)
class SoaPdfSource:
    """The frozen facts of one published SoA version, everything its PDF may show."""

    cover: PdfCover
    published_by: str
    framework: str
    themes: tuple[SoaPdfTheme, ...]
    summary: SoaSummary
    logo: Resource | None = None


@dataclass(frozen=True)
class RenderedSoaPdf:
    content: bytes
    page_count: int
    sha256: str


def soa_pdf_source(version: SoaVersion) -> SoaPdfSource:
    entries = soa_version_entries(version.pk)
    logo = organisation_logo()
    themes = tuple(
        SoaPdfTheme(ref=ref, title=title, rows=tuple(_row(entry) for entry in rows))
        for (ref, title), rows in groupby(entries, key=lambda e: (e.theme_ref, e.theme_title))
    )
    return SoaPdfSource(
        cover=PdfCover(
            title=TITLE,
            kind_label=SCOPE,
            version=version.number,
            effective_date=version.effective_date,
            published_at=version.published_at,
            publisher=version.publisher,
            approved_by=version.approved_by_name,
            classification=version.get_classification_display(),
            summary="Which Annex A controls apply to our information security management "
            "system, why, and how far each is implemented (ISO/IEC 27001:2022, clause 6.1.3 d).",
            change_summary=version.change_summary,
            has_logo=logo is not None,
        ),
        published_by=version.published_by_name,
        framework=SCOPE,
        themes=themes,
        summary=soa_summary(entries),
        logo=logo,
    )


def _row(entry: Any) -> SoaPdfRow:
    return SoaPdfRow(
        ref=entry.ref,
        title=entry.title,
        applicable=entry.applicable,
        justification=entry.justification,
        status=ImplementationStatus(entry.implementation_status).label,
    )


def render_soa_pdf(source: SoaPdfSource) -> RenderedSoaPdf:
    """Lay out the version's PDF; the caller stores the result, it is never rendered again."""
    html = render_to_string(TEMPLATE_NAME, {**cover_context(source.cover), "source": source})
    output = render_html_to_pdf(
        html=html,
        stylesheets=STYLESHEETS,
        base_dir=PACKAGE_DIR,
        roots=[PACKAGE_DIR, PDF_DIR],
        resources={LOGO_URL: source.logo} if source.logo else {},
    )
    return RenderedSoaPdf(
        content=output.content, page_count=output.page_count, sha256=output.sha256
    )


def render_soa_version_pdf(version: SoaVersion) -> RenderedSoaPdf:
    """A published ``SoaVersion``'s PDF, from its frozen rows (``pdf_renderer``)."""
    return render_soa_pdf(soa_pdf_source(version))
