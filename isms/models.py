from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseGenericSetting):
    """Who publishes this Trust Centre. The name is frozen into every published document version."""

    name = models.CharField(max_length=120, default="Our organisation")
    legal_name = models.CharField(max_length=200, blank=True)
    security_contact_email = models.EmailField(blank=True)
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text="A short line under the organisation's name in the site header.",
    )

    class Meta:
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name
