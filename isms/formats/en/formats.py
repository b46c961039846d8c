"""The project's English formats (``FORMAT_MODULE_PATH``): a datetime printed as it is, as
Wagtail's listing columns print one, reads like ``isms.times.admin_time``, zone label included.
Django falls back to its own locale's module for every format not named here."""

from isms.times import ADMIN_TIME_FORMAT as DATETIME_FORMAT

__all__ = ["DATETIME_FORMAT"]
