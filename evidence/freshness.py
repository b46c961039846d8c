"""When evidence must be renewed, and how fresh it is on a given day.

The renewal date is stored on the evidence (the end of the period it covers plus the shortest
cadence of its controls), because lists and the dashboard filter and sort by it. Freshness is
never stored: it depends on the day it is asked, so it is derived from the renewal date each time.
"""

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models


class Freshness(models.TextChoices):
    FRESH = "fresh", "Fresh"
    DUE_SOON = "due_soon", "Due soon"
    EXPIRED = "expired", "Expired"


def due_soon_days() -> int:
    """How many days before its renewal date evidence counts as due soon."""
    return int(getattr(settings, "EVIDENCE_DUE_SOON_DAYS", 30))


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


def freshness_on(renews_on: datetime.date, today: datetime.date) -> Freshness:
    if today >= renews_on:
        return Freshness.EXPIRED
    if today >= renews_on - datetime.timedelta(days=due_soon_days()):
        return Freshness.DUE_SOON
    return Freshness.FRESH


def fresh_after(today: datetime.date) -> datetime.date:
    """Evidence renewing after this day is fresh today (the query form of ``freshness_on``)."""
    return today + datetime.timedelta(days=due_soon_days())
