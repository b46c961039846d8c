"""Submitting, revising, re-attaching and reviewing evidence through the services."""

import datetime
import hashlib
import io
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import IntegrityError
from django.urls import resolve
from wagtail.models import ReferenceIndex

from evidence.content import FileContent, LinkContent, NoteContent
from evidence.freshness import Freshness
from evidence.history import evidence_changes
from evidence.models import Engagement, Evidence, EvidenceRevision, ReviewStatus
from evidence.services import evidence_review, evidence_revise, evidence_update
from isms.audit.models import AuditEvent
from tests.evidence.files import CSV_BYTES, pdf_bytes
from tests.factories import ControlFactory, make_evidence

TODAY = datetime.date(2026, 11, 20)


def stored_names() -> list[str]:
    storage = storages["private"]
    try:
        _, months = storage.listdir("evidence/2026")
    except FileNotFoundError:
        return []
    return [name for month in months for name in storage.listdir(f"evidence/2026/{month}")[1]]


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_it_stores_a_file_with_its_hash_size_and_sniffed_type(
    engineer: Any, annex_a_control: Any
) -> None:
    content = pdf_bytes()
    evidence = make_evidence(
        controls=[annex_a_control],
        produced_by=engineer,
        content=FileContent(source=io.BytesIO(content), filename="../../etc/scan.PDF"),
    )
    revision = evidence.current_revision
    assert (revision.number, revision.kind, revision.media_type) == (1, "file", "application/pdf")
    assert revision.sha256 == hashlib.sha256(content).hexdigest()
    assert revision.size == len(content)
    assert revision.original_filename == "scan.PDF"
    assert revision.storage_name.startswith("evidence/2026/11/")
    assert revision.storage_name.endswith(".pdf")
    with storages["private"].open(revision.storage_name, "rb") as stored:
        assert stored.read() == content


def test_it_records_the_submission_in_the_audit_trail(engineer: Any, annex_a_control: Any) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    event = AuditEvent.objects.get(action="evidence.uploaded")
    assert event.actor_id == engineer.pk
    assert event.target_id == str(evidence.pk)
    assert event.detail["controls"] == ["iso27001-2022:A.8.8"]


def test_it_records_the_submission_once_in_the_history_with_its_links(
    engineer: Any, annex_a_control: Any, product: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])

    (record,) = evidence.history.all()
    assert (record.history_type, record.history_user) == ("+", engineer)
    assert record.current_revision_id == evidence.current_revision_id
    assert [link.control for link in record.controls.all()] == [annex_a_control]
    assert [link.product for link in record.products.all()] == [product]
    assert [entry.kind for entry in evidence_changes(evidence)] == ["Created"]


def test_it_links_each_control_and_product_once(
    engineer: Any, annex_a_control: Any, product: Any
) -> None:
    evidence = make_evidence(
        controls=[annex_a_control, annex_a_control], produced_by=engineer, products=[product] * 2
    )

    assert list(evidence.controls.all()) == [annex_a_control]
    assert list(evidence.products.all()) == [product]


def test_evidence_and_its_audit_events_stay_out_of_wagtail_s_reference_index(
    engineer: Any, officer: Any, annex_a_control: Any
) -> None:
    resolve("/admin/")  # the admin's viewsets register their models as its URLs load
    assert ReferenceIndex.is_indexed(Engagement)  # as every model with a viewset is, by default
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)

    assert AuditEvent.objects.filter(target_id=str(evidence.pk)).count() == 2
    assert not ReferenceIndex.objects.filter(
        base_content_type__in=[
            ContentType.objects.get_for_model(Evidence),
            ContentType.objects.get_for_model(AuditEvent),
        ]
    ).exists()


def test_it_dates_renewal_from_the_shortest_cadence_of_its_controls(engineer: Any) -> None:
    yearly = ControlFactory(ref="A.5.1", evidence_cadence=12)
    quarterly = ControlFactory(ref="A.8.8", evidence_cadence=3)
    evidence = make_evidence(
        controls=[yearly, quarterly],
        produced_by=engineer,
        period=(datetime.date(2026, 8, 1), datetime.date(2026, 10, 31)),
    )
    assert evidence.renews_on == datetime.date(2027, 1, 31)
    assert evidence.freshness() == Freshness.FRESH
    assert evidence.freshness(datetime.date(2027, 1, 10)) == Freshness.DUE_SOON
    assert evidence.freshness(datetime.date(2027, 1, 31)) == Freshness.EXPIRED


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ((None, datetime.date(2026, 11, 1)), "Give the period"),
        ((datetime.date(2026, 11, 2), datetime.date(2026, 11, 1)), r"cannot end \(2026-11-01\)"),
        ((datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)), "has not started"),
    ],
)
def test_it_refuses_a_period_that_cannot_be(
    engineer: Any, annex_a_control: Any, period: Any, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        make_evidence(controls=[annex_a_control], produced_by=engineer, period=period)
    assert not Evidence.objects.exists()


def test_it_refuses_evidence_for_no_control(engineer: Any) -> None:
    with pytest.raises(ValidationError, match="at least one control"):
        make_evidence(controls=[], produced_by=engineer)


def test_it_refuses_a_link_that_is_not_a_web_address(engineer: Any, annex_a_control: Any) -> None:
    with pytest.raises(ValidationError, match="https://"):
        make_evidence(
            controls=[annex_a_control],
            produced_by=engineer,
            content=LinkContent("javascript:alert(1)"),
        )


def test_it_leaves_no_file_when_the_rows_cannot_be_written(
    engineer: Any, annex_a_control: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("the database went away")

    monkeypatch.setattr("evidence.services.audit_record", fail)
    with pytest.raises(IntegrityError):
        make_evidence(
            controls=[annex_a_control],
            produced_by=engineer,
            content=FileContent(source=io.BytesIO(CSV_BYTES), filename="hosts.csv"),
        )
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert stored_names() == []


def test_it_refuses_an_oversized_file_and_stores_nothing(
    engineer: Any, annex_a_control: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="larger than the limit"):
        make_evidence(
            controls=[annex_a_control],
            produced_by=engineer,
            content=FileContent(source=io.BytesIO(b"x" * 1001), filename="big.txt"),
        )
    assert not Evidence.objects.exists()
    assert stored_names() == []


def test_a_revision_keeps_the_old_one_and_goes_back_to_review(
    engineer: Any, officer: Any, annex_a_control: Any
) -> None:
    resolve("/admin/")  # the admin's viewsets register their models as its URLs load
    assert ReferenceIndex.is_indexed(Engagement)  # as every model with a viewset is, by default
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    revision = evidence_revise(
        evidence=evidence,
        by=engineer,
        reason="The scanner missed two hosts.",
        content=NoteContent("Rescanned all 14 hosts."),
    )
    evidence.refresh_from_db()
    assert revision.number == 2
    assert evidence.current_revision == revision
    assert evidence.status == ReviewStatus.SUBMITTED
    assert evidence.reviewed_by is None
    assert list(evidence.revisions.values_list("note", flat=True)) == [
        "Scanned every host; no high findings open.",
        "Rescanned all 14 hosts.",
    ]


def test_a_revision_needs_a_reason(engineer: Any, annex_a_control: Any) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    with pytest.raises(ValidationError, match="why"):
        evidence_revise(evidence=evidence, by=engineer, reason=" ", content=NoteContent("x"))
    assert evidence.revisions.count() == 1


def test_it_accepts_and_records_who_reviewed(
    engineer: Any, officer: Any, annex_a_control: Any
) -> None:
    resolve("/admin/")  # the admin's viewsets register their models as its URLs load
    assert ReferenceIndex.is_indexed(Engagement)  # as every model with a viewset is, by default
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    evidence.refresh_from_db()
    assert (evidence.status, evidence.reviewed_by) == (ReviewStatus.ACCEPTED, officer)
    assert AuditEvent.objects.get(action="evidence.reviewed").detail["decision"] == "accepted"


def test_a_rejection_needs_a_reason(engineer: Any, officer: Any, annex_a_control: Any) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    with pytest.raises(ValidationError, match="why"):
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.REJECTED)
    evidence_review(
        evidence=evidence, by=officer, decision=ReviewStatus.REJECTED, reason="Wrong quarter."
    )
    evidence.refresh_from_db()
    assert (evidence.status, evidence.rejection_reason) == (ReviewStatus.REJECTED, "Wrong quarter.")


def test_it_refuses_a_second_review(engineer: Any, officer: Any, annex_a_control: Any) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="already been accepted"):
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.REJECTED, reason="x")


def test_nobody_reviews_what_they_submitted(officer: Any, annex_a_control: Any) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=officer)
    with pytest.raises(ValidationError, match="another compliance officer"):
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)


def test_re_attaching_keeps_content_and_history(
    engineer: Any, officer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    quarterly = ControlFactory(ref="A.5.7", evidence_cadence=3)
    records_before = evidence.history.count()
    evidence_update(
        evidence=evidence,
        by=officer,
        title="Scan, all hosts",
        description="",
        controls=[annex_a_control, quarterly],
        products=[],
    )
    evidence.refresh_from_db()
    assert evidence.title == "Scan, all hosts"
    assert evidence.renews_on == datetime.date(2027, 2, 19)
    assert evidence.history.count() > records_before
    latest = evidence.history.first()
    assert (latest.title, latest.history_user) == ("Scan, all hosts", officer)
    assert sorted(link.control.ref for link in latest.controls.all()) == ["A.5.7", "A.8.8"]
