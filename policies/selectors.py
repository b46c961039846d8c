"""Reads of published documents for the public site. Each runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from wagtail.models import Page

from policies.models import DocumentIndexPage, DocumentVersion, TrustCentreHomePage
from policies.versioning import VersionNumber


@dataclass(frozen=True)
class DocumentListing:
    page: Page
    current: DocumentVersion | None
    upcoming: DocumentVersion | None


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


def version_for_download(*, version_id: int, filename: str) -> DocumentVersion:
    """A version reached by its direct PDF link: 404 unless its page is live and the name fits."""
    version = (
        DocumentVersion.objects.select_related("page")
        .defer("body_html")
        .filter(pk=version_id, page__live=True)
        .first()
    )
    if version is None or version.pdf_filename != filename:
        raise Http404("No such document version.")
    return version


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


def _listings(pages: list[Page], on: date) -> list[DocumentListing]:
    versions: dict[int, list[DocumentVersion]] = defaultdict(list)
    for version in (
        DocumentVersion.objects.filter(page__in=[page.pk for page in pages])
        .defer("body_html")
        .newest_first()
    ):
        versions[version.page_id].append(version)
    listings = []
    for page in pages:
        history = versions[page.pk]
        current = version_in_force(history=history, on=on)
        upcoming = history[0] if history and history[0] is not current else None
        listings.append(DocumentListing(page=page, current=current, upcoming=upcoming))
    return listings
