"""``{{ moment|admin_time }}`` in the admin and mail to staff, ``{{ moment|utc_time }}`` in files
and exports: the one rule of ``isms.times``."""

import datetime

from django import template

from isms import times

register = template.Library()


@register.filter
def admin_time(moment: datetime.datetime | None) -> str:
    return times.admin_time(moment)


@register.filter
def utc_time(moment: datetime.datetime | None) -> str:
    return times.utc_time(moment)


@register.filter
def utc_iso(moment: datetime.datetime | None) -> str:
    """For a <time datetime="..."> attribute: the moment in UTC, ISO 8601."""
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")
