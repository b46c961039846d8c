"""A Statement of Applicability version on its way to publication: submitted, then decided.

An officer submits the working copy as a version (number, date, what changed, and the approver
they ask, or any officer); the approver approves it, which freezes the ``SoaVersion``, or sends
it back with a comment; the submitter may withdraw it while it waits. The entries are
fingerprinted at submission, so what is approved is exactly what was submitted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from isms.frameworks.models.soa import SoaVersion
from isms.records.classification import Classification


class SoaSubmissionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved and published"
    SENT_BACK = "sent_back", "Sent back"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SoaSubmission(models.Model):
    """One request to publish the working copy as a version, and how it was decided.

    Written only by the services in ``isms.frameworks.soa.approval``, each step audited. At most
    one submission waits at a time (a partial unique constraint settles two officers submitting
    at once); a decided submission keeps its decision, and an approved one links the version it
    published.
    """

    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    effective_date = models.DateField()
    change_summary = models.CharField("what changed", max_length=300)
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.CONFIDENTIAL
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by_name = models.CharField("submitted by", max_length=150)
    submitted_at = models.DateTimeField()
    # Null: any compliance officer other than the submitter and the authors may approve.
    requested_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # SHA-256 of the working copy's entries when submitted (``soa_draft_fingerprint``).
    entries_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=20, choices=SoaSubmissionStatus.choices, default=SoaSubmissionStatus.PENDING
    )
    # The decision is written once (the database refuses a second write), so it names the
    # decider only as text; the audit event of the decision links the account.
    decided_by_name = models.CharField("decided by", max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True)
    comment = models.TextField(blank=True)
    version = models.OneToOneField(
        SoaVersion, null=True, on_delete=models.PROTECT, related_name="submission"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "SoA submission"
        verbose_name_plural = "SoA submissions"
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="pending"),
                name="frameworks_soa_one_pending_submission",
                violation_error_message="Another version is already awaiting approval.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SoaSubmissionStatus.values),
                name="frameworks_soa_submission_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="frameworks_soa_submission_decided_once_decided",
            ),
            models.CheckConstraint(
                condition=Q(status="approved", version__isnull=False)
                | (~Q(status="approved") & Q(version__isnull=True)),
                name="frameworks_soa_submission_approved_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"Statement of Applicability {self.number}, {self.get_status_display().lower()}"

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def is_pending(self) -> bool:
        return self.status == SoaSubmissionStatus.PENDING
