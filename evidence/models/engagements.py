import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from isms.roles import Role


class Engagement(models.Model):
    """An audit: which auditors look at which framework, for which period and products.

    An auditor sees accepted evidence only through an engagement that is open (until
    ``access_ends_on``): evidence attached to the engagement's framework, covering part of its
    period, about its products or about the whole organisation. Later issues hang the PBC list
    and audit packages on it.
    """

    name = models.CharField(max_length=200)
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="engagements"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    products = models.ManyToManyField("scope.Product", blank=True, related_name="engagements")
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="engagements",
        limit_choices_to={"groups__name": Role.AUDITOR.value},
    )
    access_ends_on = models.DateField(help_text="The auditors see nothing after this day.")

    class Meta:
        ordering = ["-period_end", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="evidence_engagement_period_ends_after_start",
                violation_error_message="The period cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.access_ends_on
