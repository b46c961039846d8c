"""When a published version is due for review (ISO/IEC 27001 5.2 and A.5.1: policies are reviewed
at planned intervals), and how far ahead the officers are told."""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.template.defaultfilters import pluralize

if TYPE_CHECKING:
    from policies.models import DocumentVersion

# Officers hear of a review this many days before it is due.
REVIEW_NOTICE_DAYS = 30


def add_months(day: date, months: int) -> date:
    """The same day so many months later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def next_review_date(*, effective_date: date, interval_months: int) -> date:
    return add_months(effective_date, interval_months)


@dataclass(frozen=True)
class ReviewDue:
    """A version whose review is coming or late, as the dashboard and the reminder mail put it."""

    version: "DocumentVersion"
    today: date

    @property
    def days_left(self) -> int:
        return (self.version.next_review_date - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def when(self) -> str:
        days = self.days_left
        if days == 0:
            return "due today"
        if days < 0:
            return f"overdue by {-days} day{pluralize(-days)}"
        return f"due in {days} day{pluralize(days)}"
