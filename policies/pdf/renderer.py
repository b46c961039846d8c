"""Render a published document version to the PDF that customers download and auditors keep.

A version is rendered once, when it is published, and the bytes are stored with the version
record. Everything the PDF shows therefore comes from the frozen ``PdfSource``; nothing is read
from the clock, the network or the active language, so the file describes the version and not
the moment or the machine that rendered it.

How it is wired: ``render_pdf`` gives every body heading an anchor (``anchor_headings``), renders
``policies/pdf/document.html`` with the result, and lays it out with WeasyPrint using
``document.css`` from this folder. Footers, the table of contents' page numbers and the PDF
metadata are all produced by WeasyPrint from that HTML and CSS.
"""

import datetime
import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, override
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from policies.versioning import pdf_filename

PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEET = PACKAGE_DIR / "document.css"
TEMPLATE_NAME = "policies/pdf/document.html"

# Ids the template gives its own elements; a body heading must never take one of them.
TEMPLATE_IDS = frozenset(
    {"pdf-cover", "pdf-changes-title", "pdf-contents", "pdf-contents-title", "pdf-body"}
)

# Characters of the title that fit in the footer's left half at its type size.
FOOTER_TITLE_LIMIT = 56

# Written out rather than taken from strftime("%B") or Django's date filter, which follow the
# process locale and the active language: the stored bytes must not depend on the worker.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


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
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF with what the version record stores next to it."""

    content: bytes
    page_count: int
    sha256: str
    filename: str


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents: a body heading and the anchor it links to."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class AnchoredBody:
    """Body HTML whose h2/h3 headings all carry an id, and the headings in document order."""

    html: str
    headings: tuple[TocEntry, ...]


def render_pdf(source: PdfSource) -> RenderedPdf:
    """Lay out the version's PDF; the caller stores the result, it is never rendered again."""
    if source.published_at.utcoffset() is None:
        raise ValueError("published_at must be timezone-aware; it becomes the PDF creation date.")
    body = anchor_headings(source.body_html)
    html = render_to_string(TEMPLATE_NAME, _template_context(source, body))
    content, page_count = _write_pdf(html)
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


def _write_pdf(html: str) -> tuple[bytes, int]:
    fetcher = PackageFileFetcher()
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
    refusal and leaves the resource out.
    """

    @override
    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not _is_package_file(url):
            raise ValueError(f"The PDF renderer only reads its own files, not {url!r}.")
        return super().fetch(url, headers)


def _is_package_file(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    # resolve() collapses "..", so a path cannot climb out of the folder it starts in.
    return Path(url2pathname(parts.path)).resolve().is_relative_to(PACKAGE_DIR)


def anchor_headings(body_html: str) -> AnchoredBody:
    """Give every h2/h3 of the body a unique id, so the table of contents can link to it.

    Ids already present are kept: editors may link to them from elsewhere in the body. The
    markup is otherwise returned byte for byte; the ids are spliced into the original text
    rather than re-serialising a parse tree, which would normalise what the editor wrote.
    """
    scan = _HeadingScanner.scan(body_html)
    taken = set(TEMPLATE_IDS) | scan.ids
    insertions: list[tuple[int, str]] = []
    headings: list[TocEntry] = []
    # An empty heading (left over from editing) would be a line of bare dots in the contents.
    for found in (heading for heading in scan.headings if heading.text):
        anchor = found.existing_id or _unique_slug(found.text, taken)
        if not found.existing_id:
            insertions.append((found.id_offset, f' id="{anchor}"'))
        headings.append(TocEntry(level=found.level, text=found.text, anchor=anchor))
    return AnchoredBody(html=_splice(body_html, insertions), headings=tuple(headings))


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text) or "section"
    anchor, number = base, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor


def _splice(text: str, insertions: list[tuple[int, str]]) -> str:
    pieces: list[str] = []
    start = 0
    for offset, insertion in insertions:
        pieces += [text[start:offset], insertion]
        start = offset
    pieces.append(text[start:])
    return "".join(pieces)


@dataclass
class _FoundHeading:
    level: int
    existing_id: str
    id_offset: int  # where ` id="…"` goes: right after "<h2"
    text: str = ""


class _HeadingScanner(HTMLParser):
    """Find the h2/h3 headings of a body, their text and where their start tags are, and every
    id already used, with the standard library's tolerant HTML parser."""

    HEADING_LEVELS = {"h2": 2, "h3": 3}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[_FoundHeading] = []
        self.ids: set[str] = set()
        self._open: _FoundHeading | None = None
        self._text_parts: list[str] = []
        self._line_offsets = _line_offsets(text)

    @classmethod
    def scan(cls, text: str) -> "_HeadingScanner":
        scanner = cls(text)
        scanner.feed(text)
        scanner.close()
        return scanner

    @override
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element_id = next((value or "" for name, value in attrs if name == "id"), "")
        if element_id:
            self.ids.add(element_id)
        if tag == "br":
            self.handle_data(" ")  # "Scope<br>and roles" reads as two words, not "Scopeand"
        elif tag in self.HEADING_LEVELS and self._open is None:
            line, column = self.getpos()
            self._open = _FoundHeading(
                level=self.HEADING_LEVELS[tag],
                existing_id=element_id,
                id_offset=self._line_offsets[line - 1] + column + len(tag) + 1,
            )
            self._text_parts = []

    @override
    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and self.HEADING_LEVELS.get(tag) == self._open.level:
            self._open.text = " ".join("".join(self._text_parts).split())
            self.headings.append(self._open)
            self._open = None

    @override
    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text_parts.append(data)


def _line_offsets(text: str) -> list[int]:
    """Offsets of each line's first character, to turn HTMLParser's (line, column) into an index."""
    # HTMLParser counts only "\n" as a line break, unlike str.splitlines().
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets
