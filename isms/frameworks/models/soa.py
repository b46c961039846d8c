"""The Statement of Applicability (ISO/IEC 27001:2022, clause 6.1.3 d).

For each Annex A control: whether it applies, why (for inclusion or exclusion), and how far it
is implemented. ``ApplicabilityEntry`` is the working copy officers edit, one per Annex A
control; ``SoaVersion`` with its ``SoaVersionEntry`` rows is a published, numbered, approved
snapshot that nothing rewrites.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from isms.frameworks.models.catalog import Control, Framework
from isms.records.classification import Classification
from isms.records.models import NumberedPdfRecord, pdf_fields_all_or_nothing, pdf_sha256_index

ISO27001_2022 = "iso27001-2022"
# The Annex A themes: organisational, people, physical and technological controls.
ANNEX_A_THEMES = ("A.5", "A.6", "A.7", "A.8")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    PLANNED = "planned", "Planned"
    PARTIAL = "partial", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_APPLICABLE = "not_applicable", "Not applicable (excluded)"


def applicability_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The rules every SoA row obeys, working copy and published snapshot alike."""
    return [
        models.CheckConstraint(
            condition=Q(implementation_status__in=ImplementationStatus.values),
            name=f"{prefix}_status_known",
        ),
        models.CheckConstraint(
            condition=Q(applicable=True) | ~Q(justification=""),
            name=f"{prefix}_exclusion_justified",
            violation_error_message="Say why this control is excluded: an exclusion needs a "
            "justification.",
        ),
        models.CheckConstraint(
            condition=(
                Q(applicable=True) & ~Q(implementation_status=ImplementationStatus.NOT_APPLICABLE)
            )
            | Q(applicable=False, implementation_status=ImplementationStatus.NOT_APPLICABLE),
            name=f"{prefix}_status_matches_applicability",
            violation_error_message="An excluded control has the status “Not applicable”, and "
            "an applicable control any other status.",
        ),
    ]


class ApplicabilityEntry(models.Model):
    """Whether one Annex A control applies to us, why, and how far it is implemented.

    One per Annex A control of ISO/IEC 27001:2022, created by ``soa_entries_ensure`` (called by
    every catalog load), never added or deleted by hand. Officers edit the three fields in the
    admin through ``soa_entry_update``, which records who changed it and audits the change;
    django-simple-history keeps every earlier state. Publishing copies all entries into an
    immutable ``SoaVersion``.
    """

    control = models.OneToOneField(
        Control, on_delete=models.PROTECT, related_name="applicability", editable=False
    )
    applicable = models.BooleanField(
        default=True, help_text="Untick to exclude the control from the ISMS."
    )
    justification = models.TextField(
        blank=True,
        help_text="Why the control is included (a risk, a law, a contract) or why it is excluded.",
    )
    implementation_status = models.CharField(
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["control__sort_key"]
        verbose_name = "SoA entry"
        verbose_name_plural = "SoA entries"
        constraints = applicability_constraints("frameworks_soa_entry")

    def __str__(self) -> str:
        return f"{self.control.ref} {self.control.title}"


class SoaVersion(NumberedPdfRecord):
    """One published Statement of Applicability, frozen at publication.

    Created by ``soa_submission_approve`` (through ``soa_version_freeze``) with a copy of every
    entry (``SoaVersionEntry``), the numbers strictly increasing and the approver an officer who
    neither submitted it nor changed entries in it (four eyes). Names are frozen beside the user
    links, so the record outlives accounts. The PDF fields
    start empty and are filled exactly once, after the publication commits.

    The database refuses changes (migration 0004): every column is frozen except the PDF fields
    (filled once) and the user links (which may only become NULL when the account is deleted).
    """

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField("submitted by", max_length=150)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField("approved by", max_length=150)
    # Who changed entries since the previous version: [{"id": user id, "name": name then}], in
    # the order of their first change. Null on versions published before authors were recorded.
    authors = models.JSONField(null=True, editable=False)
    publisher = models.CharField(max_length=120)
    classification = models.CharField(max_length=20, choices=Classification.choices)
    change_summary = models.CharField(max_length=300)

    pdf_renderer = "isms.frameworks.soa.pdf.render_soa_version_pdf"
    pdf_storage_prefix = "soa-versions"
    # Staff only and downloaded rarely: worth hashing before every download.
    pdf_verified_on_download = True

    class Meta:
        ordering = ["-major", "-minor"]
        verbose_name = "SoA version"
        verbose_name_plural = "SoA versions"
        constraints = [
            models.UniqueConstraint(fields=["major", "minor"], name="frameworks_soa_one_number"),
            pdf_fields_all_or_nothing("frameworks_soa_pdf_all_or_nothing"),
        ]
        indexes = [pdf_sha256_index("frameworks_soa_pdf_sha256")]

    def __str__(self) -> str:
        return f"Statement of Applicability, version {self.number}"

    @property
    def file_slug(self) -> str:
        return "statement-of-applicability"

    @property
    def author_names(self) -> list[str]:
        return [author["name"] for author in self.authors or []]

    @property
    def written_by(self) -> str:
        return ", ".join(self.author_names)

    written_by.fget.short_description = "changed by"  # type: ignore[attr-defined]


class SoaVersionEntry(models.Model):
    """One control's row as it stood in a published version; immutable (migration 0005).

    The control's address, title and theme are copied, so the row reads the same after a
    catalog update.
    """

    version = models.ForeignKey(SoaVersion, on_delete=models.PROTECT, related_name="entries")
    control = models.ForeignKey(Control, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=80)
    ref = models.CharField("reference", max_length=20)
    title = models.CharField(max_length=200)
    theme_ref = models.CharField(max_length=20)
    theme_title = models.CharField(max_length=200)
    sort_key = models.CharField(max_length=60)
    applicable = models.BooleanField()
    justification = models.TextField(blank=True)
    implementation_status = models.CharField(max_length=20, choices=ImplementationStatus.choices)

    class Meta:
        ordering = ["version", "sort_key"]
        verbose_name = "SoA version entry"
        verbose_name_plural = "SoA version entries"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "control"], name="frameworks_soa_version_one_row_per_control"
            ),
            *applicability_constraints("frameworks_soa_version_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.address} in version {self.version_id}"
