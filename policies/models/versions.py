from django.conf import settings
from django.db import models

from isms.db.records import NumberedPdfRecord, pdf_fields_all_or_nothing


class DocumentKind(models.TextChoices):
    PROGRAMME = "programme", "Programme document"
    POLICY = "policy", "Policy"
    ROLE = "role", "Role description"


class Classification(models.TextChoices):
    """Who may read a document; printed on the PDF cover and on every page."""

    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"


class DocumentVersionQuerySet(models.QuerySet["DocumentVersion"]):
    def newest_first(self) -> "DocumentVersionQuerySet":
        return self.order_by("-effective_date", "-major", "-minor")


class DocumentVersion(NumberedPdfRecord, models.Model):
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
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    effective_date = models.DateField()
    published_at = models.DateTimeField()
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

    pdf_file = models.CharField(max_length=500, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    pdf_size = models.PositiveBigIntegerField("PDF size in bytes", null=True)
    pdf_page_count = models.PositiveIntegerField("PDF pages", null=True)
    pdf_rendered_at = models.DateTimeField("PDF rendered at", null=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "major", "minor"], name="policies_one_record_per_page_version"
            ),
            pdf_fields_all_or_nothing("policies_pdf_fields_all_or_nothing"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"

    @property
    def pdf_filename(self) -> str:
        from policies.versioning import pdf_filename

        return pdf_filename(slug=self.slug, version=self.number, effective_date=self.effective_date)

    @property
    def author_names(self) -> list[str]:
        return [author["name"] for author in self.authors or []]

    @property
    def written_by(self) -> str:
        return ", ".join(self.author_names)

    written_by.fget.short_description = "written by"  # type: ignore[attr-defined]
