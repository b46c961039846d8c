"""Least privilege on PostgreSQL: the application's role may do what the application does.

The web process connects with `DATABASE_URL`, as a role that owns nothing. Schema commands
(`migrate`, `flush`) connect with `DATABASE_MIGRATION_URL`, as the owner (`owner_connection`),
and after migrating the owner grants the application role (`DATABASE_APP_ROLE`) what it needs
(`app_role_grant`): SELECT, INSERT, UPDATE and DELETE on ordinary tables, USAGE and SELECT on
sequences, and on immutable tables (`isms.db.immutability`) only SELECT, INSERT and UPDATE of the
columns the triggers let change. Never TRUNCATE, TRIGGER or ownership, so the role cannot drop,
disable or bypass the triggers.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from isms.db.immutability import protections

OWNER_KEYS = ("USER", "PASSWORD", "HOST", "PORT")


class AppRoleError(Exception):
    """The named role cannot be the application's: it does not exist, or it has too much power."""


def migration_settings(current: dict[str, Any], url: str) -> dict[str, Any]:
    """The connection settings of the owner: credentials and address from the migration URL.

    The database name stays the current connection's, so test runs (which use `test_<name>`)
    migrate their own database, never the one the URL names.
    """
    owner = dj_database_url.parse(url)
    if owner["ENGINE"] != current["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_MIGRATION_URL must point at the same kind of database as DATABASE_URL."
        )
    return {**current, **{key: owner.get(key, "") for key in OWNER_KEYS}}


@contextmanager
def owner_connection(alias: str = DEFAULT_DB_ALIAS) -> Iterator[BaseDatabaseWrapper]:
    """The connection, reconnected as the owner while the block runs if a migration URL is set."""
    connection = connections[alias]
    url = settings.DATABASE_MIGRATION_URL
    if not url or alias != DEFAULT_DB_ALIAS:
        yield connection
        return
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(migration_settings(original, url))
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(original)


@transaction.atomic
def app_role_grant(*, connection: BaseDatabaseWrapper, role: str) -> list[str]:
    """Grant the application role exactly its rights, from scratch; returns the statements run."""
    if connection.vendor != "postgresql":
        raise AppRoleError("Database roles exist only on PostgreSQL.")
    _check_role(connection, role)
    statements = _grants(connection, role)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


def _check_role(connection: BaseDatabaseWrapper, role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname = current_schema() AND tableowner = %s",
            [role],
        )
        (owned,) = cursor.fetchone()
    if found is None:
        raise AppRoleError(f"There is no database role {role!r}: create it first (CREATE ROLE).")
    if found[0] or owned:
        raise AppRoleError(
            f"The role {role!r} is a superuser or owns tables: the application needs a role of "
            "its own with no more than DML rights."
        )


def _grants(connection: BaseDatabaseWrapper, role: str) -> list[str]:
    quote = connection.ops.quote_name
    grantee = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
    schema = quote(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {grantee}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {grantee}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantee}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}",
    ]
    for protection in protections(connection):
        table = quote(protection.table)
        statements += [
            f"REVOKE ALL ON {table} FROM {grantee}",
            f"GRANT SELECT, INSERT ON {table} TO {grantee}",
        ]
        if protection.updatable:
            columns = ", ".join(map(quote, protection.updatable))
            statements.append(f"GRANT UPDATE ({columns}) ON {table} TO {grantee}")
    return statements
