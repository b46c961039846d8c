from django.db import models


class RenewalReminderThreshold(models.TextChoices):
    DUE_SOON = "due_soon", "Renewal due soon"
    OVERDUE = "overdue", "Renewal overdue"


class RenewalReminder(models.Model):
    """That an owner was e-mailed about renewing a piece of evidence, so they are told only once.

    Written by ``evidence.services.evidence_renewal_reminders_send`` (``manage.py
    remind_evidence_due``, run daily): one row per revision, renewal date and threshold, so an owner
    hears once when the evidence comes due soon and once more when it is overdue, however often the
    command runs. A new revision, or a new renewal date (its controls' cadence changed), is a new
    cycle and is reminded of again.
    """

    revision = models.ForeignKey(
        "evidence.EvidenceRevision", on_delete=models.PROTECT, related_name="renewal_reminders"
    )
    renews_on = models.DateField()
    threshold = models.CharField(max_length=20, choices=RenewalReminderThreshold.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "renews_on", "threshold"],
                name="evidence_one_renewal_reminder_per_threshold",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__in=RenewalReminderThreshold.values),
                name="evidence_renewal_reminder_threshold_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_threshold_display()}: {self.revision} ({self.renews_on})"
