from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseGenericSetting):
    """Who publishes this Trust Centre. The name is frozen into every published document version.

    The logo is read when a version's PDF is rendered (policies.services), and handed to the
    renderer as bytes: WeasyPrint never fetches it from storage or the network itself.
    """

    name = models.CharField(max_length=120, default="Our organisation")
    legal_name = models.CharField(max_length=200, blank=True)
    security_contact_email = models.EmailField(blank=True)
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text="One line saying what the organisation does, for example “Business software "
        "for companies and the public sector.” Shown in the footer of every public Trust Centre "
        "page, under the legal name; leave it empty to show none.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Printed on the cover of every PDF rendered from now on. SVG or PNG, on a "
        "transparent or white background; without one, the cover shows the name alone.",
    )

    class Meta:
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name
