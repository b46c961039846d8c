"""The demo Statement of Applicability: Vendela's answers for the 93 Annex A controls, published.

Vendela Software builds its products in its own offices and runs its cloud services on a public
cloud provider; it has no data centre or server room of its own. So nearly every control
applies, most are implemented, a few are still under way, and three are excluded with the
reasons an auditor would expect. Entries are filled through ``soa_entry_update`` (audited, with
history) by the officer, who submits version 1.0 for approval (``soa_version_submit``) asking the
CISO, who approves it (``soa_submission_approve``, four eyes). Re-running leaves edited entries
and published versions alone.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from isms.demo.documents import plausible_publication_time
from isms.frameworks.models import ApplicabilityEntry, ImplementationStatus, SoaVersion
from isms.frameworks.soa.services import (
    soa_entry_update,
    soa_submission_approve,
    soa_version_submit,
)

EFFECTIVE = date(2026, 2, 2)
CHANGE_SUMMARY = (
    "First published Statement of Applicability, following the 2026 risk assessment: 90 of the "
    "93 Annex A controls apply, three are excluded."
)

WHY_INCLUDED = {
    "A.5": "Needed to run the ISMS and to treat the organisational risks in our risk register; "
    "our customer contracts ask for it too.",
    "A.6": "Our employees and contractors work with customer data every day; the risk "
    "assessment and our contracts require these people controls.",
    "A.7": "Applies to our offices in Oslo and Stockholm, where staff work on company laptops "
    "with access to customer data.",
    "A.8": "Applies to the cloud platform we operate and the products we build; treats the "
    "technical risks in our risk register.",
}


@dataclass(frozen=True)
class Exclusion:
    ref: str
    justification: str


EXCLUSIONS = (
    Exclusion(
        "A.7.11",
        "We run no equipment that needs power, cooling or water supplies of ours: production runs "
        "in our cloud provider's data centres, whose utilities its ISO/IEC 27001 certificate and "
        "SOC 2 report cover (reviewed yearly under A.5.22). In the offices, laptops run on "
        "battery and staff can keep working from home (A.5.30).",
    ),
    Exclusion(
        "A.7.12",
        "We own no server rooms or network cabling: the production network is the cloud "
        "provider's, covered by its certifications, and the offices use the landlord's shared "
        "cabling only as a path to the internet, with all our traffic encrypted (A.8.20).",
    ),
    Exclusion(
        "A.8.30",
        "We do not outsource development: every line of product code is written and reviewed by "
        "our own employees. Should that change, this control is brought back into scope before "
        "the first contract is signed.",
    ),
)

UNDER_WAY = {
    "A.5.7": ImplementationStatus.PARTIAL,
    "A.8.12": ImplementationStatus.PARTIAL,
    "A.8.16": ImplementationStatus.PARTIAL,
    "A.8.11": ImplementationStatus.PLANNED,
}


def ensure_demo_soa(*, users: dict[str, Any]) -> str:
    """Answer the entries nobody has edited yet, publish 1.0 if nothing is published; say so."""
    answered = sum(_answer(entry, by=users["officer"]) for entry in _untouched_entries())
    if SoaVersion.objects.exists() or not ApplicabilityEntry.objects.exists():
        return f"Statement of Applicability: {answered} entries answered now."
    submission = soa_version_submit(
        by=users["officer"],
        requested_approver=users["ciso"],
        number="1.0",
        effective_date=EFFECTIVE,
        change_summary=CHANGE_SUMMARY,
    )
    version = soa_submission_approve(
        submission=submission,
        by=users["ciso"],
        comment="Reviewed against the 2026 risk assessment and treatment plan.",
        published_at=plausible_publication_time(EFFECTIVE),
    )
    return (
        f"Statement of Applicability: {answered} entries answered now; version {version.number} "
        "published."
    )


def _untouched_entries() -> list[ApplicabilityEntry]:
    return list(
        ApplicabilityEntry.objects.filter(updated_by__isnull=True)
        .select_related("control__group")
        .order_by("control__sort_key")
    )


def _answer(entry: ApplicabilityEntry, *, by: Any) -> bool:
    exclusion = next((e for e in EXCLUSIONS if e.ref == entry.control.ref), None)
    if exclusion is not None:
        soa_entry_update(
            entry=entry,
            by=by,
            applicable=False,
            justification=exclusion.justification,
            implementation_status=ImplementationStatus.NOT_APPLICABLE,
        )
        return True
    soa_entry_update(
        entry=entry,
        by=by,
        applicable=True,
        justification=WHY_INCLUDED[entry.control.group.ref],
        implementation_status=UNDER_WAY.get(entry.control.ref, ImplementationStatus.IMPLEMENTED),
    )
    return True
