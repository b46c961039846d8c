"""When evidence must be renewed, and how fresh it is on a given day.

The renewal date is stored on the evidence (the end of the period it covers plus the shortest
cadence of its controls), because lists and the dashboard filter and sort by it. Freshness is
never stored: it depends on the day it is asked, so it is derived from the renewal date each time.

"Due soon" is a warning window before the renewal date that scales with the cadence: a quarter of
the cadence period (the days from the period's end to the renewal date, so the cadence the
evidence was collected for, even if a control's cadence changed since), capped at
``EVIDENCE_DUE_SOON_DAYS`` (30). Monthly evidence is due soon 7 days before renewal, quarterly 22
or 23, half-yearly and yearly 30. A fixed 30 days made monthly evidence "due soon" the day it
arrived. A quarter leaves three quarters of the cycle fresh whatever the cadence, and the cap
keeps a yearly control from nagging for three months.
"""

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q


class Freshness(models.TextChoices):
    FRESH = "fresh", "Fresh"
    DUE_SOON = "due_soon", "Due soon"
    EXPIRED = "expired", "Expired"


def due_soon_days() -> int:
    """The longest due-soon window, in days (``EVIDENCE_DUE_SOON_DAYS``)."""
    return int(getattr(settings, "EVIDENCE_DUE_SOON_DAYS", 30))


def due_soon_window(*, period_end: datetime.date, renews_on: datetime.date) -> int:
    """How many days before ``renews_on`` evidence is due soon: a quarter of its cadence period,
    at most ``due_soon_days()``."""
    return min(due_soon_days(), (renews_on - period_end).days // 4)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def renewal_date(*, period_end: datetime.date, cadences: Iterable[int]) -> datetime.date:
    """The day fresh evidence is next due: the period's end plus the shortest cadence (months)."""
    return add_months(period_end, min(cadences, default=12))


def freshness_on(
    renews_on: datetime.date, today: datetime.date, *, period_end: datetime.date
) -> Freshness:
    if today >= renews_on:
        return Freshness.EXPIRED
    window = due_soon_window(period_end=period_end, renews_on=renews_on)
    if (renews_on - today).days <= window:
        return Freshness.DUE_SOON
    return Freshness.FRESH


def freshness_q(freshness: Freshness | str, today: datetime.date) -> Q:
    """The query form of ``freshness_on``, for evidence rows (``renews_on``, ``period_end``).

    Due soon means ``d = renews_on - today`` is between 1 and the cap, and ``4 d <= renews_on -
    period_end``, which is ``period_end <= today - 3 d``: one term per day of the cap, with
    constant dates, so both databases use plain date comparisons.
    """
    due_soon = Q(pk__in=[])
    for days in range(1, due_soon_days() + 1):
        due_soon |= Q(
            renews_on=today + datetime.timedelta(days=days),
            period_end__lte=today - datetime.timedelta(days=3 * days),
        )
    if freshness == Freshness.EXPIRED:
        return Q(renews_on__lte=today)
    if freshness == Freshness.DUE_SOON:
        return due_soon
    return Q(renews_on__gt=today) & ~due_soon
