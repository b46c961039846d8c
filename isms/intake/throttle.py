"""One throttle for everything the public may post without an account.

Each kind of intake (a form's name: "page_password", "capability_link", "report_request", ...)
has a limit in ``settings.INTAKE_LIMITS``: so many attempts within a window. Attempts are counted
per client address and, when the caller names one, per e-mail address (kept as a keyed hash,
never in clear), so changing address does not reset a sender, nor does changing the e-mail. The
first attempt opens a window; once the count reaches the limit, every check is refused until the
window that opened it closes, and `Throttled.retry_after` says when that is.

The counts live in the ``intake`` cache (Redis, or a database table; see settings), shared by
every web process and kept across restarts. A window's start is stored as a timestamp and
compared with ``timezone.now()``, so the cache's own expiry only tidies up. Counting is an atomic
``incr`` on Redis; the database cache reads and writes, so requests that race may lose a count
there (on SQLite they cannot race: writes take turns).
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from isms.audit.context import client_ip

CACHE_ALIAS = "intake"
THROTTLED_TEMPLATE = "isms/intake/throttled.html"


class Throttled(Exception):  # noqa: N818 (named for the answer, as DRF's is)
    """Too many attempts: the client may try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts; try again in {retry_after} seconds.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class IntakeLimit:
    attempts: int
    window: timedelta

    @property
    def window_ms(self) -> int:
        return int(self.window.total_seconds() * 1000)

    @property
    def timeout(self) -> int:
        """How long the cache keeps a window's keys: a little longer than the window."""
        return math.ceil(self.window.total_seconds()) + 1


def intake_limit(form: str) -> IntakeLimit:
    limits = settings.INTAKE_LIMITS
    return IntakeLimit(**limits.get(form, limits["default"]))


def intake_retry_after(
    *, form: str, request: HttpRequest, email: str | None = None, scope: str = ""
) -> int | None:
    """Seconds until this client may try again, or None if it may now."""
    limit, cache, now = intake_limit(form), caches[CACHE_ALIAS], _now_ms()
    waits = [
        wait
        for key in _keys(form=form, request=request, email=email, scope=scope)
        if (wait := _wait(cache, key, limit, now)) is not None
    ]
    return max(waits, default=None)


def intake_check(
    *, form: str, request: HttpRequest, email: str | None = None, scope: str = ""
) -> None:
    """Raise `Throttled` if this client (address or e-mail) has reached the form's limit."""
    retry_after = intake_retry_after(form=form, request=request, email=email, scope=scope)
    if retry_after is not None:
        raise Throttled(retry_after)


def intake_count(
    *, form: str, request: HttpRequest, email: str | None = None, scope: str = ""
) -> None:
    """Count one attempt (a submission, a refused guess) against the address and the e-mail."""
    limit, cache, now = intake_limit(form), caches[CACHE_ALIAS], _now_ms()
    for key in _keys(form=form, request=request, email=email, scope=scope):
        counter = f"{key}:{_window_open(cache, key, limit, now)}"
        if not cache.add(counter, 1, timeout=limit.timeout):
            cache.incr(counter)


def intake_forget(
    *, form: str, request: HttpRequest, email: str | None = None, scope: str = ""
) -> None:
    """Start this client's count afresh (a right password after wrong ones)."""
    cache = caches[CACHE_ALIAS]
    for key in _keys(form=form, request=request, email=email, scope=scope):
        since = cache.get(f"{key}:since")
        cache.delete_many([f"{key}:since", f"{key}:{since}"])


def intake_throttled_response(
    request: HttpRequest, throttled: Throttled, *, template: str = THROTTLED_TEMPLATE
) -> HttpResponse:
    """The 429 page, with ``Retry-After`` and the wait in minutes for people to read."""
    minutes = math.ceil(throttled.retry_after / 60)
    response = render(request, template, {"minutes": minutes}, status=429)
    response["Retry-After"] = str(throttled.retry_after)
    return response


def email_key(email: str) -> str:
    """The e-mail address as it is counted: case and spaces ignored, hashed with the site key."""
    normalized = email.strip().casefold()
    return salted_hmac("isms.intake.email", normalized, algorithm="sha256").hexdigest()


def _keys(*, form: str, request: HttpRequest, email: str | None, scope: str) -> list[str]:
    base = f"intake:{form}:{scope}"
    keys = [f"{base}:ip:{client_ip(request) or 'unknown'}"]
    if email and email.strip():
        keys.append(f"{base}:email:{email_key(email)}")
    return keys


def _now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)


def _window_start(cache: BaseCache, key: str, limit: IntakeLimit, now: int) -> int | None:
    since = cache.get(f"{key}:since")
    if since is None or now - since >= limit.window_ms:
        return None
    return int(since)


def _window_open(cache: BaseCache, key: str, limit: IntakeLimit, now: int) -> int:
    """The start of the key's open window, opening one if there is none."""
    since = cache.get(f"{key}:since")
    if since is not None and now - since < limit.window_ms:
        return int(since)
    if since is not None:
        # The clock has passed it but the cache still keeps it, which would block `add`.
        cache.delete(f"{key}:since")
    # `add`, so that of two attempts opening a window at once, both count in the first's.
    cache.add(f"{key}:since", now, timeout=limit.timeout)
    return int(cache.get(f"{key}:since", now))


def _wait(cache: BaseCache, key: str, limit: IntakeLimit, now: int) -> int | None:
    since = _window_start(cache, key, limit, now)
    if since is None or cache.get(f"{key}:{since}", 0) < limit.attempts:
        return None
    return max(1, math.ceil((since + limit.window_ms - now) / 1000))
