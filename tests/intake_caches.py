"""The intake throttle's cache, as deployed: the database table, or Redis when it is reachable.

Redis keeps what a test counts after the test's transaction rolls back, so every test that counts
there does it under a key prefix of its own.
"""

import socket
import uuid
from typing import Any

import pytest
from django.core.management import call_command

REDIS_URL = "redis://127.0.0.1:6379/0"
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "isms_intake_cache",
}


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def redis_cache(location: str = REDIS_URL) -> dict[str, Any]:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": f"isms-test-{uuid.uuid4().hex}",
    }


@pytest.fixture(params=["database", "redis"])
def intake_cache(request: pytest.FixtureRequest, settings: Any) -> str:
    """Runs the test once on each backend; on Redis only if a server answers on 127.0.0.1."""
    if request.param == "redis" and not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    intake = DATABASE_CACHE if request.param == "database" else redis_cache()
    timeout = settings.CACHES["intake"]["TIMEOUT"]
    settings.CACHES = {**settings.CACHES, "intake": {**intake, "TIMEOUT": timeout}}
    if request.param == "database":
        # Made with the test database only if the settings named it (not under REDIS_URL).
        request.getfixturevalue("db")
        call_command("createcachetable", verbosity=0)
    return str(request.param)


@pytest.fixture(autouse=True)
def isolated_intake_counts(settings: Any) -> None:
    """Under REDIS_URL the whole suite counts in Redis: give each test a prefix of its own."""
    intake = settings.CACHES["intake"]
    if intake["BACKEND"].endswith("RedisCache"):
        fresh = {**redis_cache(intake["LOCATION"]), "TIMEOUT": intake["TIMEOUT"]}
        settings.CACHES = {**settings.CACHES, "intake": fresh}
