"""POST /api/v1/evidence/<id>/revisions/ and GET .../revisions/<n>/download/."""

import hashlib
import io
from typing import Any

import pytest
from django.core.files.storage import storages
from django.test import Client

from evidence.content import FileContent, LinkContent
from evidence.models import EvidenceRevision, ReviewStatus
from evidence.services import evidence_review
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from tests.api.conftest import error, pdf_file, period
from tests.evidence.files import CSV_BYTES, pdf_bytes
from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


def revisions_url(evidence: Any) -> str:
    return f"/api/v1/evidence/{evidence.pk}/revisions/"


def download_url(evidence: Any, number: int = 1) -> str:
    return f"/api/v1/evidence/{evidence.pk}/revisions/{number}/download/"


@pytest.fixture
def pdf_evidence(engineer: Any, annex_a_control: Any, product: Any) -> Any:
    return make_evidence(
        controls=[annex_a_control],
        produced_by=engineer,
        products=[product],
        content=FileContent(source=io.BytesIO(pdf_bytes()), filename="scan.pdf"),
    )


def test_a_revision_adds_content_with_its_reason(
    api_client: Any, engineer: Any, pdf_evidence: Any, officer: Any
) -> None:
    evidence_review(evidence=pdf_evidence, by=officer, decision=ReviewStatus.ACCEPTED)

    response = api_client("engineer").post(
        revisions_url(pdf_evidence),
        {"file": io.BytesIO(CSV_BYTES), "reason": "Rescanned after patching.", **period(10)},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["id"], body["revision"], body["status"]) == (pdf_evidence.pk, 2, "submitted")
    assert body["sha256"] == hashlib.sha256(CSV_BYTES).hexdigest()
    assert body["download_url"].endswith(download_url(pdf_evidence, 2))
    assert body["period"]["start"] == period(10)["period_start"]
    revision = EvidenceRevision.objects.get(evidence=pdf_evidence, number=2)
    assert (revision.reason, revision.created_by) == ("Rescanned after patching.", engineer)
    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_REVISED)
    assert event.actor == engineer


def test_a_revision_needs_a_reason_and_one_content(api_client: Any, pdf_evidence: Any) -> None:
    client = api_client("engineer")

    no_reason = client.post(revisions_url(pdf_evidence), {"note": "Updated."})
    no_content = client.post(revisions_url(pdf_evidence), {"reason": "Because."})
    reversed_period = client.post(
        revisions_url(pdf_evidence),
        {"note": "x", "reason": "y", "period_start": "2026-06-30", "period_end": "2026-06-01"},
    )

    assert error(no_reason)["fields"] == {"reason": ["This field is required."]}
    assert "exactly one of file, url or note" in error(no_content)["message"]
    assert "cannot end" in error(reversed_period)["message"]
    assert EvidenceRevision.objects.filter(evidence=pdf_evidence).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("sales", 404),
        ("auditor", 404),
        ("other_engineer", 404),
        ("engineer", 201),
        ("officer", 201),
    ],
)
def test_who_may_revise(api_client: Any, pdf_evidence: Any, persona: str, status: int) -> None:
    response = api_client(persona).post(
        revisions_url(pdf_evidence), {"note": "Updated.", "reason": "New run."}
    )

    assert response.status_code == status
    if status != 201:
        error(response)


def test_an_auditor_who_sees_the_evidence_may_not_revise_it(
    token_for: Any, officer: Any, auditor_in_scope: Any, pdf_evidence: Any
) -> None:
    evidence_review(evidence=pdf_evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    client = Client(headers={"Authorization": f"Bearer {token_for(auditor_in_scope)}"})

    response = client.post(revisions_url(pdf_evidence), {"note": "Mine.", "reason": "x"})

    assert response.status_code == 403
    assert error(response)["message"] == "You may not add revisions to evidence."


def test_it_downloads_the_verified_file_and_records_it(
    api_client: Any, engineer: Any, pdf_evidence: Any
) -> None:
    response = api_client("engineer").get(download_url(pdf_evidence))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="scan.pdf"' in response["Content-Disposition"]
    assert response["ETag"] == f'"{hashlib.sha256(pdf_bytes()).hexdigest()}"'
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_DOWNLOADED)
    assert (event.actor, event.target_id) == (engineer, str(pdf_evidence.pk))


def test_a_client_with_the_same_bytes_gets_a_304(api_client: Any, pdf_evidence: Any) -> None:
    etag = f'"{hashlib.sha256(pdf_bytes()).hexdigest()}"'

    response = api_client("engineer").get(
        download_url(pdf_evidence), headers={"If-None-Match": etag}
    )

    assert response.status_code == 304


def test_a_tampered_file_is_refused_as_json(api_client: Any, pdf_evidence: Any) -> None:
    storage = storages["private"]
    name = pdf_evidence.current_revision.storage_name
    storage.delete(name)
    storage.save(name, io.BytesIO(pdf_bytes().replace(b"Vulnerability", b"Vulnerabilitx")))

    response = api_client("engineer").get(download_url(pdf_evidence))

    assert response.status_code == 409
    assert "no longer match the SHA-256" in error(response)["message"]
    assert AuditEvent.objects.filter(action=AuditAction.FILE_MISMATCH).exists()


def test_a_tampered_file_gets_no_304_for_the_etag_it_had(
    api_client: Any, pdf_evidence: Any
) -> None:
    """A client that cached the genuine file must learn that the stored one changed."""
    old_etag = f'"{pdf_evidence.current_revision.sha256}"'
    storage = storages["private"]
    name = pdf_evidence.current_revision.storage_name
    storage.delete(name)
    storage.save(name, io.BytesIO(pdf_bytes().replace(b"Vulnerability", b"Vulnerabilitx")))

    response = api_client("engineer").get(
        download_url(pdf_evidence), headers={"If-None-Match": old_etag}
    )

    assert response.status_code == 409
    assert "no longer match the SHA-256" in error(response)["message"]
    assert AuditEvent.objects.filter(action=AuditAction.FILE_MISMATCH).exists()


def test_a_missing_file_gets_no_304_either(api_client: Any, pdf_evidence: Any) -> None:
    storages["private"].delete(pdf_evidence.current_revision.storage_name)

    response = api_client("engineer").get(
        download_url(pdf_evidence),
        headers={"If-None-Match": f'"{pdf_evidence.current_revision.sha256}"'},
    )

    assert response.status_code == 410
    assert AuditEvent.objects.filter(action=AuditAction.FILE_MISSING).exists()


def test_a_link_revision_has_nothing_to_download(
    api_client: Any, engineer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(
        controls=[annex_a_control],
        produced_by=engineer,
        content=LinkContent("https://ci.example.com/runs/1"),
    )

    response = api_client("engineer").get(download_url(evidence))

    assert response.status_code == 404
    assert "link or a note" in error(response)["message"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("sales", 404),
        ("auditor", 404),
        ("other_engineer", 404),
        ("engineer", 200),
        ("officer", 200),
    ],
)
def test_who_may_download(api_client: Any, pdf_evidence: Any, persona: str, status: int) -> None:
    response = api_client(persona).get(download_url(pdf_evidence))

    assert response.status_code == status
    if status != 200:
        error(response)
        assert not AuditEvent.objects.filter(action=AuditAction.EVIDENCE_DOWNLOADED).exists()


@pytest.mark.parametrize("number", ["2", "0", "x", "9" * 30])
def test_a_revision_that_is_not_there_is_a_json_404(
    api_client: Any, pdf_evidence: Any, number: str
) -> None:
    response = api_client("officer").get(
        f"/api/v1/evidence/{pdf_evidence.pk}/revisions/{number}/download/"
    )

    assert response.status_code == 404
    error(response)


def test_the_upload_s_download_url_serves_the_same_bytes(
    api_client: Any, annex_a_control: Any
) -> None:
    client = api_client("engineer")
    created = client.post(
        "/api/v1/evidence/",
        {"title": "Scan", "controls": "iso27001-2022:A.8.8", "file": pdf_file(), **period()},
    ).json()

    response = client.get(created["download_url"])

    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == created["sha256"]
