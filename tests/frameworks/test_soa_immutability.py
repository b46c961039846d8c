"""The database refuses every change to a published SoA version and its rows.

Raw SQL through Django's connection, as someone with the application's database access would
write it, on SQLite and on PostgreSQL.
"""

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from isms.db.immutability import concrete_columns
from isms.frameworks.models import SoaVersion, SoaVersionEntry
from tests.factories import UserFactory
from tests.frameworks.conftest import publish

VERSION_TABLE = SoaVersion._meta.db_table
ENTRY_TABLE = SoaVersionEntry._meta.db_table


@pytest.fixture
def version(annex_a: Any, officer: Any, approver: Any) -> SoaVersion:
    return publish(by=officer, approved_by=approver)


def execute(sql: str, params: list[Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, params: list[Any] | None = None, *, label: str) -> None:
    with pytest.raises(IntegrityError, match=f"{label} are immutable"), transaction.atomic():
        execute(sql, params)


@pytest.mark.parametrize(
    ("table", "label"),
    [(VERSION_TABLE, "SoA versions"), (ENTRY_TABLE, "SoA version entries")],
)
def test_it_refuses_a_delete(version: SoaVersion, table: str, label: str) -> None:
    refused(f"DELETE FROM {table}", label=label)  # noqa: S608
    assert SoaVersion.objects.filter(pk=version.pk).exists()
    assert version.entries.count() == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists only there")
@pytest.mark.parametrize(
    ("table", "label"),
    [(VERSION_TABLE, "SoA versions"), (ENTRY_TABLE, "SoA version entries")],
)
def test_it_refuses_truncate(version: SoaVersion, table: str, label: str) -> None:
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    refused(f"TRUNCATE {table} CASCADE", label=label)
    assert version.entries.count() == 7


@pytest.mark.skipif(connection.vendor != "sqlite", reason="REPLACE exists only in SQLite")
def test_it_refuses_a_replace_of_a_row(version: SoaVersion) -> None:
    columns = concrete_columns(SoaVersionEntry)
    values = ", ".join("'Forged'" if c == "justification" else c for c in columns)
    row = version.entries.get(ref="A.8.8")
    refused(
        f"REPLACE INTO {ENTRY_TABLE} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {values} FROM {ENTRY_TABLE} WHERE id = {row.pk}",
        label="SoA version entries",
    )


def test_it_fills_the_pdf_once(version: SoaVersion) -> None:
    fill = (
        f"UPDATE {VERSION_TABLE} SET pdf_file = %s, pdf_sha256 = %s, pdf_size = 10,"  # noqa: S608
        " pdf_page_count = 1, pdf_rendered_at = '2026-01-02 10:00:00+00:00' WHERE id = %s"
    )
    assert execute(fill, ["soa/a.pdf", "a" * 64, version.pk]) == 1
    refused(fill, ["soa/b.pdf", "b" * 64, version.pk], label="SoA versions")
    version.refresh_from_db()
    assert version.pdf_file == "soa/a.pdf"


def test_the_publisher_and_approver_links_may_only_go_to_null(version: SoaVersion) -> None:
    mallory = UserFactory(username="mallory")
    sql = f"UPDATE {VERSION_TABLE} SET approved_by_id = %s WHERE id = %s"  # noqa: S608
    refused(sql, [mallory.pk, version.pk], label="SoA versions")

    version.published_by.delete()  # type: ignore[union-attr]
    version.refresh_from_db()
    assert (version.published_by_id, version.published_by_name) == (None, "Olivia Berg")
