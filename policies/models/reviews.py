from django.db import models


class ReviewReminderThreshold(models.TextChoices):
    DUE_SOON = "due_soon", "Review due soon"
    OVERDUE = "overdue", "Review overdue"


class ReviewReminder(models.Model):
    """That the officers were e-mailed about a version's review, so they are told only once.

    Written by `policies.services.review_reminders_send` (run by `manage.py send_review_reminders`,
    typically daily from cron): one row per version and threshold, so a version is mentioned once
    when its review comes within 30 days and once more when it is overdue, however often the
    command runs.
    """

    version = models.ForeignKey(
        "policies.DocumentVersion", on_delete=models.CASCADE, related_name="review_reminders"
    )
    threshold = models.CharField(max_length=20, choices=ReviewReminderThreshold.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "threshold"], name="policies_one_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_threshold_display()}: {self.version}"
