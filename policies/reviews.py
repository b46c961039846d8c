"""When a published version is due for review (ISO/IEC 27001 5.2 and A.5.1: policies are reviewed
at planned intervals), and how far ahead the officers are told."""

import calendar
from datetime import date

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
