from django.conf import settings
from django.db import models
from django.db.models import Q

from isms.roles import Role


class Company(models.Model):
    """A company of the group. Each one names its dedicated security engineer (seed 000).

    Products belong to a company; later capabilities (certificates, report scopes, maturity,
    disclosure) point at companies and products rather than at free-text names.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    legal_name = models.CharField(max_length=200, blank=True)
    country = models.CharField(
        max_length=2, help_text="ISO 3166-1 alpha-2 code of the country of registration, e.g. NO."
    )
    security_engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies_secured",
        limit_choices_to={"groups__name": Role.SECURITY_ENGINEER.value},
        help_text="The company's dedicated security engineer.",
    )

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"),
                name="scope_company_country_iso_code",
                violation_error_message="The country is a two-letter ISO code in capitals (NO).",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryModel(models.TextChoices):
    CLOUD = "cloud", "Cloud (SaaS)"
    INSTALLED = "installed", "Installed at the customer"
    MOBILE = "mobile", "Mobile app"
    SERVICE = "service", "Service"


class ProgrammeTier(models.TextChoices):
    VASP = "vasp", "VASP only"
    VASP_VCDM = "vasp_vcdm", "VASP and VCDM"


class Product(models.Model):
    """A product or service a customer buys, delivered one way and run under one programme tier.

    The tier follows the delivery model (seed 001): every product follows the application security
    programme (VASP); cloud services, which we also run, follow the cloud ISMS (VCDM) as well. The
    database refuses a cloud product under VASP alone.
    """

    DeliveryModel = DeliveryModel
    ProgrammeTier = ProgrammeTier

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="products")
    delivery_model = models.CharField(max_length=20, choices=DeliveryModel.choices)
    programme_tier = models.CharField(max_length=20, choices=ProgrammeTier.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery_model__in=DeliveryModel.values),
                name="scope_product_delivery_model_known",
            ),
            models.CheckConstraint(
                condition=Q(programme_tier__in=ProgrammeTier.values),
                name="scope_product_programme_tier_known",
            ),
            models.CheckConstraint(
                condition=~Q(delivery_model="cloud") | Q(programme_tier="vasp_vcdm"),
                name="scope_product_cloud_under_vcdm",
                violation_error_message="A cloud product follows both VASP and VCDM.",
            ),
        ]

    def __str__(self) -> str:
        return self.name
