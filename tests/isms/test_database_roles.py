"""The application's PostgreSQL role can do what the application does, and nothing that rewrites
the record: it cannot update a frozen column, delete, truncate, or drop or disable the triggers.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, ProgrammingError, connection, transaction

from isms.db.roles import migration_settings, owner_connection
from policies.models import DocumentVersion
from tests.factories import publish_version

APP_ROLE = "isms_test_application"
TABLE = DocumentVersion._meta.db_table
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Roles and grants exist only on PostgreSQL; CI runs the suite there too.",
)


@pytest.fixture
def app_role(db: None) -> str:
    """A login role created inside the test's transaction (so it is gone afterwards), granted as
    the `grant_app_role` command grants it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
    call_command("grant_app_role", APP_ROLE)
    return APP_ROLE


@pytest.fixture
def version(policy: Any, officer: Any) -> DocumentVersion:
    return publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)


@contextmanager
def as_role(role: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def run(sql: str, params: list[Any] | None = None) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, match: str, error: type[DatabaseError] = ProgrammingError) -> None:
    with pytest.raises(error, match=match):
        run(sql)


@postgresql_only
@pytest.mark.parametrize(
    ("statement", "match"),
    [
        (f"UPDATE {TABLE} SET title = 'Forged'", "permission denied"),  # noqa: S608
        (f"UPDATE {TABLE} SET id = id + 1000", "permission denied"),  # noqa: S608
        (f"DELETE FROM {TABLE}", "permission denied"),  # noqa: S608
        (f"TRUNCATE {TABLE}", "permission denied"),
        (f"DROP TRIGGER {TABLE}_immutable_row ON {TABLE}", "must be owner"),
        (f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL", "must be owner"),
        (f"DROP FUNCTION {TABLE}_immutable() CASCADE", "must be owner"),
        (
            f"CREATE TRIGGER forged BEFORE UPDATE ON {TABLE}"
            " FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
            "permission denied",
        ),
    ],
)
def test_the_application_role_cannot_rewrite_the_record(
    app_role: str, version: DocumentVersion, statement: str, match: str
) -> None:
    with as_role(app_role):
        refused(statement, match)
    assert DocumentVersion.objects.filter(pk=version.pk, title=version.title).exists()


@postgresql_only
def test_the_application_role_reads_records_and_fills_the_pdf_once(
    app_role: str, version: DocumentVersion, policy: Any, officer: Any
) -> None:
    fill = f"UPDATE {TABLE} SET pdf_file = %s, pdf_sha256 = %s, pdf_size = 2048, pdf_page_count = 1, pdf_rendered_at = now() WHERE id = %s"  # noqa: E501, S608
    with as_role(app_role):
        assert DocumentVersion.objects.get(pk=version.pk).title == version.title
        assert run(fill, ["documents/isp.pdf", "a" * 64, version.pk]) == 1
        with pytest.raises(IntegrityError, match="immutable"):
            run(fill, ["documents/other.pdf", "b" * 64, version.pk])
        assert run(f"UPDATE {TABLE} SET approved_by_id = NULL WHERE id = %s", [version.pk]) == 1  # noqa: S608


@postgresql_only
def test_the_application_role_publishes_a_new_version(
    app_role: str, version: DocumentVersion, policy: Any, officer: Any
) -> None:
    """The whole publication path (page, revision, version record) runs as the role."""
    with as_role(app_role):
        publish_version(policy, version="1.1", effective=date(2025, 2, 1), by=officer)
    assert DocumentVersion.objects.filter(page=policy).count() == 2


@postgresql_only
def test_granting_twice_takes_nothing_extra_and_keeps_column_grants(app_role: str) -> None:
    call_command("grant_app_role", app_role)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.table_privileges"
            " WHERE grantee = %s AND table_name = %s ORDER BY privilege_type",
            [app_role, TABLE],
        )
        table_rights = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT column_name FROM information_schema.column_privileges"
            " WHERE grantee = %s AND table_name = %s AND privilege_type = 'UPDATE'"
            " ORDER BY column_name",
            [app_role, TABLE],
        )
        updatable = [row[0] for row in cursor.fetchall()]
    assert table_rights == ["INSERT", "SELECT"]
    assert updatable == sorted(
        [
            *("approved_by_id", "revision_id"),
            *("pdf_file", "pdf_page_count", "pdf_rendered_at", "pdf_sha256", "pdf_size"),
        ]
    )


@postgresql_only
def test_it_refuses_to_grant_to_a_superuser_or_a_missing_role(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    with pytest.raises(CommandError, match="superuser or owns tables"):
        call_command("grant_app_role", owner)
    with pytest.raises(CommandError, match="no database role 'nobody_here'"):
        call_command("grant_app_role", "nobody_here")


def test_granting_on_sqlite_says_roles_are_postgresql_only(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite refusal is only seen on SQLite.")
    with pytest.raises(CommandError, match="only on PostgreSQL"):
        call_command("grant_app_role", APP_ROLE)


def test_the_migration_url_gives_the_owner_credentials_for_the_same_database() -> None:
    current = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "test_isms",
        "USER": "isms_app",
        "PASSWORD": "app-secret",
        "HOST": "db",
        "PORT": 5432,
        "ATOMIC_REQUESTS": True,
    }
    owner = migration_settings(current, "postgres://isms_owner:owner-secret@db.internal:6432/isms")
    assert owner == {
        **current,
        "USER": "isms_owner",
        "PASSWORD": "owner-secret",
        "HOST": "db.internal",
        "PORT": 6432,
    }


def test_a_migration_url_for_another_kind_of_database_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    current = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}
    with pytest.raises(ImproperlyConfigured, match="same kind of database"):
        migration_settings(current, "postgres://owner@db/isms")


def test_schema_commands_connect_as_the_owner_and_then_as_the_application(settings: Any) -> None:
    engine = connection.settings_dict["ENGINE"]
    if engine != "django.db.backends.postgresql":
        pytest.skip("The migration URL is a PostgreSQL setting.")
    settings.DATABASE_MIGRATION_URL = "postgres://isms_owner:owner-secret@db.internal:6432/isms"
    before = dict(connection.settings_dict)
    with owner_connection() as owner:
        assert (owner.settings_dict["USER"], owner.settings_dict["HOST"]) == (
            "isms_owner",
            "db.internal",
        )
        assert owner.settings_dict["NAME"] == before["NAME"]
    assert connection.settings_dict == before


@postgresql_only
def test_migrate_grants_the_application_role_its_rights(db: None, settings: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
    settings.DATABASE_APP_ROLE = APP_ROLE
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege(%s, %s, 'INSERT'), has_table_privilege(%s, %s, 'DELETE'),"
            " has_table_privilege(%s, 'wagtailcore_page', 'DELETE')",
            [APP_ROLE, TABLE, APP_ROLE, TABLE, APP_ROLE],
        )
        assert cursor.fetchone() == (True, False, True)
