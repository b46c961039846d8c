"""Times as people read them: one rule for the whole product.

In the admin (pages, listings, inspect views, dashboards, mail to staff) a moment is shown in the
configured zone, ``settings.TIME_ZONE``, with the zone's abbreviation: "3 Dec 2026, 10:15 CET".
In files that leave the product (PDFs, CSV and spreadsheet exports) it is UTC, and says so:
"2026-12-03 09:15:00 UTC" in exports, "3 December 2026, 09:15 UTC" on PDF covers
(``isms.pdf.dates``). Nobody then has to guess the zone, and a page and a PDF that differ by an
hour name the zones that explain it.

How it is wired: templates use the ``admin_time`` and ``utc_time`` filters
(``isms.templatetags.isms_times``); Wagtail's inspect views show every ``DateTimeField``
through ``isms.admin_times.AdminTimeDisplay`` (registered in ``IsmsConfig.ready``); and any
other datetime a template prints as it is, as Wagtail's listing columns do, is formatted with
``ADMIN_TIME_FORMAT`` too, because the project's format module (``isms/formats``) makes it
Django's ``DATETIME_FORMAT``. Every Wagtail CSV and XLSX export writes times with ``utc_time``
(``isms.admin_times.register_export_times_in_utc``), and our listings' exports say "(UTC)" in
the column heading too (``UtcExportMixin``). The admin always runs in the configured zone:
``WAGTAIL_USER_TIME_ZONES`` offers no other, so a user cannot choose one.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat, timezone

# Django's date format: "3 Dec 2026, 10:15 CET" (T is the zone's abbreviation on that day).
ADMIN_TIME_FORMAT = "j M Y, H:i T"


def configured_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    # Stored times are aware (USE_TZ); a naive one can only have come from the configured zone.
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, configured_zone())
    return moment


def admin_time(moment: datetime.datetime | None) -> str:
    """A moment in the configured zone, labelled: "3 Dec 2026, 10:15 CET"; "" for None."""
    if moment is None:
        return ""
    return dateformat.format(_aware(moment).astimezone(configured_zone()), ADMIN_TIME_FORMAT)


def utc_time(moment: datetime.datetime | None) -> str:
    """A moment in UTC for files and exports, sortable and labelled: "2026-12-03 09:15:00 UTC"."""
    if moment is None:
        return ""
    return f"{_aware(moment).astimezone(datetime.UTC):%Y-%m-%d %H:%M:%S} UTC"
