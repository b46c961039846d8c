"""The intake throttle: per address and per e-mail address, on the database cache and on Redis."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from isms.intake.throttle import (
    Throttled,
    intake_check,
    intake_count,
    intake_forget,
    intake_retry_after,
)

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
FORM = "report_request"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine: Any) -> Any:
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def backend(intake_cache: str) -> str:
    return intake_cache


def visitor(ip: str = "203.0.113.7") -> Any:
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def send(times: int, *, ip: str = "203.0.113.7", email: str | None = None, **kwargs: Any) -> None:
    for _ in range(times):
        intake_count(form=FORM, request=visitor(ip), email=email, **kwargs)


def limit() -> int:
    limits: dict[str, Any] = settings.INTAKE_LIMITS
    return int(limits["default"]["attempts"])


def stored_keys(backend: str) -> list[str]:
    if backend == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM isms_intake_cache")
            return [key for (key,) in cursor.fetchall()]
    configured: Any = settings.CACHES
    intake = configured["intake"]
    client = redis.Redis.from_url(intake["LOCATION"])
    return [key.decode() for key in client.scan_iter(f"{intake['KEY_PREFIX']}:*")]


def test_an_address_may_send_up_to_the_limit_then_waits_for_the_window() -> None:
    limits: dict[str, Any] = settings.INTAKE_LIMITS
    assert (limits["default"]["attempts"], limits["default"]["window"]) == (5, timedelta(hours=1))
    send(limit() - 1)
    intake_check(form=FORM, request=visitor())
    send(1)

    with pytest.raises(Throttled) as caught:
        intake_check(form=FORM, request=visitor())

    assert caught.value.retry_after == 60 * 60


def test_the_wait_counts_down_from_the_first_attempt(clock: Any) -> None:
    send(1)
    clock.move_to(START + timedelta(minutes=50), tick=False)
    send(limit() - 1)

    assert intake_retry_after(form=FORM, request=visitor()) == 10 * 60


def test_a_new_window_opens_when_the_old_one_closes(clock: Any) -> None:
    send(limit())
    clock.move_to(START + timedelta(hours=1), tick=False)

    assert intake_retry_after(form=FORM, request=visitor()) is None
    send(limit() - 1)
    assert intake_retry_after(form=FORM, request=visitor()) is None
    send(1)
    assert intake_retry_after(form=FORM, request=visitor()) == 60 * 60


def test_an_e_mail_address_is_counted_across_client_addresses() -> None:
    for attempt in range(limit()):
        send(1, ip=f"203.0.113.{attempt + 1}", email="Mallory@Example.com ")

    with pytest.raises(Throttled):
        intake_check(form=FORM, request=visitor("198.51.100.1"), email="mallory@example.com")
    intake_check(form=FORM, request=visitor("198.51.100.1"), email="alice@example.com")


def test_an_address_is_counted_across_e_mail_addresses() -> None:
    for attempt in range(limit()):
        send(1, email=f"sender-{attempt}@example.com")

    with pytest.raises(Throttled):
        intake_check(form=FORM, request=visitor(), email="new-sender@example.com")


def test_forms_and_scopes_count_apart() -> None:
    send(limit(), scope="restriction-1")

    intake_check(form=FORM, request=visitor(), scope="restriction-2")
    intake_check(form="disclosure", request=visitor(), scope="restriction-1")
    with pytest.raises(Throttled):
        intake_check(form=FORM, request=visitor(), scope="restriction-1")


def test_forgetting_starts_the_count_afresh() -> None:
    send(limit() - 1, email="alice@example.com")
    intake_forget(form=FORM, request=visitor(), email="alice@example.com")
    send(limit() - 1, email="alice@example.com")

    intake_check(form=FORM, request=visitor(), email="alice@example.com")


def test_the_e_mail_address_is_not_kept_in_clear(backend: str) -> None:
    send(1, email="alice@example.com")

    keys = stored_keys(backend)
    assert len(keys) == 4  # a window start and a count, for the address and for the e-mail
    assert not [key for key in keys if "alice" in key.lower()]


def test_the_counts_are_in_the_intake_cache_and_nowhere_else() -> None:
    send(limit())

    assert caches["default"].get(f"intake:{FORM}::ip:203.0.113.7:since") is None
    assert caches["intake"].get(f"intake:{FORM}::ip:203.0.113.7:since") is not None
