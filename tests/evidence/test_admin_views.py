"""The admin's evidence pages, for each persona: who may see, submit, revise, review, download."""

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from evidence.content import FileContent
from evidence.models import Evidence, ReviewStatus
from evidence.services import evidence_review
from isms.audit.models import AuditEvent
from tests.admin_access import assert_sent_to_sign_in
from tests.evidence.files import pdf_bytes, pdf_upload
from tests.factories import make_evidence
from tests.html import page_soup, squeeze

# Personas come through client_for at run time: the mark keeps these tests with the database
# tests, before the transactional ones that flush the roles.
pytestmark = pytest.mark.django_db

# Who sees a piece of evidence about ``product`` attached to ``annex_a_control``, once accepted.
SEE_IT = ["officer", "engineer", "auditor_in_scope"]
DO_NOT = ["sales", "auditor", "other_engineer", "outsider"]


@pytest.fixture
def scan(engineer: Any, officer: Any, annex_a_control: Any, product: Any) -> Evidence:
    content = FileContent(source=__import__("io").BytesIO(pdf_bytes()), filename="scan.pdf")
    evidence = make_evidence(
        controls=[annex_a_control], produced_by=engineer, products=[product], content=content
    )
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    return evidence


def download_url(evidence: Evidence, number: int = 1) -> str:
    return reverse("evidence:download", args=[evidence.pk, number])


@pytest.mark.parametrize("persona", SEE_IT)
def test_those_in_scope_see_the_evidence_and_its_file(
    client_for: Callable[[str], Client], scan: Evidence, persona: str
) -> None:
    client = client_for(persona)
    page = client.get(reverse("evidence:inspect", args=[scan.pk]))
    assert page.status_code == 200
    assert "scan.pdf" in page.text
    response = client.get(download_url(scan))
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == (
        scan.current_revision.sha256
    )


@pytest.mark.parametrize("persona", [*DO_NOT, "anonymous"])
def test_everyone_else_gets_a_404_or_the_sign_in_page(
    client_for: Callable[[str], Client], scan: Evidence, persona: str
) -> None:
    client = client_for(persona)
    for url in (reverse("evidence:inspect", args=[scan.pk]), download_url(scan)):
        response = client.get(url)
        if persona in ("anonymous", "outsider"):
            assert_sent_to_sign_in(response, url)
        else:
            assert response.status_code == 404, (persona, url)


def test_an_auditor_sees_nothing_once_the_engagement_closes(
    client_for: Callable[[str], Client], scan: Evidence, auditor_in_scope: Any
) -> None:
    auditor_in_scope.engagements.update(access_ends_on="2020-01-01")
    assert client_for("auditor_in_scope").get(download_url(scan)).status_code == 404


def test_an_auditor_does_not_see_evidence_still_in_review(
    client_for: Callable[[str], Client],
    engineer: Any,
    annex_a_control: Any,
    product: Any,
    auditor_in_scope: Any,
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])
    response = client_for("auditor_in_scope").get(reverse("evidence:inspect", args=[evidence.pk]))
    assert response.status_code == 404


def test_the_listing_shows_only_what_the_user_may_see(
    client_for: Callable[[str], Client],
    scan: Evidence,
    other_engineer: Any,
    other_product: Any,
    annex_a_control: Any,
) -> None:
    make_evidence(
        title="Mobile app pentest",
        controls=[annex_a_control],
        produced_by=other_engineer,
        products=[other_product],
    )
    titles = [
        squeeze(cell.get_text())
        for cell in page_soup(client_for("engineer").get(reverse("evidence:index"))).select(
            "tbody td.title .title-wrapper"
        )
    ]
    assert titles == ["Quarterly vulnerability scan"]


def test_the_download_is_an_inert_private_attachment(
    client_for: Callable[[str], Client], scan: Evidence
) -> None:
    response = client_for("officer").get(download_url(scan))
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="evidence.downloaded").count() == 1


def test_an_engineer_submits_evidence_from_the_control_page(
    client_for: Callable[[str], Client], annex_a_control: Any
) -> None:
    client = client_for("engineer")
    control_page = client.get(reverse("controls:inspect", args=[annex_a_control.pk]))
    attach = page_soup(control_page).select_one("a[href*='/evidence/new/']")
    assert attach is not None
    form = client.get(attach["href"])
    assert page_soup(form).select_one(f"option[value='{annex_a_control.pk}'][selected]")

    response = client.post(
        attach["href"],
        {
            "title": "Nessus scan, October",
            "controls": [annex_a_control.pk],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "file",
            "file": pdf_upload(),
        },
    )
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:inspect", args=[evidence.pk])
    assert evidence.current_revision.media_type == "application/pdf"


def test_a_bad_upload_is_a_message_on_the_form_and_nothing_is_kept(
    client_for: Callable[[str], Client], annex_a_control: Any
) -> None:
    response = client_for("engineer").post(
        reverse("evidence:add"),
        {
            "title": "Nessus scan",
            "controls": [annex_a_control.pk],
            "period_start": "2026-10-31",
            "period_end": "2026-10-01",
            "kind": "note",
            "note": "All clear.",
        },
    )
    assert response.status_code == 200
    assert "cannot end (2026-10-01) before it starts (2026-10-31)" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("persona", ["sales", "auditor_in_scope", "auditor"])
def test_who_may_not_submit_gets_a_404(client_for: Callable[[str], Client], persona: str) -> None:
    assert client_for(persona).get(reverse("evidence:add")).status_code == 404


def test_an_officer_accepts_from_the_queue(
    client_for: Callable[[str], Client], engineer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    client = client_for("officer")
    queue = client.get(reverse("evidence:index") + "?status=submitted")
    assert evidence.title in queue.text
    response = client.post(reverse("evidence:review", args=[evidence.pk]), {"decision": "accepted"})
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.status == ReviewStatus.ACCEPTED


@pytest.mark.parametrize("persona", ["engineer", "auditor_in_scope", "sales"])
def test_only_officers_review(
    client_for: Callable[[str], Client], scan: Evidence, persona: str
) -> None:
    Evidence.objects.filter(pk=scan.pk).update(status="submitted", reviewed_by=None)
    response = client_for(persona).post(
        reverse("evidence:review", args=[scan.pk]), {"decision": "accepted"}
    )
    assert response.status_code == 404
    scan.refresh_from_db()
    assert scan.status == ReviewStatus.SUBMITTED


def test_a_rejection_without_reason_is_a_message(
    client_for: Callable[[str], Client], engineer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    response = client_for("officer").post(
        reverse("evidence:review", args=[evidence.pk]), {"decision": "rejected"}, follow=True
    )
    assert "Say why the evidence is rejected." in response.text
    evidence.refresh_from_db()
    assert evidence.status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("pk", ["abc", "9" * 30, "0", "-1"])
def test_malformed_keys_are_404(client_for: Callable[[str], Client], pk: str) -> None:
    client = client_for("officer")
    assert client.get(f"/admin/evidence/{pk}/").status_code == 404
    assert client.get(f"/admin/evidence/{pk}/revisions/{pk}/download/").status_code == 404
