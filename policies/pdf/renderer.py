"""Render a published document version to the PDF that customers download and auditors keep.

A version is rendered once, when it is published, and the bytes are stored with the version
record. Everything the PDF shows therefore comes from the frozen ``PdfSource``; nothing is read
from the clock, the network or the active language, so the file describes the version and not
the moment or the machine that rendered it.

How it is wired: ``render_pdf`` gives every body heading an anchor (``anchor_headings``), renders
``policies/pdf/document.html`` with the result, and lays it out with WeasyPrint using
``document.css`` from this folder. Footers, the table of contents' page numbers and the PDF
metadata are all produced by WeasyPrint from that HTML and CSS, through the shared pipeline in
``isms.pdf`` (files only from this folder and the site's static files, such as the Inter font;
the logo from the bytes in the source; the same bytes for the same source).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from isms.pdf import Resource, SafeFileFetcher, human_date, render_html_to_pdf
from isms.pdf.dates import utc_iso, utc_long
from policies.headings import AnchoredBody
from policies.headings import anchor_headings as anchor_body_headings
from policies.versioning import pdf_filename

PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEET = PACKAGE_DIR / "document.css"
TEMPLATE_NAME = "policies/pdf/document.html"

# Ids the template gives its own elements; a body heading must never take one of them.
TEMPLATE_IDS = frozenset(
    {"pdf-cover", "pdf-changes-title", "pdf-contents", "pdf-contents-title", "pdf-body"}
)

# Where the template points for the organisation's logo. The fetcher answers this one address
# from the bytes in the source, so the logo is never read from storage or the network.
LOGO_URL = "pdf-source:logo"
LOGO_MEDIA_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

# Characters of the title that fit in the footer's left half at its type size.
FOOTER_TITLE_LIMIT = 56

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
    if source.published_at.utcoffset() is None:
        raise ValueError("published_at must be timezone-aware; it becomes the PDF creation date.")
    body = anchor_headings(source.body_html)
    html = render_to_string(TEMPLATE_NAME, _template_context(source, body))
    output = render_html_to_pdf(
        html=html,
        stylesheets=[STYLESHEET],
        base_dir=PACKAGE_DIR,
        roots=[PACKAGE_DIR],
        resources=_resources(source.logo),
    )
    return RenderedPdf(
        content=output.content,
        page_count=output.page_count,
        sha256=output.sha256,
        filename=pdf_filename(
            slug=source.slug, version=source.version, effective_date=source.effective_date
        ),
    )


def _template_context(source: PdfSource, body: AnchoredBody) -> dict[str, Any]:
    return {
        "source": source,
        # The interface promises body_html is trusted markup written through the editor.
        "body_html": mark_safe(body.html),  # noqa: S308
        "headings": body.headings,
        "subject": (
            f"{source.kind_label}, version {source.version}, "
            f"effective {source.effective_date.isoformat()}"
        ),
        "footer_title": footer_title(source.title),
        "effective_iso": source.effective_date.isoformat(),
        "effective_long": human_date(source.effective_date),
        "published_long": utc_long(source.published_at),
        "published_iso": utc_iso(source.published_at),
        "logo_url": LOGO_URL if source.logo else "",
        "next_review_long": human_date(source.next_review_date) if source.next_review_date else "",
        "next_review_iso": source.next_review_date.isoformat() if source.next_review_date else "",
    }


def footer_title(title: str) -> str:
    """Shorten a title to what fits on one footer line; the cover always shows it in full."""
    if len(title) <= FOOTER_TITLE_LIMIT:
        return title
    cut = title[: FOOTER_TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return f"{cut}…"


def logo_media_type(content: bytes) -> str:
    """Tell a PNG or JPEG by its signature; anything else is taken to be SVG."""
    return next(
        (kind for signature, kind in LOGO_MEDIA_TYPES.items() if content.startswith(signature)),
        "image/svg+xml",
    )


def pdf_fetcher(*, logo: PdfLogo | None = None) -> SafeFileFetcher:
    """What a document's PDF may read: this folder, static files, and the logo it was given."""
    return SafeFileFetcher([PACKAGE_DIR], resources=_resources(logo))


def _resources(logo: PdfLogo | None) -> dict[str, Resource]:
    return {LOGO_URL: logo} if logo else {}


def anchor_headings(body_html: str) -> AnchoredBody:
    """The body with an id on every h2/h3, none of them one the PDF template uses itself."""
    return anchor_body_headings(body_html, reserved=TEMPLATE_IDS)
