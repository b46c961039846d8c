"""Wagtail's inspect views show every ``DateTimeField`` by the project's rule (``isms.times``).

Without this, Wagtail prints a stored moment through ``localize``, which does not convert it to
the current zone: an SoA version's publication time showed in UTC with no label, beside pages
that show the configured zone.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class
from wagtail.admin.views.mixins import SpreadsheetExportMixin

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


def register_export_times_in_utc() -> None:
    """Every Wagtail export writes its times by the rule, Wagtail's own reports included.

    The site history, aging pages and workflow reports export through ``SpreadsheetExportMixin``
    and none of them sets its own preprocessing for datetimes, so the mixin's default is the one
    place that reaches them all; listings of ours also say "(UTC)" in the heading
    (``UtcExportMixin``).
    """
    SpreadsheetExportMixin.custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        **EXPORT_TIMES_IN_UTC,
    }


class UtcExportMixin(SpreadsheetExportMixin):
    """A Wagtail listing whose CSV and XLSX exports follow the rule for files: times in UTC.

    Put it before ``IndexView`` in the bases. Every datetime cell is written by ``utc_time``
    ("2026-12-03 09:15:00 UTC") and the heading of a ``DateTimeField`` column says the zone too
    ("Occurred at (UTC)"), so a column read on its own, pasted or sorted, is never ambiguous.
    """

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        **EXPORT_TIMES_IN_UTC,
    }

    def get_heading(self, queryset: models.QuerySet[Any], field: str) -> str:
        heading: str = super().get_heading(queryset, field)
        return f"{heading} (UTC)" if _is_datetime_field(queryset.model, field) else heading


def _is_datetime_field(model: type[models.Model], name: str) -> bool:
    try:
        return isinstance(model._meta.get_field(name), models.DateTimeField)
    except FieldDoesNotExist:
        return False
