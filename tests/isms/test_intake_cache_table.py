"""`migrate` alone sets up the intake throttle's database table: no createcachetable to forget."""

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def tables() -> list[str]:
    return connection.introspection.table_names()


def test_migrate_creates_the_intake_cache_table_when_it_is_missing() -> None:
    table = settings.INTAKE_CACHE_TABLE
    caches: dict[str, Any] = settings.CACHES
    assert caches["intake"]["LOCATION"] == table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in tables()

    call_command("migrate", verbosity=0)

    assert table in tables()
