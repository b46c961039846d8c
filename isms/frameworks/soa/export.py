"""The Statement of Applicability as CSV: a published version, or the current entries.

Streamed row by row, so a long list never sits in memory. A justification is text an officer
typed; a spreadsheet would run a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula, so
such cells are written with a leading apostrophe, as the audit trail's export does.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.cache import patch_cache_control

from isms.audit.admin_views import FORMULA_PREFIXES
from isms.frameworks.models import ApplicabilityEntry, ImplementationStatus, SoaVersionEntry

HEADER = ("control", "title", "theme", "applicable", "justification", "implementation status")


@dataclass(frozen=True)
class SoaCsvRow:
    control: str
    title: str
    theme: str
    applicable: bool
    justification: str
    implementation_status: str

    @classmethod
    def of_version_entry(cls, entry: SoaVersionEntry) -> "SoaCsvRow":
        return cls(
            control=entry.address,
            title=entry.title,
            theme=f"{entry.theme_ref} {entry.theme_title}",
            applicable=entry.applicable,
            justification=entry.justification,
            implementation_status=entry.implementation_status,
        )

    @classmethod
    def of_entry(cls, entry: ApplicabilityEntry) -> "SoaCsvRow":
        control = entry.control
        return cls(
            control=control.address,
            title=control.title,
            theme=f"{control.group.ref} {control.group.title}",
            applicable=entry.applicable,
            justification=entry.justification,
            implementation_status=entry.implementation_status,
        )

    def cells(self) -> list[str]:
        values = [
            self.control,
            self.title,
            self.theme,
            "yes" if self.applicable else "no",
            self.justification,
            ImplementationStatus(self.implementation_status).label,
        ]
        return [guard_formula(value) for value in values]


def guard_formula(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


class _Echo:
    """A file-like object whose write hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def soa_csv_lines(rows: Iterable[SoaCsvRow]) -> Iterator[str]:
    writer: Any = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for row in rows:
        yield writer.writerow(row.cells())


def soa_csv_response(rows: Iterable[SoaCsvRow], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(soa_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response
