"""Wagtail's inspect views show every ``DateTimeField`` by the project's rule (``isms.times``).

Without this, Wagtail prints a stored moment through ``localize``, which does not convert it to
the current zone: an SoA version's publication time showed in UTC with no label, beside pages
that show the configured zone.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class

from isms.times import admin_time, utc_time


class AdminTimeDisplay(BaseFieldDisplay):
    """A moment as ``admin_time`` writes it, in a <time> element that carries it in UTC."""

    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> SafeString:
        if not isinstance(self.value, datetime.datetime):
            return format_html("{}", self.value if self.value is not None else "—")
        return format_html(
            '<time datetime="{}">{}</time>',
            self.value.astimezone(datetime.UTC).isoformat(),
            admin_time(self.value),
        )


def register_admin_time_display() -> None:
    register_display_class(models.DateTimeField, display_class=AdminTimeDisplay)


# For a Wagtail listing's export (``custom_value_preprocess``): times in UTC, labelled, in CSV and
# spreadsheet alike, instead of Wagtail's "+00:00" text in CSV and unlabelled naive UTC in XLSX.
EXPORT_TIMES_IN_UTC: dict[Any, dict[str, Any]] = {
    datetime.datetime: {"csv": utc_time, "xlsx": utc_time},
}
