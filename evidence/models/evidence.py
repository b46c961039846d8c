import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from evidence.freshness import Freshness, freshness_on


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"
    NOTE = "note", "Note"


class EvidenceSource(models.TextChoices):
    MANUAL = "manual", "Uploaded by hand"
    API = "api", "Pushed through the API"
    SYSTEM = "system", "Collected by the system"


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


# django-simple-history's recorder for evidence, named so that ``evidence_create`` can take the
# first record itself, once the row, its links and its revision are all written.
EVIDENCE_HISTORY = HistoricalRecords(m2m_fields=["controls", "products"])


class Evidence(models.Model):
    """Proof that a control works: a file, a link or a note covering a period, reviewed by officers.

    What the evidence *is* lives in its revisions, which the database never lets anyone change or
    delete (``EvidenceRevision``); a correction is a new revision with a reason, and
    ``current_revision`` points at the newest. The evidence row itself holds what may change over
    its life (the controls and products it concerns, its period and its review), and
    django-simple-history keeps every earlier state of it. Writes go through
    ``evidence.services``; reads through ``evidence.selectors``, scoped by
    ``evidence.permissions.EvidencePermissionPolicy``.
    """

    Kind = EvidenceKind
    Source = EvidenceSource
    Status = ReviewStatus
    # Wagtail's reference index would record, on every save, that this row points at its users and
    # its current revision. Only the usage views and delete warnings of the object pointed at read
    # that, and none exists for revisions; a user's delete warning would count this row, but the
    # link is SET_NULL, which protects nothing. Nothing points at evidence from a page or snippet.
    wagtail_reference_index_ignore = True

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    controls = models.ManyToManyField("frameworks.Control", related_name="evidence")
    products = models.ManyToManyField(
        "scope.Product",
        blank=True,
        related_name="evidence",
        help_text="The products it concerns; none for evidence about the whole organisation.",
    )
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="evidence_produced",
    )
    source = models.CharField(max_length=10, choices=EvidenceSource.choices)
    period_start = models.DateField(help_text="The first day the evidence covers.")
    period_end = models.DateField(help_text="The last day the evidence covers.")
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    rejection_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    renews_on = models.DateField(
        "renewal date", help_text="When fresh evidence is due, from the controls' cadence."
    )
    current_revision = models.OneToOneField(
        "EvidenceRevision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = EVIDENCE_HISTORY

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["-created_at", "-pk"]
        permissions = [("review_evidence", "Can accept or reject evidence")]
        indexes = [models.Index(fields=["status", "renews_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="evidence_period_ends_after_start",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values), name="evidence_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(source__in=EvidenceSource.values), name="evidence_source_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="evidence_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.REJECTED) | ~Q(rejection_reason=""),
                name="evidence_rejection_has_reason",
                violation_error_message="A rejection needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def freshness(self, today: datetime.date | None = None) -> Freshness:
        """Fresh, due soon or expired, on ``today`` (by default the local date now)."""
        return freshness_on(
            self.renews_on, today or timezone.localdate(), period_end=self.period_end
        )

    @property
    def freshness_label(self) -> str:
        """Freshness matters once evidence is accepted; before that it has none to speak of."""
        return self.freshness().label if self.is_accepted else "Not yet accepted"

    @property
    def control_addresses(self) -> str:
        """The controls' addresses (``iso27001-2022:A.8.8, ...``), from the prefetched controls."""
        return ", ".join(control.address for control in self.controls.all())

    @property
    def is_accepted(self) -> bool:
        return self.status == ReviewStatus.ACCEPTED


class EvidenceRevision(models.Model):
    """One immutable state of a piece of evidence: its file, link or note, and why it was made.

    Written once by ``evidence.services`` and never updated or deleted: migration 0002 has the
    database refuse it (``isms.db.immutability.ProtectImmutable``). A file revision records the
    name we stored it under, the type sniffed from its content and the SHA-256 measured while it
    streamed to storage; every download checks the bytes against that hash.
    """

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    reason = models.TextField()
    storage_name = models.CharField(max_length=255, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    url = models.URLField("link", max_length=2000, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="evidence_revisions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["evidence", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number"], name="evidence_revision_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="evidence_revision_number"),
            models.CheckConstraint(
                condition=(
                    Q(kind=EvidenceKind.FILE, url="", note="")
                    & ~Q(storage_name="")
                    & ~Q(sha256="")
                    & Q(size__gt=0)
                )
                | Q(kind=EvidenceKind.LINK, storage_name="", note="", size__isnull=True)
                & ~Q(url="")
                | Q(kind=EvidenceKind.NOTE, storage_name="", url="", size__isnull=True)
                & ~Q(note=""),
                name="evidence_revision_content_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence} (revision {self.number})"

    @property
    def is_file(self) -> bool:
        return self.kind == EvidenceKind.FILE
