"""The admin's "Change history" of any model tracked by django-simple-history.

Why it exists: Wagtail's viewsets show their own action log ("edited by X"), which says nothing
about the values. django-simple-history keeps every earlier state of a row (``history =
HistoricalRecords()`` on the model), and officers and auditors need to read it: what changed,
from which value to which, when, and by whom. The audit trail (``isms.audit``) separately keeps
who did what, hash-chained; see docs/decisions.md.

How it is wired: a viewset routes ``HistoricalRecordsView.as_view(model=..., permission=...)``
at ``changes/<pk>/`` (name ``changes``) and mixes ``ChangeHistoryButtonMixin`` into its inspect
or edit view, which links there. The view needs two things of the user: the model's own view
permission through its registered policy (the object is looked up with ``list_for_user``, so
an object outside the user's scope is a 404), and ``permission``, normally the historical
model's view permission (``frameworks.view_historicalcontrol``), granted to officers and
auditors. Anyone else gets a 404. Each row is compared with the one before it by
``diff_against``; foreign keys and choices are shown by their names.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from isms.access import get_for_user_or_404, list_for_user
from isms.times import admin_time

# The most records one page shows, newest first; older ones are rarely what anyone looks for.
RECORDS_SHOWN = 100
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    """One historical record as the page shows it."""

    date: Any
    user: str
    change_type: str
    reason: str
    changes: tuple[FieldChange, ...]


class HistoricalRecordsView(WagtailAdminTemplateMixin, TemplateView):  # type: ignore[misc]
    """Every recorded state of one object, newest first, with what changed at each step."""

    model: type[models.Model] | None = None
    permission = ""
    # Columns that change on every save or only sort rows: listing them says nothing.
    hidden_fields: tuple[str, ...] = ("updated_at", "sort_key")
    template_name = "isms/history/records.html"
    header_icon = "history"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if self.model is None or not self.permission:
            raise TypeError("HistoricalRecordsView needs a model and a permission.")
        if not request.user.has_perm(self.permission):
            raise Http404
        self.object = get_for_user_or_404(
            list_for_user(self.model, user=request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return "Change history"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": f"Change history: {self.object}"}]

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, rows=self.rows, limit=RECORDS_SHOWN)
        return context

    @cached_property
    def rows(self) -> list[HistoryRow]:
        history = self.object.history  # type: ignore[attr-defined]
        newest = list(
            history.select_related("history_user").order_by("-history_date", "-history_id")[
                : RECORDS_SHOWN + 1
            ]
        )
        rows: list[HistoryRow] = []
        for record, previous in zip(newest, [*newest[1:], None], strict=True):
            if len(rows) == RECORDS_SHOWN:
                break
            rows.append(self._row(record, previous))
        return rows

    def _row(self, record: Any, previous: Any) -> HistoryRow:
        changes: tuple[FieldChange, ...] = ()
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=self.hidden_fields)
            changes = tuple(
                FieldChange(
                    label=self._label(change.field),
                    old=self._display(change.field, change.old),
                    new=self._display(change.field, change.new),
                )
                for change in delta.changes
            )
        user = record.history_user
        return HistoryRow(
            date=record.history_date,
            user=(user.get_full_name() or user.get_username()) if user else "—",
            change_type=CHANGE_TYPES.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=changes,
        )

    def _label(self, name: str) -> str:
        assert self.model is not None  # noqa: S101 (checked in dispatch)
        field = self.model._meta.get_field(name)
        return str(getattr(field, "verbose_name", name)).capitalize()

    def _display(self, name: str, value: Any) -> str:
        assert self.model is not None  # noqa: S101 (checked in dispatch)
        field = self.model._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            ids = [row[field.m2m_reverse_field_name()] for row in value or []]
            related = field.related_model._default_manager.filter(pk__in=ids)  # type: ignore[union-attr]
            return ", ".join(sorted(str(item) for item in related)) or "—"
        if field.is_relation and value is not None:
            found = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
            return str(found) if found is not None else f"#{value} (deleted)"
        choices = dict(getattr(field, "flatchoices", None) or [])
        if value in choices:
            return str(choices[value])
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime.datetime):
            return admin_time(value)
        return "—" if value in (None, "") else str(value)


class ChangeHistoryButtonMixin:
    """For an inspect or edit view: a "Change history" button, shown to those who may read it."""

    history_permission = ""
    history_url_name = ""
    request: HttpRequest
    object: models.Model

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)  # type: ignore[misc]
        if self.history_permission and self.request.user.has_perm(self.history_permission):
            url = reverse(self.history_url_name, args=[self.object.pk])
            buttons.append(HeaderButton("Change history", url=url, icon_name="history"))
        return buttons
