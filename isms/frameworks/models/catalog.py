from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from isms.frameworks.refs import ControlAddress


class FrameworkKind(models.TextChoices):
    STANDARD = "standard", "Certifiable standard"
    ASSURANCE_REPORT = "assurance_report", "Assurance report"


class Framework(models.Model):
    """One edition of a standard or of an assurance report's control set, loaded from a file.

    Catalogs are data (``isms/frameworks/catalogs/*.yaml``, loaded by ``manage.py load_catalogs``),
    so adding a framework needs no migration. A new edition is a new framework with its own code,
    never an edit of the old one: evidence and certificates keep pointing at what they were about.
    """

    Kind = FrameworkKind

    code = models.SlugField(max_length=40, unique=True, help_text="e.g. iso27001-2022")
    name = models.CharField(max_length=120)
    edition = models.CharField(max_length=20, help_text="Year or edition, e.g. 2022.")
    kind = models.CharField(max_length=20, choices=FrameworkKind.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FrameworkKind.values),
                name="frameworks_framework_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ControlGroup(models.Model):
    """A clause (``6``), an Annex A theme (``A.5``) or a control objective (``CO3``).

    Groups only arrange controls on screen; evidence is attached to controls.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    ref = models.CharField("reference", max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_key = models.CharField(max_length=60, editable=False)

    class Meta:
        ordering = ["framework", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "ref"], name="frameworks_group_unique_ref"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class EvidenceCadence(models.IntegerChoices):
    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly"
    HALF_YEARLY = 6, "Half-yearly"
    YEARLY = 12, "Yearly"


class ControlQuerySet(models.QuerySet["Control"]):
    def get_by_address(self, address: str) -> "Control":
        """The control at ``<code>:<ref>``.

        Raises ``MalformedReferenceError`` (a ``ValueError``) for text that cannot be an address and
        ``Control.DoesNotExist`` naming the address when nothing is loaded there.
        """
        parsed = ControlAddress.parse(address)
        try:
            return self.select_related("framework").get(framework__code=parsed.code, ref=parsed.ref)
        except Control.DoesNotExist:
            raise Control.DoesNotExist(f"There is no control {parsed}.") from None


class Control(models.Model):
    """A requirement evidence is collected for: a sub-clause, an Annex A control, an ISAE control.

    Reference, title and description come from the catalog file and are not edited here; owner,
    evidence cadence and the products it applies to are ours, kept by compliance officers. The
    parent links a sub-clause to its clause (6.1.2 under 6.1); ``sort_key`` orders references
    numerically (``isms.frameworks.refs.ref_sort_key``).
    """

    EvidenceCadence = EvidenceCadence

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="controls")
    group = models.ForeignKey(
        ControlGroup,
        on_delete=models.PROTECT,
        related_name="controls",
        verbose_name="clause, theme or objective",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    ref = models.CharField("reference", max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="controls_owned",
    )
    evidence_cadence = models.PositiveSmallIntegerField(
        choices=EvidenceCadence.choices,
        default=EvidenceCadence.YEARLY,
        help_text="How often fresh evidence is due.",
    )
    products = models.ManyToManyField(
        "scope.Product",
        blank=True,
        related_name="controls",
        help_text="The products this control applies to.",
    )

    # What changed, field by field (owner, cadence, products, and titles from catalog updates).
    history = HistoricalRecords(m2m_fields=[products])

    objects = ControlQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "ref"], name="frameworks_control_unique_ref"
            ),
            models.CheckConstraint(
                condition=Q(evidence_cadence__in=EvidenceCadence.values),
                name="frameworks_control_cadence_known",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="frameworks_control_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.title}"

    @property
    def address(self) -> str:
        """``<framework code>:<ref>``, the name used in the API, CSV files and URLs."""
        return str(ControlAddress(code=self.framework.code, ref=self.ref))


class MappingRelation(models.TextChoices):
    EQUAL = "equal", "Equal"
    SUBSET = "subset", "Subset"
    SUPERSET = "superset", "Superset"
    INTERSECT = "intersect", "Intersect"


class ControlMapping(models.Model):
    """How a control of one framework relates to a control of another, and why.

    Read from ``from_control``: "A.8.13 is a superset of CO5.1" means satisfying A.8.13 covers
    CO5.1 and more. Evidence for one control can then count for the controls mapped to it.
    """

    Relation = MappingRelation

    from_control = models.ForeignKey(
        Control, on_delete=models.CASCADE, related_name="mappings_from"
    )
    to_control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="mappings_to")
    relation = models.CharField(max_length=20, choices=MappingRelation.choices)
    rationale = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_control__framework", "from_control__sort_key", "to_control__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_control", "to_control"], name="frameworks_mapping_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(from_control=F("to_control")),
                name="frameworks_mapping_not_to_itself",
                violation_error_message="A control cannot be mapped to itself.",
            ),
            models.CheckConstraint(
                condition=Q(relation__in=MappingRelation.values),
                name="frameworks_mapping_relation_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_control.address} {self.relation} {self.to_control.address}"
