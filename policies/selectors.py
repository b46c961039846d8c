"""Reads of published documents for the public site. Each runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.http import Http404
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from isms.records.numbers import VersionNumber
from policies.models import DocumentIndexPage, DocumentVersion, TrustCentreHomePage
from policies.reviews import REVIEW_NOTICE_DAYS


@dataclass(frozen=True)
class DocumentListing:
    """A document as a public listing shows it.

    A document under Wagtail's privacy settings (on itself or an ancestor) is listed by title
    only: `restriction` names the kind, and no version is attached, so no summary, number or PDF
    link can leak into the listing.
    """

    page: Page
    current: DocumentVersion | None
    upcoming: DocumentVersion | None
    restriction: str = ""

    @property
    def restriction_label(self) -> str:
        if not self.restriction:
            return ""
        if self.restriction == PageViewRestriction.PASSWORD:
            return "Password required"
        return "Sign-in required"


@dataclass(frozen=True)
class DocumentSection:
    index: DocumentIndexPage
    documents: list[DocumentListing]


def today() -> date:
    return timezone.localdate()


def document_history(*, page: Page) -> list[DocumentVersion]:
    """All published versions of a page, newest first, without their (large) bodies."""
    return list(DocumentVersion.objects.filter(page=page).defer("body_html").newest_first())


def version_in_force(*, history: list[DocumentVersion], on: date) -> DocumentVersion | None:
    """The version in force on a day, picked from a history sorted newest first.

    The one definition of "in force": the newest version whose effective date has come.
    """
    return next((version for version in history if version.effective_date <= on), None)


def versions_between(
    *, history: list[DocumentVersion], older: DocumentVersion, newer: DocumentVersion
) -> list[DocumentVersion]:
    """The versions after `older` up to and including `newer`, oldest first: what changed."""
    return [
        version for version in reversed(history) if older.version < version.version <= newer.version
    ]


def version_by_number(*, page: Page, number: str) -> DocumentVersion:
    """The version with this number, or 404 for a malformed or unknown number alike."""
    try:
        version = VersionNumber.parse(number)
    except ValidationError:
        raise Http404("No such version.") from None
    try:
        return DocumentVersion.objects.get(page=page, major=version.major, minor=version.minor)
    except DocumentVersion.DoesNotExist:
        raise Http404("No such version.") from None


def version_for_download(*, version_id: int, filename: str) -> tuple[DocumentVersion, bool]:
    """A version reached by its direct PDF link: 404 unless its page is live and the name fits.

    One statement: the version, its page, and whether Wagtail's privacy settings apply to the
    page (a restriction on it or on an ancestor, whose path begins its path), the same rule as
    `is_view_restricted`.
    """
    page_path = ExpressionWrapper(OuterRef("page__path"), output_field=CharField())
    restrictions = PageViewRestriction.objects.filter(StartsWith(page_path, F("page__path")))
    version = (
        DocumentVersion.objects.select_related("page")
        .defer("body_html")
        .annotate(view_restricted=Exists(restrictions))
        .filter(pk=version_id, page__live=True)
        .first()
    )
    if version is None or version.pdf_filename != filename:
        raise Http404("No such document version.")
    return version, version.view_restricted


def is_view_restricted(page: Page) -> bool:
    """Whether Wagtail's privacy settings (password, sign-in, groups) apply to the page."""
    return page.get_view_restrictions().exists()


def documents_with_current_versions(*, parent: Page, today: date) -> list[DocumentListing]:
    pages = list(parent.get_children().live().specific().order_by("path"))
    return _listings(pages, today)


def document_sections_for_home(*, home: TrustCentreHomePage) -> list[DocumentSection]:
    indexes = list(DocumentIndexPage.objects.child_of(home).live().order_by("path"))
    documents = list(
        Page.objects.live().filter(depth=home.depth + 2, path__startswith=home.path).specific()
    )
    listings = {listing.page.pk: listing for listing in _listings(documents, today())}
    by_parent: dict[int, list[DocumentListing]] = defaultdict(list)
    for page in sorted(documents, key=lambda page: page.path):
        parent = next((index for index in indexes if page.path.startswith(index.path)), None)
        if parent is not None:
            by_parent[parent.pk].append(listings[page.pk])
    return [DocumentSection(index=index, documents=by_parent[index.pk]) for index in indexes]


def _restrictions(pages: list[Page]) -> dict[int, str]:
    """The kind of privacy restriction on each page, its own or an ancestor's, in one query."""
    steps = Page.steplen
    ancestor_paths = {
        page.path[:end] for page in pages for end in range(steps, len(page.path) + 1, steps)
    }
    restricted = dict(
        PageViewRestriction.objects.filter(page__path__in=ancestor_paths).values_list(
            "page__path", "restriction_type"
        )
    )
    kinds: dict[int, str] = {}
    for page in pages:
        for path, kind in restricted.items():
            if page.path.startswith(path):
                kinds[page.pk] = kind
                break
    return kinds


def _listings(pages: list[Page], on: date) -> list[DocumentListing]:
    restrictions = _restrictions(pages)
    versions: dict[int, list[DocumentVersion]] = defaultdict(list)
    for version in (
        DocumentVersion.objects.filter(page__in=[page.pk for page in pages])
        .defer("body_html")
        .newest_first()
    ):
        versions[version.page_id].append(version)
    listings = []
    for page in pages:
        if page.pk in restrictions:
            listings.append(
                DocumentListing(
                    page=page, current=None, upcoming=None, restriction=restrictions[page.pk]
                )
            )
            continue
        history = versions[page.pk]
        current = version_in_force(history=history, on=on)
        upcoming = history[0] if history and history[0] is not current else None
        listings.append(DocumentListing(page=page, current=current, upcoming=upcoming))
    return listings


def versions_due_for_review(
    *, today: date, within_days: int = REVIEW_NOTICE_DAYS
) -> list[DocumentVersion]:
    """The newest version of each live document whose review falls due within so many days, or
    has passed, soonest first.

    Only the newest version counts: publishing a later one was the review, even before it takes
    effect, and superseded versions are never reviewed again.
    """
    newer = DocumentVersion.objects.filter(page=OuterRef("page")).filter(
        Q(major__gt=OuterRef("major")) | Q(major=OuterRef("major"), minor__gt=OuterRef("minor"))
    )
    return list(
        DocumentVersion.objects.filter(
            page__live=True, next_review_date__lte=today + timedelta(days=within_days)
        )
        .exclude(Exists(newer))
        .select_related("page")
        .defer("body_html")
        .order_by("next_review_date", "title")
    )
