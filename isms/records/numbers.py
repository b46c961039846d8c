"""Version numbers of published records: "major.minor", compared as numbers (1.10 > 1.9)."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Self

from django.core.exceptions import ValidationError

_PATTERN = re.compile(r"(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})")


@dataclass(frozen=True, order=True)
class VersionNumber:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Self:
        match = _PATTERN.fullmatch(text.strip())
        if not match:
            raise ValidationError(
                "Enter a version number as major.minor, for example 1.0 or 2.3.",
                code="malformed_version",
            )
        return cls(int(match.group(1)), int(match.group(2)))

    def next_minor(self) -> "VersionNumber":
        return VersionNumber(self.major, self.minor + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


def versioned_file_stem(*, slug: str, number: str, effective_date: date) -> str:
    """How a downloaded copy of a record is named, so that it still says which version it is.

    Kept apart from the renderers, so that naming a file does not load WeasyPrint.
    """
    return f"{slug}-v{number}-{effective_date.isoformat()}"
