"""Which of our records has this SHA-256: one answer across document and SoA versions."""

from datetime import date
from typing import Any

import pytest
from django.db import connection

from isms.records.lookup import hash_columns, records_with_sha256
from isms.records.pdf import record_pdf_attach
from policies.models import DocumentVersion, PolicyPage
from tests.factories import publish_version
from tests.frameworks.conftest import publish


@pytest.fixture
def document(policy: PolicyPage, officer: Any, stub_pdf: None) -> DocumentVersion:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    return record_pdf_attach(version)


def test_it_finds_a_document_version_and_an_soa_version_by_their_pdfs_hash(
    document: DocumentVersion, annex_a: Any, officer: Any, approver: Any, stub_soa_pdf: None
) -> None:
    soa = record_pdf_attach(publish(by=officer, approved_by=approver))

    assert records_with_sha256(document.pdf_sha256) == [document]
    assert records_with_sha256(f"  {soa.pdf_sha256.upper()} ") == [soa]


@pytest.mark.parametrize("given", ["", "0" * 64, "not a hash", "a" * 63, "a" * 65, "g" * 64])
def test_an_unknown_or_malformed_hash_finds_nothing(document: DocumentVersion, given: str) -> None:
    assert records_with_sha256(given) == []


@pytest.mark.django_db
def test_every_hash_column_is_indexed() -> None:
    """A lookup is one indexed query per record type, not a scan of every version."""
    columns = hash_columns()
    assert len(columns) >= 2
    for model, field_name in columns.items():
        column = model._meta.get_field(field_name).column
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        leading = [c["columns"][0] for c in constraints.values() if c["index"] and c["columns"]]
        assert column in leading, f"{model._meta.label}.{field_name} has no index"
