"""What the SoA publication event's ``content_sha256`` covers: the version and its entries."""

from typing import Any

from django.db import models

from isms.audit.content import fields_content

VERSION_FIELDS = fields_content(
    "framework_id", "major", "minor", "effective_date", "published_at", "published_by_name",
    "approved_by_name", "authors", "publisher", "classification", "change_summary",
)  # fmt: skip
ENTRY_COLUMNS = (
    "control_id", "address", "ref", "title", "theme_ref", "theme_title", "sort_key", "applicable",
    "justification", "implementation_status",
)  # fmt: skip


def soa_version_content(version: models.Model) -> dict[str, Any]:
    entries = version.entries.order_by("control_id").values_list(*ENTRY_COLUMNS)  # type: ignore[attr-defined]
    return {
        **VERSION_FIELDS(version),
        "entries": [dict(zip(ENTRY_COLUMNS, row, strict=True)) for row in entries],
    }
