"""Control references and addresses: how a control is named everywhere (API, CSV, URLs).

A reference is the standard's own number: ``6.1.2`` for a clause, ``A.8.8`` for an Annex A
control, ``CO3.2`` for a control the organisation defines under its third control objective. An
address puts the framework's code in front: ``iso27001-2022:A.8.8``.
"""

import re
from dataclasses import dataclass

REF_PATTERN = re.compile(
    r"^(?:(?P<prefix>[A-Z]{1,4})\.?)?(?P<numbers>[1-9]\d{0,3}(?:\.[1-9]\d{0,3})*)$"
)
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class MalformedReferenceError(ValueError):
    """A reference or address that cannot name any control, whatever is loaded."""


def ref_sort_key(ref: str) -> str:
    """A key that sorts references as people read them: A.5.2 before A.5.10, clauses before A.

    Each number is zero-padded; the prefix (none for clauses) comes first, and "." sorts before
    any letter, so ``10.2`` follows ``9.3.3`` and every clause precedes ``A.5.1``.
    """
    match = REF_PATTERN.match(ref)
    if match is None:
        raise MalformedReferenceError(
            f"“{ref}” is not a control reference (expected numbers separated by dots, "
            "optionally after capital letters, like 6.1.2, A.8.8 or CO3.2)."
        )
    numbers = ".".join(f"{int(number):04d}" for number in match["numbers"].split("."))
    return f"{match['prefix'] or ''}.{numbers}"


def parent_refs(ref: str) -> list[str]:
    """The references that could contain this one, nearest first: 6.1.2 → 6.1, 6."""
    parts = ref.split(".")
    return [".".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]


@dataclass(frozen=True)
class ControlAddress:
    code: str
    ref: str

    def __str__(self) -> str:
        return f"{self.code}:{self.ref}"

    @classmethod
    def parse(cls, address: str) -> "ControlAddress":
        code, separator, ref = address.strip().partition(":")
        if not separator or not CODE_PATTERN.match(code) or not REF_PATTERN.match(ref):
            raise MalformedReferenceError(
                f"“{address}” is not a control address: write <framework code>:<reference>, "
                "for example iso27001-2022:A.8.8."
            )
        return cls(code=code, ref=ref)
