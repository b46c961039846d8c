from django.conf import settings
from django.db import models
from django.utils import timezone

from isms.records.classification import Classification
from isms.records.models import NumberedPdfRecord, pdf_fields_all_or_nothing, pdf_sha256_index


class DocumentKind(models.TextChoices):
    PROGRAMME = "programme", "Programme document"
    POLICY = "policy", "Policy"
    ROLE = "role", "Role description"


# What the publication event's content_sha256 covers: every frozen column but the key.
DOCUMENT_VERSION_CONTENT = (
    "page_id", "major", "minor", "effective_date", "published_at", "approved_by_name", "authors",
    "publisher", "kind", "title", "slug", "summary", "change_summary", "body_html",
    "classification", "document_owner", "next_review_date",
)  # fmt: skip


class DocumentVersionQuerySet(models.QuerySet["DocumentVersion"]):
    def newest_first(self) -> "DocumentVersionQuerySet":
        return self.order_by("-effective_date", "-major", "-minor")


class DocumentVersion(NumberedPdfRecord):
    """One published version of a document, frozen at the moment of publication.

    Created by `policies.services.document_version_record` inside the same transaction as the
    Wagtail publish, so a page is never live without its version record. Everything a reader relies
    on later is copied here (title, body HTML, publisher, approver), so the record does not change
    when the page, its revisions or the approver's account do. The governance facts (owner,
    classification, next review date) are frozen the same way, from the page's Governance panel.
    The PDF fields start empty and are filled exactly once by the rendering task.

    The database itself refuses changes: triggers (migration 0004) reject any UPDATE that alters a
    frozen column or a PDF that is already set, and any DELETE. The only updates allowed are
    filling the PDF fields once and nulling the revision or approver when those rows are deleted.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="document_versions"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField("approved by", max_length=150)
    # Who wrote the change: [{"id": user id, "name": name then}], in order of first revision.
    # Null on versions published before authors were recorded (a plain ADD COLUMN on SQLite,
    # which keeps the immutability triggers; a default would rebuild the table without them).
    authors = models.JSONField(null=True, editable=False)
    publisher = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    summary = models.TextField(blank=True)
    change_summary = models.CharField(max_length=300)
    body_html = models.TextField()
    classification = models.CharField(max_length=20, choices=Classification.choices)
    document_owner = models.CharField("document owner", max_length=120, blank=True)
    next_review_date = models.DateField("next review")

    objects = DocumentVersionQuerySet.as_manager()

    pdf_renderer = "policies.pdf.renderer.render_document_version_pdf"
    pdf_storage_prefix = "document-versions"
    # Public PDFs are served at the speed of static files and rehashed by verify_audit_log.
    pdf_verified_on_download = False

    class Meta:
        ordering = ["-effective_date", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "major", "minor"], name="policies_one_record_per_page_version"
            ),
            pdf_fields_all_or_nothing("policies_pdf_fields_all_or_nothing"),
        ]
        indexes = [pdf_sha256_index("policies_version_pdf_sha256")]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"

    @property
    def file_slug(self) -> str:
        return self.slug

    @property
    def author_names(self) -> list[str]:
        return [author["name"] for author in self.authors or []]

    @property
    def written_by(self) -> str:
        return ", ".join(self.author_names)

    written_by.fget.short_description = "written by"  # type: ignore[attr-defined]

    @property
    def is_upcoming(self) -> bool:
        """Published, but its effective date is still to come: not yet in force."""
        return self.effective_date > timezone.localdate()

    @property
    def effective_label(self) -> str:
        """The effective date as the admin lists it, saying when the version is not yet in force."""
        day = f"{self.effective_date:%-d %b %Y}"
        return f"{day} (upcoming)" if self.is_upcoming else day
