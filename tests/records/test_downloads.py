"""Downloading a record's PDF: one answer while it is being rendered, a verified SoA PDF, and
every staff download of the SoA on record."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from isms.frameworks.models import SoaVersion
from isms.records.pdf import record_pdf_attach
from policies.models import PolicyPage
from tests.factories import publish_version
from tests.frameworks.conftest import publish


@pytest.fixture
def soa(annex_a: Any, officer: Any, approver: Any, stub_soa_pdf: None) -> SoaVersion:
    return publish(by=officer, approved_by=approver)


def pdf_url(version: SoaVersion) -> str:
    return reverse("soa_versions:pdf", args=[version.pk])


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def test_not_rendered_yet_is_one_answer_for_documents_and_the_soa(
    login: Any, soa: SoaVersion, policy: PolicyPage, officer: Any
) -> None:
    document = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    client = login(officer)

    answers = [
        client.get(pdf_url(soa)),
        client.get(f"{document.page.url}versions/1.0/pdf/"),
    ]

    for response in answers:
        assert response.status_code == 202
        assert response["Retry-After"] == "10"
        assert "no-store" in response["Cache-Control"]
        assert "The PDF is being prepared" in response.content.decode()
        assert "render_pending_pdfs" in response.content.decode()  # officers may fix it


def test_an_soa_pdf_download_is_verified_and_recorded(
    login: Any, soa: SoaVersion, officer: Any
) -> None:
    record_pdf_attach(soa)

    response = login(officer).get(pdf_url(soa))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7 soa stub")
    assert "no-store" in response["Cache-Control"]
    [event] = events(AuditAction.SOA_DOWNLOADED)
    assert event.actor_id == officer.pk
    assert event.detail == {"version": "1.0", "format": "pdf", "sha256": soa.pdf_sha256}


def test_a_tampered_soa_pdf_is_refused_and_recorded_as_a_mismatch(
    login: Any, soa: SoaVersion, officer: Any
) -> None:
    record_pdf_attach(soa)
    stored = Path(storages["private"].path(soa.pdf_file))
    stored.write_bytes(stored.read_bytes().replace(b"soa", b"SOA"))

    response = login(officer).get(pdf_url(soa))

    assert response.status_code == 409
    assert events(AuditAction.SOA_DOWNLOADED) == []
    [refusal] = events(AuditAction.FILE_MISMATCH)
    assert (refusal.target_type_label, refusal.target_id) == ("frameworks.soaversion", str(soa.pk))


def test_a_missing_soa_pdf_is_its_own_finding_not_a_mismatch(
    login: Any, soa: SoaVersion, officer: Any
) -> None:
    record_pdf_attach(soa)
    storages["private"].delete(soa.pdf_file)

    response = login(officer).get(pdf_url(soa))

    assert response.status_code == 410
    assert events(AuditAction.FILE_MISMATCH) == []
    [missing] = events(AuditAction.FILE_MISSING)
    assert missing.detail["file"] == soa.pdf_file


@pytest.mark.parametrize(
    ("url", "version"),
    [
        (lambda soa: reverse("soa_versions:csv", args=[soa.pk]), "1.0"),
        (lambda soa: reverse("soa_entries:csv"), "working copy"),
    ],
)
def test_csv_downloads_are_recorded(
    login: Any, soa: SoaVersion, auditor: Any, url: Any, version: str
) -> None:
    response = login(auditor).get(url(soa))

    assert response.status_code == 200
    [event] = events(AuditAction.SOA_DOWNLOADED)
    assert (event.actor_id, event.detail) == (auditor.pk, {"version": version, "format": "csv"})
