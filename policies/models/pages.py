from datetime import datetime
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from policies.blocks import DocumentBodyBlock, DutyListBlock
from policies.forms import PublicationDateInput, VersionedDocumentPageForm
from policies.models.versions import Classification, DocumentKind
from policies.panels import LastPublishedVersionPanel


class TrustCentreHomePage(Page):
    """The public front door: introduces the security programme and leads to the documents."""

    headline = models.CharField(max_length=160)
    introduction = RichTextField(features=["bold", "italic", "link"])
    commitments = StreamField(
        [
            (
                "commitment",
                blocks.CharBlock(max_length=300, label="Commitment"),
            )
        ],
        blank=True,
        help_text="Short statements shown as highlights on the home page.",
    )

    content_panels = [*Page.content_panels, "headline", "introduction", "commitments"]
    subpage_types = ["policies.DocumentIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "Trust Centre home page"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from policies.selectors import document_sections_for_home

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = document_sections_for_home(home=self)
        return context


class DocumentIndexPage(Page):
    """A list of documents of one kind (programme documents, policies, role descriptions)."""

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, "introduction"]
    parent_page_types = ["policies.TrustCentreHomePage"]
    subpage_types = [
        "policies.ProgrammeDocumentPage",
        "policies.PolicyPage",
        "policies.RoleDescriptionPage",
    ]

    class Meta:
        verbose_name = "document index page"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from policies.selectors import documents_with_current_versions, today

        context = super().get_context(request, *args, **kwargs)
        context["documents"] = documents_with_current_versions(parent=self, today=today())
        return context


class VersionedDocumentPage(RoutablePageMixin, Page):
    """A document that is published as numbered, dated, immutable versions.

    Editors fill in the version number, effective date and change summary that the next
    publication will carry (VersionedDocumentPageForm checks them when publishing or submitting
    for review). Whatever path publishes a revision (the publish button, a workflow approval,
    scheduled publishing), Wagtail sends `page_published`, and policies.receivers records the
    DocumentVersion inside the same transaction (requests are atomic). The public routes serve
    frozen versions, never the live page fields.
    """

    kind: DocumentKind
    body_template: str

    summary = models.TextField(
        max_length=400, help_text="One or two sentences for listings and the PDF cover."
    )
    version_number = models.CharField(
        "version",
        max_length=9,
        blank=True,
        help_text="The number this edit is published as, major.minor (for example 1.2). "
        "It must be higher than the last published version.",
    )
    effective_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day this version comes into force, as YYYY-MM-DD or DD.MM.YYYY.",
    )
    change_summary = models.CharField(
        max_length=300, blank=True, help_text="What changed in this version, in one sentence."
    )
    document_owner = models.CharField(
        "document owner",
        max_length=120,
        blank=True,
        help_text="The role accountable for this document, for example "
        "“Chief Information Security Officer”.",
    )
    classification = models.CharField(
        max_length=20,
        choices=Classification.choices,
        default=Classification.PUBLIC,
        help_text="Printed on the PDF cover and on every page.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "review every (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Each published version is due for review this many months after it takes "
        "effect. Publishing a reviewed version, even unchanged, sets the next date.",
    )

    publication_panel = MultiFieldPanel(
        [
            LastPublishedVersionPanel(),
            FieldRowPanel(
                [
                    FieldPanel("version_number"),
                    FieldPanel("effective_date", widget=PublicationDateInput),
                ]
            ),
            FieldPanel("change_summary"),
        ],
        heading="Publication",
        help_text="Required when you publish or submit for review. After each publication "
        "these fields start empty, ready for the next version.",
    )
    governance_panel = MultiFieldPanel(
        [FieldPanel("document_owner"), FieldRowPanel(["classification", "review_interval_months"])],
        heading="Governance",
        help_text="Frozen into each published version and printed on its PDF cover.",
    )
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    base_form_class = VersionedDocumentPageForm
    parent_page_types = ["policies.DocumentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def render_body_html(self) -> str:
        """The body as HTML, as it will be frozen into the version record and the PDF."""
        return render_to_string(self.body_template, {"page": self})

    def publish(  # type: ignore[override]
        self, revision: Any, *args: Any, published_at: datetime | None = None, **kwargs: Any
    ) -> Any:
        """Publish, telling the version record who publishes (and, for the demo, when)."""
        from policies.receivers import publishing

        # Outside a request (scheduled publishing, commands), keep a publication and its version
        # record together too: if recording fails, the page does not go live.
        with transaction.atomic(), publishing(by=kwargs.get("user"), at=published_at):
            return super().publish(revision, *args, **kwargs)

    def get_cached_paths(self) -> list[str]:
        """What a CDN must purge when this document changes (isms.public_cache.frontend): the
        page, each version's page and the as-of and compare forms. Their answers to a query
        (a date, a pair of versions) are too many to list; those expire in a CDN quickly."""
        from policies.models.versions import DocumentVersion

        versions = [
            self.reverse_subpage("version_detail", args=(version.number,))
            for version in DocumentVersion.objects.filter(page=self).only("major", "minor")
        ]
        return ["/", *versions, self.reverse_subpage("as_of"), self.reverse_subpage("compare")]

    @path("")
    def current(self, request: HttpRequest) -> HttpResponse:
        from policies import views

        return views.document_current(request, page=self)

    @path("versions/<str:number>/")
    def version_detail(self, request: HttpRequest, number: str) -> HttpResponse:
        from policies import views

        return views.document_version_detail(request, page=self, number=number)

    @path("versions/<str:number>/pdf/")
    def version_pdf(self, request: HttpRequest, number: str) -> HttpResponseBase:
        from policies import views

        return views.document_version_pdf(request, page=self, number=number)

    @path("as-of/")
    def as_of(self, request: HttpRequest) -> HttpResponse:
        from policies import views

        return views.document_as_of(request, page=self)

    @path("compare/")
    def compare(self, request: HttpRequest) -> HttpResponse:
        from policies import views

        return views.document_compare(request, page=self)


class ProgrammeDocumentPage(VersionedDocumentPage):
    """A security programme document, such as VASP or VCDM."""

    kind = DocumentKind.PROGRAMME
    body_template = "policies/body/document_body.html"

    short_name = models.CharField(max_length=20, blank=True, help_text="For example VCDM.")
    body = StreamField(DocumentBodyBlock())

    content_panels = [
        VersionedDocumentPage.publication_panel,
        *Page.content_panels,
        "short_name",
        "summary",
        "body",
        VersionedDocumentPage.governance_panel,
    ]
    search_fields = [*VersionedDocumentPage.search_fields, index.SearchField("body")]
    template = "policies/document_page.html"

    class Meta:
        verbose_name = "programme document"


class PolicyPage(VersionedDocumentPage):
    kind = DocumentKind.POLICY
    body_template = "policies/body/document_body.html"

    body = StreamField(DocumentBodyBlock())

    content_panels = [
        VersionedDocumentPage.publication_panel,
        *Page.content_panels,
        "summary",
        "body",
        VersionedDocumentPage.governance_panel,
    ]
    search_fields = [*VersionedDocumentPage.search_fields, index.SearchField("body")]
    template = "policies/document_page.html"

    class Meta:
        verbose_name = "policy"
        verbose_name_plural = "policies"


class RoleDescriptionPage(VersionedDocumentPage):
    """A role in the management system, with its responsibilities, qualifications and authority."""

    kind = DocumentKind.ROLE
    body_template = "policies/body/role_body.html"

    purpose = RichTextField(features=["bold", "italic", "ol", "ul", "link"])
    reports_to = models.CharField(max_length=120, blank=True)
    responsibilities = StreamField(DutyListBlock())
    qualifications = StreamField(DutyListBlock())
    authority = StreamField(DutyListBlock())

    content_panels = [
        VersionedDocumentPage.publication_panel,
        *Page.content_panels,
        "summary",
        "purpose",
        "reports_to",
        "responsibilities",
        "qualifications",
        "authority",
        VersionedDocumentPage.governance_panel,
    ]
    template = "policies/document_page.html"

    class Meta:
        verbose_name = "role description"
