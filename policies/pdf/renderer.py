"""Render a published document version to the PDF that customers download and auditors keep.

A version is rendered once, when it is published, and the bytes are stored with the version
record. Everything the PDF shows therefore comes from the frozen ``PdfSource``; nothing is read
from the clock, the network or the active language, so the file describes the version and not
the moment or the machine that rendered it.

How it is wired: ``render_pdf`` gives every body heading an anchor (``anchor_headings``), renders
``policies/pdf/document.html`` with the result, and lays it out with WeasyPrint using the shared
``isms/pdf/base.css`` and ``document.css`` from this folder. The template extends the shared
``isms/pdf/base.html`` (cover, running header and footer, metadata; ``isms.pdf.cover``) and adds
the table of contents and the body. Footers, the table of contents' page numbers and the PDF
metadata are all produced by WeasyPrint from that HTML and CSS, through the shared pipeline in
``isms.pdf`` (files only from this folder, the shared one and the site's static files, such as the
Inter font; the logo from the bytes in the source; the same bytes for the same source).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from isms.pdf import Resource, SafeFileFetcher, human_date, render_html_to_pdf
from isms.pdf.cover import (
    BASE_STYLESHEET,
    FOOTER_TITLE_LIMIT,
    LOGO_URL,
    PDF_DIR,
    PdfCover,
    cover_context,
    footer_title,
    logo_media_type,
)
from isms.pdf.logo import organisation_logo
from isms.records.numbers import versioned_file_stem
from policies.headings import AnchoredBody
from policies.headings import anchor_headings as anchor_body_headings

PACKAGE_DIR = Path(__file__).resolve().parent
# The shared sheet (web font, page, running header and footer, cover), then the body's own.
STYLESHEET = BASE_STYLESHEET
STYLESHEETS = (BASE_STYLESHEET, PACKAGE_DIR / "document.css")
ROOTS = (PACKAGE_DIR, PDF_DIR)
TEMPLATE_NAME = "policies/pdf/document.html"

# Ids the template gives its own elements; a body heading must never take one of them.
TEMPLATE_IDS = frozenset(
    {"pdf-cover", "pdf-changes-title", "pdf-contents", "pdf-contents-title", "pdf-body"}
)

# FOOTER_TITLE_LIMIT, LOGO_URL, footer_title and logo_media_type moved to isms.pdf.cover and
# are still importable from here.
__all__ = [
    "FOOTER_TITLE_LIMIT",
    "LOGO_URL",
    "PACKAGE_DIR",
    "STYLESHEET",
    "STYLESHEETS",
    "TEMPLATE_IDS",
    "TEMPLATE_NAME",
    "PdfLogo",
    "PdfSource",
    "RenderedPdf",
    "anchor_headings",
    "footer_title",
    "logo_media_type",
    "pdf_fetcher",
    "render_document_version_pdf",
    "render_pdf",
]

# The organisation's logo as a file's bytes (SVG, PNG or JPEG), handed to the renderer.
PdfLogo = Resource


@dataclass(frozen=True)
class PdfSource:
    """The frozen facts of one published version, everything its PDF may show."""

    title: str
    slug: str
    kind_label: str
    version: str
    effective_date: datetime.date
    published_at: datetime.datetime
    publisher: str
    approved_by: str
    summary: str
    change_summary: str
    body_html: str
    classification: str = ""
    document_owner: str = ""
    next_review_date: datetime.date | None = None
    logo: PdfLogo | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF with what the version record stores next to it."""

    content: bytes
    page_count: int
    sha256: str
    filename: str


def render_pdf(source: PdfSource) -> RenderedPdf:
    """Lay out the version's PDF; the caller stores the result, it is never rendered again."""
    body = anchor_headings(source.body_html)
    html = render_to_string(TEMPLATE_NAME, _template_context(source, body))
    output = render_html_to_pdf(
        html=html,
        stylesheets=STYLESHEETS,
        base_dir=PACKAGE_DIR,
        roots=ROOTS,
        resources=_resources(source.logo),
    )
    return RenderedPdf(
        content=output.content,
        page_count=output.page_count,
        sha256=output.sha256,
        filename=versioned_file_stem(
            slug=source.slug, number=source.version, effective_date=source.effective_date
        )
        + ".pdf",
    )


def render_document_version_pdf(version: Any) -> RenderedPdf:
    """A published ``DocumentVersion``'s PDF, from its frozen fields (``pdf_renderer``)."""
    return render_pdf(
        PdfSource(
            title=version.title,
            slug=version.slug,
            kind_label=version.get_kind_display(),
            version=version.number,
            effective_date=version.effective_date,
            published_at=version.published_at,
            publisher=version.publisher,
            approved_by=version.approved_by_name,
            authors=tuple(version.author_names),
            summary=version.summary,
            change_summary=version.change_summary,
            body_html=version.body_html,
            classification=version.get_classification_display(),
            document_owner=version.document_owner,
            next_review_date=version.next_review_date,
            logo=organisation_logo(),
        )
    )


def _template_context(source: PdfSource, body: AnchoredBody) -> dict[str, Any]:
    return {
        **cover_context(_cover(source)),
        "source": source,
        # The interface promises body_html is trusted markup written through the editor.
        "body_html": mark_safe(body.html),  # noqa: S308
        "headings": body.headings,
        "next_review_long": human_date(source.next_review_date) if source.next_review_date else "",
        "next_review_iso": source.next_review_date.isoformat() if source.next_review_date else "",
    }


def _cover(source: PdfSource) -> PdfCover:
    return PdfCover(
        title=source.title,
        kind_label=source.kind_label,
        version=source.version,
        effective_date=source.effective_date,
        published_at=source.published_at,
        publisher=source.publisher,
        approved_by=source.approved_by,
        classification=source.classification,
        summary=source.summary,
        change_summary=source.change_summary,
        has_logo=source.logo is not None,
    )


def pdf_fetcher(*, logo: PdfLogo | None = None) -> SafeFileFetcher:
    """What a document's PDF may read: this folder, static files, and the logo it was given."""
    return SafeFileFetcher(ROOTS, resources=_resources(logo))


def _resources(logo: PdfLogo | None) -> dict[str, Resource]:
    return {LOGO_URL: logo} if logo else {}


def anchor_headings(body_html: str) -> AnchoredBody:
    """The body with an id on every h2/h3, none of them one the PDF template uses itself."""
    return anchor_body_headings(body_html, reserved=TEMPLATE_IDS)
