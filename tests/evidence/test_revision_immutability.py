"""The database itself refuses to change or delete an evidence revision (raw SQL)."""

import importlib
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from evidence.models import EvidenceRevision
from isms.db.immutability import concrete_columns
from tests.factories import make_evidence

PROTECTION = importlib.import_module("evidence.migrations.0002_revision_protection").PROTECTION


@pytest.fixture
def revision(engineer: Any, annex_a_control: Any) -> EvidenceRevision:
    return make_evidence(controls=[annex_a_control], produced_by=engineer).current_revision


def execute(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql: str, params: list[Any]) -> None:
    with (
        pytest.raises(IntegrityError, match="evidence revisions are immutable"),
        transaction.atomic(),
    ):
        execute(sql, params)


@pytest.mark.parametrize(
    ("column", "value"),
    [("note", "Nothing to see."), ("sha256", "0" * 64), ("number", 7), ("reason", "x")],
)
def test_it_refuses_an_update(revision: EvidenceRevision, column: str, value: Any) -> None:
    refused(
        f"UPDATE evidence_evidencerevision SET {column} = %s WHERE id = %s",  # noqa: S608
        [value, revision.pk],
    )
    assert EvidenceRevision.objects.get(pk=revision.pk).note == revision.note


def test_it_refuses_a_delete(revision: EvidenceRevision) -> None:
    refused("DELETE FROM evidence_evidencerevision WHERE id = %s", [revision.pk])
    assert EvidenceRevision.objects.filter(pk=revision.pk).exists()


def test_deleting_the_author_only_clears_the_link(
    revision: EvidenceRevision, engineer: Any
) -> None:
    engineer.delete()
    revision.refresh_from_db()
    assert revision.created_by is None
    assert revision.note == "Scanned every host; no high findings open."


def test_the_protection_names_every_column_exactly_once(db: None) -> None:
    named = [*PROTECTION.frozen, *PROTECTION.fill_once, *PROTECTION.null_on_delete]
    assert sorted(named) == sorted(concrete_columns(EvidenceRevision))
