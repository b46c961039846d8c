"""verify_audit_log checks every record type its app registers: SoA versions and evidence
revisions, like document versions, each for "a record without its event" and "stored bytes no
longer match"."""

import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from evidence.content import FileContent
from evidence.models import EvidenceRevision
from isms.audit.checks import record_checks
from isms.frameworks.models import SoaVersion
from isms.records.pdf import record_pdf_attach
from tests.evidence.files import pdf_bytes
from tests.factories import make_evidence
from tests.frameworks.conftest import publish

pytestmark = pytest.mark.django_db


def verify_failing() -> str:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def copied(record: Any, **changes: Any) -> Any:
    """A row with every column of ``record``, written straight to the table, not by a service."""
    columns = {
        field.attname: getattr(record, field.attname)
        for field in type(record)._meta.concrete_fields
        if not field.primary_key
    }
    return type(record).objects.create(**{**columns, **changes})


def flip_a_byte(name: str) -> None:
    path = Path(storages["private"].path(name))
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))


@pytest.fixture
def soa(annex_a: Any, officer: Any, approver: Any, stub_soa_pdf: None) -> SoaVersion:
    return record_pdf_attach(publish(by=officer, approved_by=approver))


def file_revision(engineer: Any, control: Any) -> EvidenceRevision:
    evidence = make_evidence(
        controls=[control],
        produced_by=engineer,
        content=FileContent(source=io.BytesIO(pdf_bytes()), filename="scan.pdf"),
    )
    return evidence.current_revision


@pytest.fixture
def revision(engineer: Any, annex_a_control: Any) -> EvidenceRevision:
    return file_revision(engineer, annex_a_control)


def test_every_record_type_is_registered() -> None:
    assert {check.label for check in record_checks()} == {
        "document versions",
        "SoA versions",
        "evidence revisions",
        "capability links",
    }


def test_a_clean_soa_version_and_evidence_revision_pass(
    soa: SoaVersion, annex_a: Any, engineer: Any
) -> None:
    file_revision(engineer, annex_a["A.8.8"])
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    output = out.getvalue()

    assert "SoA versions: 1.\n  Without their soa.published event: 0." in output
    assert "Evidence revisions: 1.\n  Without their evidence.uploaded or evidence.revised" in output
    assert output.count("Stored files checked: 1; changed or missing: 0.") == 2


def test_it_names_an_soa_version_inserted_behind_the_applications_back(soa: SoaVersion) -> None:
    forged = copied(soa, major=9, published_at=timezone.now())

    output = verify_failing()

    assert "Without their soa.published event: 1." in output
    assert f"SoA version id {forged.pk} (Statement of Applicability, version 9.0)" in output


def test_it_names_an_evidence_revision_inserted_behind_the_applications_back(
    revision: EvidenceRevision,
) -> None:
    forged = copied(revision, number=2)

    output = verify_failing()

    assert "Without their evidence.uploaded or evidence.revised event: 1." in output
    assert f"evidence revision id {forged.pk}" in output
    assert f"evidence revision id {revision.pk}" not in output


def test_it_names_a_flipped_byte_in_an_soa_pdf(soa: SoaVersion) -> None:
    flip_a_byte(soa.pdf_file)

    output = verify_failing()

    assert (
        f"SoA version id {soa.pk} (Statement of Applicability, version 1.0): the stored bytes "
        f"do not match the recorded SHA-256 ({soa.pdf_file})." in output
    )


def test_it_names_a_flipped_byte_in_an_evidence_file_and_a_missing_one(
    revision: EvidenceRevision, engineer: Any, annex_a_control: Any
) -> None:
    other = make_evidence(
        controls=[annex_a_control],
        produced_by=engineer,
        content=FileContent(source=io.BytesIO(b"host,port\nweb,443\n"), filename="hosts.csv"),
    ).current_revision
    flip_a_byte(revision.storage_name)
    storages["private"].delete(other.storage_name)

    output = verify_failing()

    assert "Stored files checked: 2; changed or missing: 2." in output
    assert f"evidence revision id {revision.pk}" in output
    assert f"the stored file is missing ({other.storage_name})" in output
