"""Builds the demo Trust Centre: home page, document indexes, and each document's versions.

Every version is published through the same path an officer's publication takes
(`Page.publish`), so demo versions are recorded, frozen and rendered to PDF like real ones: the
engineer writes each version and the officer approves it (four eyes), and the record says it was
published a few days before it took effect, so the demo history reads true. Re-running skips
everything that exists already.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import AbstractUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.rich_text import RichText

from isms.models import OrganisationSettings
from isms.records.numbers import VersionNumber
from policies.models import (
    DocumentIndexPage,
    DocumentVersion,
    PolicyPage,
    ProgrammeDocumentPage,
    RoleDescriptionPage,
    TrustCentreHomePage,
    VersionedDocumentPage,
)

CONTENT_DIR = Path(__file__).parent / "content"
LOGO_FILE = Path(__file__).parent / "assets" / "vendela-logo.png"

INDEXES = {
    "programme": (
        "Security programme",
        "programme",
        "The programmes that govern how every product is built, delivered and operated securely.",
    ),
    "policy": ("Policies", "policies", "The policies our people and products follow."),
    "role": (
        "Role descriptions",
        "roles",
        "The roles that carry the security programme, with "
        "their responsibilities, qualifications and authority.",
    ),
}
PAGE_TYPES: dict[str, type[VersionedDocumentPage]] = {
    "programme": ProgrammeDocumentPage,
    "policy": PolicyPage,
    "role": RoleDescriptionPage,
}
HOME_INTRODUCTION = (
    "<p>Everything we publish about how we protect your data, in one place: the security "
    "programme every product follows, the policies behind it, and who is responsible for what. "
    "Every document is versioned and dated, so you can always see exactly what applied on the "
    "day you signed.</p>"
)
HOME_COMMITMENTS = [
    "Every product works to a defined maturity level, from Bronze to Platinum, measured "
    "continuously rather than once a year.",
    "Each company has a dedicated security engineer who owns the security of its products.",
    "Our security is verified independently: automated code scanning every day, penetration "
    "tests by outside specialists, and a public bug bounty.",
    "Our cloud services are run under an ISO/IEC 27001-certified management system and audited "
    "for an ISAE 3402 Type II report every year.",
]


@dataclass(frozen=True)
class DemoDocument:
    kind: str
    slug: str
    title: str
    summary: str
    short_name: str
    owner: str
    classification: str
    review_interval_months: int
    versions: list[dict[str, Any]]
    # Who may read it ("login": anyone signed in); an Internal or Confidential document needs it.
    view_restriction: str = ""

    @classmethod
    def from_file(cls, path: Path) -> "DemoDocument":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            kind=data["kind"],
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            short_name=data.get("short_name", ""),
            owner=data["owner"],
            classification=data["classification"],
            review_interval_months=data["review_interval_months"],
            versions=data["versions"],
            view_restriction=data.get("view_restriction", ""),
        )


def demo_documents() -> list[DemoDocument]:
    return [DemoDocument.from_file(path) for path in sorted(CONTENT_DIR.glob("*.yaml"))]


def ensure_organisation() -> None:
    organisation = OrganisationSettings.load()
    if organisation.name == OrganisationSettings._meta.get_field("name").default:
        organisation.name = "Vendela Software"
        organisation.legal_name = "Vendela Software AS"
        organisation.security_contact_email = "security@vendela.example"
        organisation.tagline = "Business software for companies and the public sector."
        organisation.save()
    if organisation.name == "Vendela Software" and organisation.logo is None:
        organisation.logo = _demo_logo()
        organisation.save()


def _demo_logo() -> Image:
    with LOGO_FILE.open("rb") as file:
        return Image.objects.create(title="Vendela Software logo", file=File(file, LOGO_FILE.name))


@transaction.atomic
def ensure_site_tree() -> dict[str, DocumentIndexPage]:
    home = TrustCentreHomePage.objects.first()
    if home is None:
        home = _create_home()
    indexes = {}
    for kind, (title, slug, introduction) in INDEXES.items():
        index = DocumentIndexPage.objects.child_of(home).filter(slug=slug).first()
        if index is None:
            index = DocumentIndexPage(
                title=title, slug=slug, introduction=f"<p>{introduction}</p>", show_in_menus=True
            )
            home.add_child(instance=index)
            index.save_revision().publish()
        indexes[kind] = index
    return indexes


def _create_home() -> TrustCentreHomePage:
    root = Page.get_first_root_node()
    home = TrustCentreHomePage(
        title="Trust Centre",
        slug="trust-centre",
        headline="Security you can verify, not just take on trust",
        introduction=HOME_INTRODUCTION,
        commitments=[("commitment", text) for text in HOME_COMMITMENTS],
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    welcome = site.root_page if site else None
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.site_name = "Trust Centre"
        site.save()
    if welcome is not None and welcome.specific_class is Page:
        welcome.delete()  # Wagtail's placeholder "Welcome" page
    return home


def ensure_document(
    document: DemoDocument,
    *,
    index: DocumentIndexPage,
    author: AbstractUser,
    approver: AbstractUser,
) -> int:
    """Publish the document's versions that are not published yet; return how many were."""
    page_type = PAGE_TYPES[document.kind]
    page = page_type.objects.child_of(index).filter(slug=document.slug).first()
    if page is not None:
        _restrict(page, document)  # demo databases loaded before documents were restricted
    published = (
        {
            (version.major, version.minor)
            for version in DocumentVersion.objects.filter(page=page)
            if page is not None
        }
        if page is not None
        else set()
    )
    count = 0
    for version in document.versions:
        number = VersionNumber.parse(version["version"])
        if (number.major, number.minor) in published:
            continue
        page = _publish_version(document, page, index, version, author, approver)
        count += 1
    return count


def _publish_version(
    document: DemoDocument,
    page: VersionedDocumentPage | None,
    index: DocumentIndexPage,
    version: dict[str, Any],
    author: AbstractUser,
    approver: AbstractUser,
) -> VersionedDocumentPage:
    with transaction.atomic():
        if page is None:
            page = PAGE_TYPES[document.kind](title=document.title, slug=document.slug)
            _fill(page, document, version)
            index.add_child(instance=page)
            _restrict(page, document)
        else:
            page = page.specific
            _fill(page, document, version)
        revision = page.save_revision(user=author)
        page.publish(
            revision,
            user=approver,
            published_at=plausible_publication_time(_as_date(version["effective_date"])),
        )
    return page


def _restrict(page: VersionedDocumentPage, document: DemoDocument) -> None:
    """The demo document's view restriction, which publishing a classified one requires."""
    if document.view_restriction:
        PageViewRestriction.objects.get_or_create(
            page=page, defaults={"restriction_type": document.view_restriction}
        )


def plausible_publication_time(effective: date) -> datetime:
    """A weekday morning a week before the version takes effect, but never in the future."""
    day = effective - timedelta(days=7)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    published = timezone.make_aware(datetime.combine(day, time(10, 30)))
    return min(published, timezone.now())


def _fill(page: VersionedDocumentPage, document: DemoDocument, version: dict[str, Any]) -> None:
    page.title = document.title
    page.summary = document.summary
    page.version_number = str(version["version"])
    page.effective_date = _as_date(version["effective_date"])
    page.change_summary = version["change_summary"]
    page.document_owner = document.owner
    page.classification = document.classification
    page.review_interval_months = document.review_interval_months
    if isinstance(page, ProgrammeDocumentPage):
        page.short_name = document.short_name
    if isinstance(page, ProgrammeDocumentPage | PolicyPage):
        page.body = [_block(item) for item in version["body"]]
    if isinstance(page, RoleDescriptionPage):
        page.purpose = version["purpose"]
        for field in ("responsibilities", "qualifications", "authority"):
            setattr(page, field, [("item", text) for text in version[field]])


def _block(item: dict[str, Any]) -> tuple[str, Any]:
    if "heading" in item:
        return ("heading", {"text": item["heading"], "level": str(item.get("level", 2))})
    if "note" in item:
        return ("note", RichText(item["note"]))
    return ("paragraph", RichText(item["paragraph"]))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
