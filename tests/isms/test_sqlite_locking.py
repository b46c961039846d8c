"""Under `make run` (SQLite), two requests writing at once wait for each other instead of one
failing with "database is locked" (Wagtail's autosave while an editor submits for review)."""

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from isms.settings.base import SQLITE_OPTIONS


def file_database(path: Path, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": options,
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


def write_after_reading(alias: str, settings_dict: dict[str, Any], errors: list[str]) -> None:
    """What a request does: read, think a little, write, all in one transaction."""
    connections[alias] = DatabaseWrapper(settings_dict, alias)
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM autosave")
            time.sleep(0.3)
            cursor.execute("INSERT INTO autosave (note) VALUES (%s)", [alias])
    except Exception as error:  # reported to the test, which fails on it
        errors.append(f"{alias}: {error}")
    finally:
        connections[alias].close()


def run_two_writers(path: Path, options: dict[str, Any]) -> list[str]:
    settings_dict = file_database(path, options)
    setup = DatabaseWrapper(settings_dict, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE autosave (id INTEGER PRIMARY KEY, note TEXT)")
    setup.close()
    errors: list[str] = []
    threads = [
        threading.Thread(target=write_after_reading, args=(alias, settings_dict, errors))
        for alias in ("autosave", "submit")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.django_db
def test_two_requests_writing_at_once_both_succeed(tmp_path: Path) -> None:
    assert run_two_writers(tmp_path / "db.sqlite3", SQLITE_OPTIONS) == []
    check = DatabaseWrapper(file_database(tmp_path / "db.sqlite3", SQLITE_OPTIONS), "check")
    with check.cursor() as cursor:
        cursor.execute("SELECT note FROM autosave ORDER BY note")
        assert cursor.fetchall() == [("autosave",), ("submit",)]
    check.close()


@pytest.mark.django_db
def test_without_immediate_transactions_the_same_writes_fail(tmp_path: Path) -> None:
    """The control: shows the test above would catch a lost setting."""
    deferred = {**SQLITE_OPTIONS, "transaction_mode": "DEFERRED"}
    errors = run_two_writers(tmp_path / "db.sqlite3", deferred)
    assert len(errors) == 1
    assert "database is locked" in errors[0]


@pytest.mark.django_db
def test_a_file_database_runs_in_wal_mode_with_recursive_triggers(tmp_path: Path) -> None:
    wrapper = DatabaseWrapper(file_database(tmp_path / "db.sqlite3", SQLITE_OPTIONS), "wal")
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (20_000,)
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone() == (1,)
    assert wrapper.transaction_mode == "IMMEDIATE"
    wrapper.close()


def test_the_default_sqlite_database_uses_these_options(settings: Any) -> None:
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("The suite runs on PostgreSQL here; the SQLite options apply to SQLite only.")
    assert default["OPTIONS"] == SQLITE_OPTIONS
