"""The catalogs for the demo, with owners, evidence cadences and products on the controls.

The catalogs load through the same service as ``manage.py load_catalogs``. Then each rule below
gives the controls it matches, if nobody owns them yet, an owner, a cadence and the products they
apply to; the first matching rule wins, so exact references come before prefixes.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from isms.frameworks.catalog_files import read_catalog_dir
from isms.frameworks.models import Control, EvidenceCadence
from isms.frameworks.services import CatalogConflictError, catalogs_load
from isms.scope.models import Product

MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = EvidenceCadence


@dataclass(frozen=True)
class OwnershipRule:
    code: str
    refs: tuple[str, ...] = ()  # exact references; when empty, every ref starting with prefix
    prefix: str = ""
    owner: str = "officer"
    cadence: EvidenceCadence = YEARLY
    products: str = ""  # "vcdm": products under VCDM, "cloud": cloud products, "": none

    def controls(self) -> QuerySet[Control]:
        match = Q(ref__in=self.refs) if self.refs else Q(ref__startswith=self.prefix)
        return Control.objects.filter(match, framework__code=self.code, owner__isnull=True)


ISO27001, ISAE = "iso27001-2022", "isae3402-cloud"
RULES = (
    OwnershipRule(
        ISO27001, ("A.8.8", "A.8.15", "A.8.16"), owner="engineer", cadence=MONTHLY, products="vcdm"
    ),
    OwnershipRule(
        ISO27001,
        ("A.8.2", "A.8.13", "A.8.32"),
        owner="engineer",
        cadence=QUARTERLY,
        products="vcdm",
    ),
    OwnershipRule(ISO27001, ("A.5.18",), cadence=QUARTERLY, products="vcdm"),
    OwnershipRule(ISO27001, ("A.5.24", "A.5.26"), cadence=HALF_YEARLY, products="vcdm"),
    OwnershipRule(ISO27001, prefix="A.8.", owner="engineer", cadence=HALF_YEARLY, products="vcdm"),
    OwnershipRule(ISO27001, prefix="A.5.", products="vcdm"),
    OwnershipRule(ISO27001, prefix=""),
    OwnershipRule("iso9001-2015", prefix=""),
    OwnershipRule(ISAE, ("CO4.1",), owner="engineer", cadence=MONTHLY, products="cloud"),
    OwnershipRule(ISAE, ("CO1.3", "CO5.2"), owner="engineer", cadence=QUARTERLY, products="cloud"),
    OwnershipRule(ISAE, prefix="CO3.", owner="engineer", cadence=MONTHLY, products="cloud"),
    *(
        OwnershipRule(
            ISAE, prefix=f"CO{n}.", owner="engineer", cadence=HALF_YEARLY, products="cloud"
        )
        for n in (1, 2, 4, 5, 10)
    ),
    OwnershipRule(ISAE, prefix="CO", products="cloud"),
)


def ensure_demo_catalogs(*, users: dict[str, Any]) -> str:
    """Load the catalogs and give unowned controls their demo owners; say what happened."""
    frameworks, mapping_files = read_catalog_dir()
    try:
        changes = catalogs_load(frameworks=frameworks, mapping_files=mapping_files)
    except CatalogConflictError as conflict:
        return (
            f"Catalogs differ from the files in {len(conflict.differences)} places; "
            "run manage.py load_catalogs --update to apply them."
        )
    assigned = sum(_apply_rule(rule, users) for rule in RULES)
    loaded = "up to date" if changes.nothing else "loaded"
    return f"Catalogs {loaded}; {assigned} controls given an owner and cadence."


def _apply_rule(rule: OwnershipRule, users: dict[str, Any]) -> int:
    controls = list(rule.controls())
    products = {
        "vcdm": Product.objects.filter(programme_tier=Product.ProgrammeTier.VASP_VCDM),
        "cloud": Product.objects.filter(delivery_model=Product.DeliveryModel.CLOUD),
    }.get(rule.products, Product.objects.none())
    Control.objects.filter(pk__in=[control.pk for control in controls]).update(
        owner=users[rule.owner], evidence_cadence=rule.cadence
    )
    links = [
        Control.products.through(control_id=control.pk, product_id=product.pk)
        for control in controls
        for product in products
    ]
    Control.products.through.objects.bulk_create(links, ignore_conflicts=True)
    return len(controls)
