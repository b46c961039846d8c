"""The database refuses every change to a published version that the application never makes.

Each tampering path is tried with raw SQL through Django's connection, as an attacker with the
application's database access would, on SQLite and on PostgreSQL.
"""

import importlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from isms.db.immutability import (
    ProtectImmutable,
    concrete_columns,
    installed_triggers,
    lifted,
    protections,
)
from policies.models import DocumentVersion
from tests.factories import publish_version


def latest_protection() -> ProtectImmutable:
    """The protection the newest policies migration declares (each exposes its PROTECTION)."""
    folder = Path(importlib.import_module("policies.migrations").__file__ or "").parent
    names = sorted(path.stem for path in folder.glob("0*.py"))
    modules = [importlib.import_module(f"policies.migrations.{name}") for name in names]
    return [module.PROTECTION for module in modules if hasattr(module, "PROTECTION")][-1]


LATEST = latest_protection()
TABLE = DocumentVersion._meta.db_table
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="REPLACE conflict resolution exists only in SQLite"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE exists only on PostgreSQL"
)
PDF_FILL = (
    "UPDATE policies_documentversion SET pdf_file = %s, pdf_sha256 = %s, pdf_size = 2048,"
    " pdf_page_count = 1, pdf_rendered_at = '2025-01-02 10:00:00+00:00' WHERE id = %s"
)


@pytest.fixture
def version(policy: Any, officer: Any) -> DocumentVersion:
    return publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)


def execute(sql: str, params: list[Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, params: list[Any] | None = None) -> IntegrityError:
    with (
        pytest.raises(IntegrityError, match="document versions are immutable") as caught,
        transaction.atomic(),
    ):
        execute(sql, params)
    return caught.value


def check_deferred_constraints_now() -> None:
    """PostgreSQL refuses TRUNCATE and ALTER TABLE while the test's transaction still has
    deferred foreign-key checks pending (outside tests, each statement is its own transaction)."""
    if connection.vendor == "postgresql":
        execute("SET CONSTRAINTS ALL IMMEDIATE")


def snapshot(pk: int) -> dict[str, Any]:
    return DocumentVersion.objects.filter(pk=pk).values().get()


def all_rows() -> list[dict[str, Any]]:
    return list(DocumentVersion.objects.order_by("pk").values())


def test_it_refuses_a_delete(version: DocumentVersion) -> None:
    refused("DELETE FROM policies_documentversion WHERE id = %s", [version.pk])
    assert DocumentVersion.objects.filter(pk=version.pk).exists()


def test_it_refuses_with_sqlstate_integrity_constraint_violation(version: DocumentVersion) -> None:
    error = refused("DELETE FROM policies_documentversion")
    if connection.vendor == "postgresql":
        assert error.__cause__.sqlstate == "23000"  # type: ignore[union-attr]
    else:
        assert "immutable" in str(error.__cause__)


@postgresql_only
def test_it_refuses_truncate(version: DocumentVersion) -> None:
    check_deferred_constraints_now()
    # CASCADE, as an attacker would write it: other tables (review reminders) refer to versions.
    refused("TRUNCATE policies_documentversion CASCADE")
    assert DocumentVersion.objects.filter(pk=version.pk).exists()


def _copy_of(pk: int, *, verb: str) -> str:
    """An INSERT-like statement that writes the row again with a forged title."""
    columns = concrete_columns(DocumentVersion)
    values = ", ".join("'Forged title'" if c == "title" else c for c in columns)
    return (
        f"{verb} INTO {TABLE} ({', '.join(columns)}) SELECT {values} FROM {TABLE} WHERE id = {pk}"  # noqa: S608
    )


@sqlite_only
@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
def test_it_refuses_a_replace_on_sqlite(version: DocumentVersion, verb: str) -> None:
    before = all_rows()
    refused(_copy_of(version.pk, verb=verb))
    assert all_rows() == before


@sqlite_only
def test_it_refuses_a_replace_that_clashes_only_on_the_version_number(
    version: DocumentVersion,
) -> None:
    """A new id, but the same page and number: REPLACE would delete the published row."""
    before = all_rows()
    columns = concrete_columns(DocumentVersion)
    values = ", ".join("id + 1000" if c == "id" else c for c in columns)
    refused(
        f"INSERT OR REPLACE INTO {TABLE} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {values} FROM {TABLE} WHERE id = {version.pk}"
    )
    assert all_rows() == before


@sqlite_only
def test_it_refuses_update_or_replace_on_sqlite(policy: Any, officer: Any) -> None:
    first = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    second = publish_version(policy, version="1.1", effective=date(2025, 2, 1), by=officer)
    before = all_rows()
    refused(f"UPDATE OR REPLACE {TABLE} SET minor = 0 WHERE id = {second.pk}")  # noqa: S608
    refused(f"UPDATE OR REPLACE {TABLE} SET id = {first.pk} WHERE id = {second.pk}")  # noqa: S608
    assert all_rows() == before


@sqlite_only
def test_every_sqlite_connection_fires_delete_triggers_on_replace(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone() == (1,)


def test_it_still_records_new_versions(version: DocumentVersion, policy: Any, officer: Any) -> None:
    publish_version(policy, version="1.1", effective=date(2025, 2, 1), by=officer)
    assert DocumentVersion.objects.filter(page=policy).count() == 2


def test_it_fills_the_pdf_once_and_refuses_a_second_fill(version: DocumentVersion) -> None:
    assert execute(PDF_FILL, ["documents/isp.pdf", "a" * 64, version.pk]) == 1
    refused(PDF_FILL, ["documents/other.pdf", "b" * 64, version.pk])
    refused(f"UPDATE {TABLE} SET pdf_size = 1 WHERE id = %s", [version.pk])  # noqa: S608
    version.refresh_from_db()
    assert (version.pdf_file, version.pdf_sha256) == ("documents/isp.pdf", "a" * 64)


def test_deleting_the_approver_sets_null_and_keeps_the_name(version: DocumentVersion) -> None:
    version.approved_by.delete()  # type: ignore[union-attr]
    version.refresh_from_db()
    assert (version.approved_by_id, version.approved_by_name) == (None, "Olivia Berg")


def test_the_operation_refuses_a_column_list_that_leaves_a_column_out() -> None:
    partial = ProtectImmutable(
        model_name="documentversion",
        frozen=[c for c in LATEST.frozen if c != "body_html"],
        fill_once=LATEST.fill_once,
        fill_once_marker="pdf_sha256",
        null_on_delete=LATEST.null_on_delete,
    )
    with pytest.raises(ValueError, match=r"unprotected \['body_html'\]"):
        partial.protection_for(DocumentVersion, strict=True)


def test_the_operation_refuses_an_unfrozen_primary_key() -> None:
    unfrozen = ProtectImmutable(
        model_name="documentversion",
        frozen=[c for c in LATEST.frozen if c != "id"],
        fill_once=LATEST.fill_once,
        fill_once_marker="pdf_sha256",
        null_on_delete=[*LATEST.null_on_delete, "id"],
    )
    with pytest.raises(ValueError, match="primary key"):
        unfrozen.protection_for(DocumentVersion, strict=True)


def test_the_operation_has_no_triggers_for_other_databases() -> None:
    protection = LATEST.protection_for(DocumentVersion)
    with pytest.raises(NotImplementedError, match="mysql"):
        protection.create_sql(SimpleNamespace(vendor="mysql"))  # type: ignore[arg-type]


def test_lifted_switches_the_triggers_off_and_back_on(version: DocumentVersion) -> None:
    check_deferred_constraints_now()
    with lifted(connection):
        execute(f"UPDATE {TABLE} SET title = 'Reset' WHERE id = %s", [version.pk])  # noqa: S608
    refused(f"UPDATE {TABLE} SET title = 'Again' WHERE id = %s", [version.pk])  # noqa: S608
    assert snapshot(version.pk)["title"] == "Reset"


def test_every_protected_table_has_its_triggers(db: None) -> None:
    """A migration that rebuilds a protected table (SQLite's ALTER) would silently drop them."""
    installed = installed_triggers(connection)
    per_table = 3 if connection.vendor == "sqlite" else 2
    for protection in protections(connection):
        mine = [name for name in installed if name.startswith(f"{protection.table}_immutable_")]
        assert len(mine) == per_table, protection.table


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_protected_tables_and_keeps_them_protected(policy: Any, officer: Any) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    before = installed_triggers(connection)
    # As the test runner flushes, so the serialized rows restore cleanly afterwards.
    call_command(
        "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False
    )
    assert not DocumentVersion.objects.exists()
    assert installed_triggers(connection) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_goes_backwards_and_forwards(policy: Any, officer: Any) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    executor = MigrationExecutor(connection)
    executor.migrate([("policies", "0003_field_labels")])
    # Back on 0002's triggers: the primary key could be changed again.
    execute(f"UPDATE {TABLE} SET id = id + 1000 WHERE id = %s", [version.pk])  # noqa: S608
    execute(f"UPDATE {TABLE} SET id = id - 1000 WHERE id = %s", [version.pk + 1000])  # noqa: S608
    refused(f"DELETE FROM {TABLE}")  # noqa: S608

    executor.loader.build_graph()
    executor.migrate([("policies", "0004_document_version_protection")])
    refused(f"UPDATE {TABLE} SET id = id + 1000 WHERE id = %s", [version.pk])  # noqa: S608
    refused(f"DELETE FROM {TABLE}")  # noqa: S608


def test_an_increasing_list_goes_into_the_migration_and_into_the_updatable_columns() -> None:
    from isms.links.models import CapabilityLink

    declared = importlib.import_module("isms.links.migrations.0001_initial").PROTECTION
    _name, _args, kwargs = declared.deconstruct()
    rebuilt = ProtectImmutable(**kwargs).protection_for(CapabilityLink, strict=True)

    assert kwargs["increasing"] == ["use_count"]
    assert rebuilt.increasing == ("use_count",)
    assert rebuilt.updatable == ("used_at", "created_by_id", "use_count")
