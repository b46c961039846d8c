"""The database itself refuses to change or delete an evidence revision (raw SQL)."""

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from evidence.models import EvidenceRevision
from tests.factories import make_evidence


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
