"""Factories for the test suite: users per role, and the Trust Centre page tree."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from isms.frameworks.refs import ref_sort_key
from isms.roles import Role
from policies.models import (
    DocumentIndexPage,
    DocumentVersion,
    PolicyPage,
    RoleDescriptionPage,
    TrustCentreHomePage,
    VersionedDocumentPage,
)

PASSWORD = "correct-horse-battery-staple"
# Fixture names of everyone a view is tested for; "anonymous" means no one signed in.
PERSONAS = ["anonymous", "officer", "engineer", "sales", "auditor", "outsider"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, role: Role | None, **kwargs: Any) -> None:
        if create and role is not None:
            self.groups.add(Group.objects.get(name=role.value))
        if create:
            self.save()


def make_home() -> TrustCentreHomePage:
    root = Page.get_first_root_node()
    home = TrustCentreHomePage(
        title="Trust Centre",
        slug="trust-centre",
        headline="Security you can verify",
        introduction="<p>Our security programme.</p>",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def make_index(home: Page, *, title: str = "Policies", slug: str = "policies") -> DocumentIndexPage:
    index = DocumentIndexPage(title=title, slug=slug, show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_policy(
    index: Page, *, title: str = "Information Security Policy", slug: str = "isp", body: str = ""
) -> PolicyPage:
    """A policy page that exists as a draft: nothing published yet."""
    page = PolicyPage(
        title=title,
        slug=slug,
        summary="How we protect information.",
        body=[
            ("heading", {"text": "Purpose", "level": "2"}),
            ("paragraph", RichText(body or "<p>We protect information.</p>")),
        ],
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


def make_role(index: Page, *, title: str = "Security Engineer", slug: str = "security-engineer"):
    page = RoleDescriptionPage(
        title=title,
        slug=slug,
        summary="The company's security specialist.",
        purpose="<p>Keeps products secure.</p>",
        reports_to="Chief Information Security Officer",
        responsibilities=[("item", "Triage findings.")],
        qualifications=[("item", "Three years in application security.")],
        authority=[("item", "Stop a release with a critical vulnerability.")],
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


def writer() -> Any:
    """The engineer who writes the changes that publish_version's approver publishes."""
    existing = get_user_model().objects.filter(username="writer").first()
    return existing or UserFactory(
        username="writer", first_name="Erik", last_name="Lund", role=Role.SECURITY_ENGINEER
    )


def publish_version(
    page: VersionedDocumentPage,
    *,
    version: str,
    effective: date,
    by: Any,
    written_by: Any = None,
    change_summary: str = "Updated.",
    body: str | None = None,
    title: str | None = None,
    summary: str | None = None,
) -> DocumentVersion:
    """Edit and publish a page the way Wagtail does, and return the version it recorded.

    The change is written by `written_by` (the writer by default) and published by `by`, two
    people, as the four-eyes rule asks.
    """
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.version_number = version
    page.effective_date = effective
    page.change_summary = change_summary
    if body is not None:
        page.body = [("paragraph", RichText(body))]
    page.title = title or page.title
    page.summary = summary or page.summary
    revision = page.save_revision(user=written_by or writer())
    revision.publish(user=by)
    major, minor = (int(part) for part in version.split("."))
    return DocumentVersion.objects.get(page=page, major=major, minor=minor)


@dataclass(frozen=True)
class Edition:
    """One published version in a test's document history."""

    version: str
    effective: date
    body: str
    change_summary: str = "Updated."


def publish_history(page: VersionedDocumentPage, *, by: Any, editions: list[Edition]) -> Any:
    """Publish the editions in order, written by the writer and approved by `by`."""
    for edition in editions:
        publish_version(
            page,
            version=edition.version,
            effective=edition.effective,
            by=by,
            change_summary=edition.change_summary,
            body=edition.body,
        )
    page.refresh_from_db()
    return page


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "scope.Company"

    name = factory.Sequence(lambda n: f"Vendela Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    legal_name = factory.LazyAttribute(lambda company: f"{company.name} AS")
    country = "NO"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "scope.Product"

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    company = factory.SubFactory(CompanyFactory)
    delivery_model = "cloud"
    programme_tier = "vasp_vcdm"


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "frameworks.Framework"
        django_get_or_create = ("code",)

    code = "iso27001-2022"
    name = "ISO/IEC 27001:2022"
    edition = "2022"
    kind = "standard"


class ControlFactory(factory.django.DjangoModelFactory):
    """A control under its framework's group named by the ref's first part (A.8 for A.8.8)."""

    class Meta:
        model = "frameworks.Control"

    framework = factory.SubFactory(FrameworkFactory)
    ref = factory.Sequence(lambda n: f"A.8.{n + 1}")
    title = factory.LazyAttribute(lambda control: f"Control {control.ref}")
    description = "What we do."
    group = factory.LazyAttribute(
        lambda control: control.framework.groups.get_or_create(
            ref=control.ref.rpartition(".")[0],
            defaults={"title": "Group", "sort_key": ref_sort_key(control.ref.rpartition(".")[0])},
        )[0]
    )
    sort_key = factory.LazyAttribute(lambda control: ref_sort_key(control.ref))


class EngagementFactory(factory.django.DjangoModelFactory):
    """An engagement over the past year, open for another month."""

    class Meta:
        model = "evidence.Engagement"

    name = factory.Sequence(lambda n: f"ISO 27001 surveillance audit {n}")
    framework = factory.SubFactory(FrameworkFactory)
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    period_end = factory.LazyFunction(timezone.localdate)
    access_ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


def make_evidence(
    *,
    controls: Sequence[Any],
    produced_by: Any,
    title: str = "Quarterly vulnerability scan",
    content: Any = None,
    products: Sequence[Any] = (),
    period: tuple[date, date] | None = None,
    source: str = "manual",
) -> Any:
    """Evidence made the way users make it, through the service (a note unless content is given)."""
    from evidence.content import NoteContent
    from evidence.services import evidence_create

    today = timezone.localdate()
    start, end = period or (today - timedelta(days=30), today - timedelta(days=1))
    return evidence_create(
        title=title,
        controls=list(controls),
        products=list(products),
        period_start=start,
        period_end=end,
        produced_by=produced_by,
        source=source,  # type: ignore[arg-type]
        content=content or NoteContent("Scanned every host; no high findings open."),
    )
