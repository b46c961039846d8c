"""The demo Statement of Applicability: Vendela's answers for the 93 Annex A controls, published.

Vendela Software builds its products in its own offices and runs its cloud services on a public
cloud provider; it has no data centre or server room of its own. So nearly every control
applies, most are implemented, a few are still under way, and three are excluded with the
reasons an auditor would expect. Entries are filled through ``soa_entry_update`` (audited, with
history) by the officer, who submits version 1.0 for approval (``soa_version_submit``) asking the
CISO, who approves it (``soa_submission_approve``, four eyes). Re-running leaves edited entries
and published versions alone.

The answers (applicable or not, and the justification) are data, one per control, in
``data/soa.yaml``; which of the applicable ones are still under way is ``UNDER_WAY`` below.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

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

DATA_FILE = Path(__file__).parent / "data" / "soa.yaml"


@dataclass(frozen=True)
class DemoAnswer:
    """One control's answer in the demo SoA, as the officer would write it for the auditor."""

    ref: str
    applicable: bool
    justification: str


class _OneAnswerPerControlLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice; plain YAML would keep the last silently."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key} is answered twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_demo_answers(path: Path = DATA_FILE) -> dict[str, DemoAnswer]:
    """The answers in the data file, by control reference; a malformed entry is a ValueError."""
    loader = _OneAnswerPerControlLoader(path.read_text(encoding="utf-8"))
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    answers = {}
    for ref, entry in data.items():
        applicable, justification = entry.get("applicable"), entry.get("justification")
        if set(entry) != {"applicable", "justification"} or not isinstance(applicable, bool):
            raise ValueError(
                f"{ref}: give exactly 'applicable' (true or false) and 'justification'"
            )
        if not isinstance(justification, str) or not justification.strip():
            raise ValueError(f"{ref}: the justification is empty")
        answers[ref] = DemoAnswer(ref, applicable, " ".join(justification.split()))
    return answers


ANSWERS = read_demo_answers()
EXCLUSIONS = tuple(answer for answer in ANSWERS.values() if not answer.applicable)

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
    answer = ANSWERS.get(entry.control.ref)
    if answer is None:
        return False
    if answer.applicable:
        status = UNDER_WAY.get(answer.ref, ImplementationStatus.IMPLEMENTED)
    else:
        status = ImplementationStatus.NOT_APPLICABLE
    soa_entry_update(
        entry=entry,
        by=by,
        applicable=answer.applicable,
        justification=answer.justification,
        implementation_status=status,
    )
    return True
