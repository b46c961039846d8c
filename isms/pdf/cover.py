"""The cover, running header and footer every PDF we issue shares.

A PDF's template extends ``isms/pdf/base.html`` and renders it with ``cover_context(cover)``
merged into its own context; its stylesheets follow ``BASE_STYLESHEET``. The base template puts
the organisation's logo and name, the title, version, effective date, approver and
classification on the cover, and hands version, date and title to the running footer ("Version
1.1 · Effective 2025-02-01 · Page 2 of 9") and the PDF metadata.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isms.pdf.dates import human_date, utc_iso, utc_long

PDF_DIR = Path(__file__).resolve().parent
BASE_STYLESHEET = PDF_DIR / "base.css"

# Where a template points for the organisation's logo. The fetcher answers this one address
# from the bytes the renderer was given, so the logo is never read from storage or the network.
LOGO_URL = "pdf-source:logo"
LOGO_MEDIA_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

# Characters of the title that fit in the footer's left half at its type size.
FOOTER_TITLE_LIMIT = 56


@dataclass(frozen=True)
class PdfCover:
    """What the cover and every page's header and footer say about the record."""

    title: str
    kind_label: str
    version: str
    effective_date: datetime.date
    published_at: datetime.datetime
    publisher: str
    approved_by: str = ""
    classification: str = ""
    summary: str = ""
    change_summary: str = ""
    has_logo: bool = False


def cover_context(cover: PdfCover) -> dict[str, Any]:
    """The variables ``isms/pdf/base.html`` reads, formatted the same way on every PDF."""
    if cover.published_at.utcoffset() is None:
        raise ValueError("published_at must be timezone-aware; it becomes the PDF creation date.")
    return {
        "cover": cover,
        "subject": (
            f"{cover.kind_label}, version {cover.version}, "
            f"effective {cover.effective_date.isoformat()}"
        ),
        "footer_title": footer_title(cover.title),
        "effective_iso": cover.effective_date.isoformat(),
        "effective_long": human_date(cover.effective_date),
        "published_long": utc_long(cover.published_at),
        "published_iso": utc_iso(cover.published_at),
        "logo_url": LOGO_URL if cover.has_logo else "",
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
