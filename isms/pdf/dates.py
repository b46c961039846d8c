"""Dates as PDFs print them, independent of the worker's locale and the active language."""

import datetime

# Written out rather than taken from strftime("%B") or Django's date filter, which follow the
# process locale and the active language: stored bytes must not depend on the worker.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def human_date(value: datetime.date) -> str:
    """Format a date the way our documents are written: "1 February 2025"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def utc_long(moment: datetime.datetime) -> str:
    """A moment in UTC, for covers: "1 February 2025, 09:30 UTC"."""
    utc = moment.astimezone(datetime.UTC)
    return f"{human_date(utc.date())}, {utc:%H:%M} UTC"


def utc_iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
