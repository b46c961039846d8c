"""The version history as a document page lists it, worked out in Python once per page.

A document's pages must cost the same whatever the length of its history. The template would
reverse two URLs and apply two filters for each version; here each row's links and labels are
formatted from one reversed address per page instead, and only the newest versions are listed
unless the reader asks for all of them (``?history=all``), so the page does not grow with the
history either.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import dateformat
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.contrib.routable_page.models import RoutablePageMixin

from policies.models import DocumentVersion

# The newest versions a document page lists before it folds the rest behind a link.
HISTORY_SHOWN = 20
# The query a document page takes to list every version (in PUBLIC_PAGE_CACHE_QUERY_PARAMETERS).
SHOW_ALL_PARAMETER, SHOW_ALL_VALUE = "history", "all"
# What Django's reverse() leaves unquoted in a path, so a formatted link is the one it would give.
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One version as its row in the history shows it; every value ready to print."""

    number: str
    url: str
    pdf_url: str  # empty until the PDF has been rendered
    pdf_size: str
    effective_iso: str
    effective_label: str
    change_summary: str
    badge: str  # "current", "upcoming" or empty
    is_shown: bool


@dataclass(frozen=True)
class HistoryTable:
    """The rows a document page lists, and how many older versions are folded behind a link."""

    rows: list[HistoryRow]
    total: int
    show_all_url: str

    @property
    def folded(self) -> int:
        return self.total - len(self.rows)


def pdf_link_prefix() -> str:
    """The direct PDF links' common start: one reversal, which each link then extends."""
    sample = reverse("policies:version_pdf", args=(0, "f"))
    if not sample.endswith("/0/f"):
        raise ValueError(f"The direct PDF link no longer ends with its id and name: {sample}")
    return sample.removesuffix("0/f")


def history_table(
    *,
    history: list[DocumentVersion],
    page: RoutablePageMixin,
    page_url: str,
    shown: DocumentVersion | None,
    current: DocumentVersion | None,
    today: date,
    show_all: bool,
    show_all_url: str,
) -> HistoryTable:
    """The rows of a history sorted newest first, for `page` at `page_url` (ending in "/").

    Unless `show_all`, the newest HISTORY_SHOWN versions are listed, and always the one in force
    and any announced after it (they are the newest), so those stay visible; every version stays
    one link away.
    """
    limit = len(history)
    if not show_all:
        in_force_at = next((i for i, version in enumerate(history) if version is current), 0)
        limit = max(HISTORY_SHOWN, in_force_at + 1)
    links = _Links(page_url, *_version_link_parts(page), pdf_link_prefix())
    shown_pk = shown.pk if shown is not None else None
    current_pk = current.pk if current is not None else None
    rows = [
        _row(version, links, shown_pk=shown_pk, current_pk=current_pk, today=today)
        for version in history[:limit]
    ]
    return HistoryTable(rows=rows, total=len(history), show_all_url=show_all_url)


@dataclass(frozen=True, slots=True)
class _Links:
    page_url: str
    version_before: str
    version_after: str
    pdf_prefix: str


def _version_link_parts(page: RoutablePageMixin) -> tuple[str, str]:
    """A version's route with the number left out: the text before it and after it."""
    before, slot, after = page.reverse_subpage("version_detail", args=("0.0",)).partition("0.0")
    if not slot:
        raise ValueError("A version's route no longer holds its number.")
    return before, after


def _row(
    version: DocumentVersion,
    links: _Links,
    *,
    shown_pk: int | None,
    current_pk: int | None,
    today: date,
) -> HistoryRow:
    number = version.number
    ready = version.is_pdf_ready
    if version.pk == current_pk:
        badge = "current"
    elif version.effective_date > today:
        badge = "upcoming"
    else:
        badge = ""
    return HistoryRow(
        number=number,
        url=f"{links.page_url}{links.version_before}{quote(number, safe=_PATH_SAFE)}"
        f"{links.version_after}",
        pdf_url=f"{links.pdf_prefix}{version.pk}/{quote(version.pdf_filename, safe=_PATH_SAFE)}"
        if ready
        else "",
        pdf_size=filesizeformat(version.pdf_size or 0) if ready else "",
        effective_iso=version.effective_date.isoformat(),
        effective_label=dateformat.format(version.effective_date, "j M Y"),
        change_summary=version.change_summary,
        badge=badge,
        is_shown=version.pk == shown_pk,
    )
