"""manage.py verify_evidence rehashes every stored file; a tampered file is named and not served."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from evidence.content import FileContent, LinkContent
from evidence.models import Evidence
from isms.audit.models import AuditEvent
from tests.evidence.files import CSV_BYTES, pdf_bytes
from tests.factories import make_evidence


def upload(engineer: Any, control: Any, content: bytes, name: str) -> Evidence:
    return make_evidence(
        title=f"Evidence {name}",
        controls=[control],
        produced_by=engineer,
        content=FileContent(source=io.BytesIO(content), filename=name),
    )


def path_of(evidence: Evidence) -> Path:
    return Path(storages["private"].path(evidence.current_revision.storage_name))


@pytest.fixture
def three(engineer: Any, annex_a_control: Any) -> list[Evidence]:
    make_evidence(
        controls=[annex_a_control],
        produced_by=engineer,
        content=LinkContent("https://ci.example.com/1"),
    )
    return [
        upload(engineer, annex_a_control, pdf_bytes(), "scan.pdf"),
        upload(engineer, annex_a_control, CSV_BYTES, "hosts.csv"),
        upload(engineer, annex_a_control, b"Reviewed the firewall rules.\n", "review.txt"),
    ]


def flip_one_byte(evidence: Evidence) -> None:
    path = path_of(evidence)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_it_counts_intact_files(three: list[Evidence]) -> None:
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "Evidence files checked: 3 " in out.getvalue()
    assert "changed or missing: 0." in out.getvalue()
    assert "Every evidence file is intact." in out.getvalue()


def test_it_names_a_flipped_byte_and_exits_non_zero(three: list[Evidence]) -> None:
    flip_one_byte(three[1])
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 evidence file"):
        call_command("verify_evidence", stdout=out)
    assert f"Evidence {three[1].pk} “Evidence hosts.csv”, revision 1 (hosts.csv" in out.getvalue()
    assert "do not match the recorded SHA-256" in out.getvalue()
    assert "intact: 2" in out.getvalue()


def test_it_names_a_missing_file(three: list[Evidence]) -> None:
    path_of(three[0]).unlink()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_evidence", stdout=out)
    assert "scan.pdf" in out.getvalue()
    assert "the stored file is missing" in out.getvalue()


def test_the_download_refuses_a_tampered_file_and_records_it(
    three: list[Evidence], officer: Any, client: Client
) -> None:
    flip_one_byte(three[0])
    client.force_login(officer)
    response = client.get(reverse("evidence:download", args=[three[0].pk, 1]))
    assert response.status_code == 409
    assert "no longer match" in response.content.decode()
    assert b"%PDF" not in response.content
    assert AuditEvent.objects.filter(action="file.mismatch").count() == 1
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_the_download_of_a_missing_file_is_gone_not_an_error(
    three: list[Evidence], officer: Any, client: Client
) -> None:
    path_of(three[0]).unlink()
    client.force_login(officer)
    assert client.get(reverse("evidence:download", args=[three[0].pk, 1])).status_code == 410


def test_it_lists_stored_files_no_revision_names_without_failing(three: list[Evidence]) -> None:
    folder = three[0].current_revision.storage_name.rpartition("/")[0]
    left = storages["private"].save(f"{folder}/left-by-a-rollback.pdf", io.BytesIO(b"%PDF-1.7"))
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "Stored files no revision names: 1." in out.getvalue()
    assert left in out.getvalue()
    assert "Every evidence file is intact." in out.getvalue()
