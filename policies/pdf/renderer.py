"""Render a published document version to the PDF that customers download and auditors keep.

A version is rendered once, when it is published, and the bytes are stored with the version
record. Everything the PDF shows therefore comes from the frozen ``PdfSource``; nothing is read
from the clock, the network or the active language, so the file describes the version and not
the moment or the machine that rendered it.

How it is wired: ``render_pdf`` gives every body heading an anchor (``anchor_headings``), renders
``policies/pdf/document.html`` with the result, and lays it out with WeasyPrint using
``document.css`` from this folder. Footers, the table of contents' page numbers and the PDF
metadata are all produced by WeasyPrint from that HTML and CSS; the Inter font comes from the
site's static files (``PackageFileFetcher``).
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, override
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from policies.headings import AnchoredBody
from policies.headings import anchor_headings as anchor_body_headings
from policies.versioning import pdf_filename

PACKAGE_DIR = Path(__file__).resolve().parent
# document.css names the web font as "static:fonts/...": a static file, never a network address.
STATIC_SCHEME = "static:"
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

# Written out rather than taken from strftime("%B") or Django's date filter, which follow the
# process locale and the active language: the stored bytes must not depend on the worker.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class PdfLogo:
    """The organisation's logo as a file's bytes: SVG, PNG or JPEG."""

    content: bytes
    media_type: str


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
    content, page_count = _write_pdf(html, logo=source.logo)
    return RenderedPdf(
        content=content,
        page_count=page_count,
        sha256=hashlib.sha256(content).hexdigest(),
        filename=pdf_filename(
            slug=source.slug, version=source.version, effective_date=source.effective_date
        ),
    )


def _template_context(source: PdfSource, body: AnchoredBody) -> dict[str, Any]:
    published_utc = source.published_at.astimezone(datetime.UTC)
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
        "published_long": f"{human_date(published_utc.date())}, {published_utc:%H:%M} UTC",
        "published_iso": published_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
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


def human_date(value: datetime.date) -> str:
    """Format a date the way the documents are written: "1 February 2025"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def logo_media_type(content: bytes) -> str:
    """Tell a PNG or JPEG by its signature; anything else is taken to be SVG."""
    return next(
        (kind for signature, kind in LOGO_MEDIA_TYPES.items() if content.startswith(signature)),
        "image/svg+xml",
    )


def _write_pdf(html: str, *, logo: PdfLogo | None) -> tuple[bytes, int]:
    fetcher = PackageFileFetcher(logo=logo)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=fetcher).render(
        font_config=font_config,
        stylesheets=[CSS(filename=STYLESHEET, url_fetcher=fetcher, font_config=font_config)],
    )
    content = document.write_pdf(
        # A tagged PDF lets screen readers follow headings, lists and reading order.
        pdf_tags=True,
        # Derived from the content rather than random, so re-renders stay byte-identical.
        pdf_identifier=True,
    )
    return content, len(document.pages)


class PackageFileFetcher(URLFetcher):
    """Let WeasyPrint read files from this package and nothing else.

    The body HTML comes from the editor and may carry links or images pointing anywhere. A
    rendering that fetched them would depend on the network on the day of publication and could
    be used to reach internal services, so every other URL is refused; WeasyPrint then logs the
    refusal and leaves the resource out. The one exception is ``LOGO_URL``, answered from the
    logo bytes the caller hands over.
    """

    def __init__(self, *, logo: PdfLogo | None = None) -> None:
        super().__init__()
        self._logo = logo

    @override
    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(STATIC_SCHEME):
            return _static_file(url)
        if url == LOGO_URL and self._logo is not None:
            return URLFetcherResponse(
                url, body=self._logo.content, headers={"Content-Type": self._logo.media_type}
            )
        if not _is_package_file(url):
            raise ValueError(f"The PDF renderer only reads its own files, not {url!r}.")
        return super().fetch(url, headers)


def _static_file(url: str) -> URLFetcherResponse:
    """A project static file (the web font), found the way the site's own pages find it."""
    found = finders.find(url.removeprefix(STATIC_SCHEME))
    if not isinstance(found, str):
        raise ValueError(f"No static file {url!r}.")
    return URLFetcherResponse(url, body=Path(found).read_bytes())


def _is_package_file(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    # resolve() collapses "..", so a path cannot climb out of the folder it starts in.
    return Path(url2pathname(parts.path)).resolve().is_relative_to(PACKAGE_DIR)


def anchor_headings(body_html: str) -> AnchoredBody:
    """The body with an id on every h2/h3, none of them one the PDF template uses itself."""
    return anchor_body_headings(body_html, reserved=TEMPLATE_IDS)
