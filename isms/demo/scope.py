"""The demo group's companies and products, as the seeds picture it.

Vendela Software is a group of several companies: cloud products run under VASP and VCDM,
installed products under VASP alone, a mobile app, and services such as payments and
e-invoicing. Only what is missing is added; anything an officer changed is left alone.
"""

from dataclasses import dataclass
from typing import Any

from isms.scope.models import Company, Product

CLOUD, INSTALLED, MOBILE, SERVICE = (choice.value for choice in Product.DeliveryModel)
VASP, VASP_VCDM = (choice.value for choice in Product.ProgrammeTier)


@dataclass(frozen=True)
class DemoCompany:
    slug: str
    name: str
    legal_name: str
    country: str
    security_engineer: str | None
    products: tuple[tuple[str, str, str, str, str], ...]  # slug, name, delivery, tier, text


DEMO_COMPANIES = (
    DemoCompany(
        "vendela-cloud",
        "Vendela Cloud",
        "Vendela Cloud AS",
        "NO",
        "engineer",
        (
            ("payroll", "Vendela Payroll", CLOUD, VASP_VCDM, "Payroll and HR for employers."),
            ("ledger", "Vendela Ledger", CLOUD, VASP_VCDM, "Accounting for small businesses."),
            ("identity", "Vendela Identity", CLOUD, VASP_VCDM, "Single sign-on for the suite."),
            ("expense-app", "Vendela Expense", MOBILE, VASP, "Receipts and travel claims."),
        ),
    ),
    DemoCompany(
        "vendela-nordic",
        "Vendela Nordic",
        "Vendela Nordic AB",
        "SE",
        None,
        (
            (
                "erp-desktop",
                "Vendela ERP Desktop",
                INSTALLED,
                VASP,
                "ERP on the customer's servers.",
            ),
            ("point-of-sale", "Vendela Point of Sale", INSTALLED, VASP, "Tills for retail shops."),
        ),
    ),
    DemoCompany(
        "vendela-payments",
        "Vendela Payments",
        "Vendela Payments ApS",
        "DK",
        None,
        (
            ("pay", "Vendela Pay", SERVICE, VASP_VCDM, "Card and account-to-account payments."),
            ("e-invoice", "Vendela e-Invoice", SERVICE, VASP_VCDM, "Electronic invoice exchange."),
        ),
    ),
    DemoCompany(
        "vendela-public",
        "Vendela Public Sector",
        "Vendela Julkinen Oy",
        "FI",
        None,
        (
            (
                "case-manager",
                "Vendela Case Manager",
                INSTALLED,
                VASP,
                "Case handling for councils.",
            ),
            ("citizen-app", "Vendela Citizen", MOBILE, VASP, "Council services on the phone."),
        ),
    ),
)


def ensure_demo_scope(*, users: dict[str, Any]) -> int:
    """Add the demo companies and products that are missing; return how many were added."""
    added = 0
    for demo in DEMO_COMPANIES:
        company, created = Company.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "legal_name": demo.legal_name,
                "country": demo.country,
                "security_engineer": users.get(demo.security_engineer or ""),
            },
        )
        added += created
        for slug, name, delivery_model, tier, description in demo.products:
            _, created = Product.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "company": company,
                    "delivery_model": delivery_model,
                    "programme_tier": tier,
                    "description": description,
                },
            )
            added += created
    return added
