"""The SoA services: entries for Annex A only, audited edits, and publishing frozen versions."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from isms.audit.models import AuditEvent
from isms.frameworks.models import ApplicabilityEntry, SoaVersion, SoaVersionEntry
from isms.frameworks.soa.services import soa_entries_ensure, soa_entry_update
from isms.roles import Role
from tests.factories import ControlFactory, UserFactory
from tests.frameworks.conftest import ANNEX_A_REFS, EXCLUSION, entry, exclude, publish


def test_it_gives_every_annex_a_control_of_iso27001_an_entry_and_nothing_else(
    annex_a: Any,
) -> None:
    refs = ApplicabilityEntry.objects.values_list("control__framework__code", "control__ref")

    assert sorted(refs) == sorted(("iso27001-2022", ref) for ref in ANNEX_A_REFS)


def test_making_entries_again_adds_only_those_of_new_controls(annex_a: Any) -> None:
    ControlFactory(ref="A.8.34", title="Audit testing")

    assert soa_entries_ensure() == 1
    assert soa_entries_ensure() == 0
    assert ApplicabilityEntry.objects.count() == len(ANNEX_A_REFS) + 1


def test_a_new_entry_applies_and_is_not_started(annex_a: Any) -> None:
    assert (entry("A.8.8").applicable, entry("A.8.8").implementation_status) == (
        True,
        "not_started",
    )


def test_an_edit_is_saved_with_who_made_it_and_audited(annex_a: Any, officer: Any) -> None:
    soa_entry_update(
        entry=entry("A.8.8"),
        by=officer,
        applicable=True,
        justification="Our products run on servers we patch.",
        implementation_status="implemented",
    )

    saved = entry("A.8.8")
    event = AuditEvent.objects.get(action="soa.entry_changed")
    assert (saved.implementation_status, saved.updated_by) == ("implemented", officer)
    assert event.actor == officer
    assert event.detail["control"] == "iso27001-2022:A.8.8"
    assert event.detail["changed"]["implementation_status"] == ["not_started", "implemented"]
    assert saved.history.first().history_user == officer


def test_an_edit_that_changes_nothing_records_nothing(annex_a: Any, officer: Any) -> None:
    current = entry("A.5.1")
    soa_entry_update(
        entry=current,
        by=officer,
        applicable=current.applicable,
        justification=current.justification,
        implementation_status=current.implementation_status,
    )

    assert not AuditEvent.objects.filter(action="soa.entry_changed").exists()


@pytest.mark.parametrize(
    ("applicable", "justification", "status"),
    [
        (False, "", "not_applicable"),  # an exclusion without a reason
        (False, EXCLUSION, "implemented"),  # excluded but implemented
        (True, "Needed.", "not_applicable"),  # applicable but "not applicable"
    ],
)
def test_it_refuses_an_inconsistent_entry_and_saves_nothing(
    annex_a: Any, officer: Any, applicable: bool, justification: str, status: str
) -> None:
    with pytest.raises(ValidationError):
        soa_entry_update(
            entry=entry("A.7.1"),
            by=officer,
            applicable=applicable,
            justification=justification,
            implementation_status=status,
        )

    assert entry("A.7.1").applicable is True
    assert not AuditEvent.objects.filter(action="soa.entry_changed").exists()


def test_the_database_refuses_an_exclusion_without_a_justification(annex_a: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicabilityEntry.objects.filter(pk=entry("A.7.1").pk).update(
            applicable=False, implementation_status="not_applicable", justification=""
        )


def test_publishing_freezes_every_entry_with_the_control_as_it_was(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=officer)

    version = publish(by=officer, approved_by=approver)

    rows = list(version.entries.order_by("sort_key"))
    assert [row.ref for row in rows] == list(ANNEX_A_REFS)
    excluded = next(row for row in rows if row.ref == "A.7.1")
    assert (excluded.address, excluded.applicable, excluded.justification) == (
        "iso27001-2022:A.7.1",
        False,
        EXCLUSION,
    )
    assert (excluded.theme_ref, excluded.title) == ("A.7", "Control A.7.1")
    assert (version.number, version.published_by_name, version.approved_by_name) == (
        "1.0",
        "Olivia Berg",
        "Camilla Holm",
    )


def test_a_published_version_keeps_its_rows_after_later_edits(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    version = publish(by=officer, approved_by=approver)

    exclude("A.7.4", by=officer)
    control = annex_a["A.7.4"]
    control.title = "Renamed later"
    control.save()

    row = version.entries.get(ref="A.7.4")
    assert (row.applicable, row.implementation_status, row.title) == (
        True,
        "not_started",
        "Control A.7.4",
    )


def test_it_audits_the_publication(annex_a: Any, officer: Any, approver: Any) -> None:
    exclude("A.7.1", by=officer)

    version = publish(by=officer, approved_by=approver)

    event = AuditEvent.objects.get(action="soa.published")
    assert (event.actor, event.target_id) == (approver, str(version.pk))
    assert (event.detail["submitted_by"], event.detail["approved_by"]) == (
        "Olivia Berg",
        "Camilla Holm",
    )
    assert event.detail["version"] == "1.0"
    assert (event.detail["controls"], event.detail["applicable"]) == (7, 6)


def test_version_numbers_increase_as_numbers(annex_a: Any, officer: Any, approver: Any) -> None:
    publish(by=officer, approved_by=approver, number="1.9")

    later = publish(by=officer, approved_by=approver, number="1.10")

    assert later.number == "1.10"


@pytest.mark.parametrize("number", ["1.0", "0.9", "1.00", "one", ""])
def test_it_refuses_a_number_that_is_not_higher_or_not_a_number(
    annex_a: Any, officer: Any, approver: Any, number: str
) -> None:
    publish(by=officer, approved_by=approver)

    with pytest.raises(ValidationError) as refused:
        publish(by=officer, approved_by=approver, number=number)

    assert "number" in refused.value.message_dict
    assert SoaVersion.objects.count() == 1


def test_it_refuses_an_effective_date_before_the_last_version(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    publish(by=officer, approved_by=approver)

    with pytest.raises(ValidationError) as refused:
        publish(
            by=officer,
            approved_by=approver,
            number="1.1",
            effective_date=datetime.date(2025, 12, 31),
        )

    assert "cannot take effect before it" in refused.value.message_dict["effective_date"][0]


def test_it_refuses_a_version_approved_by_its_publisher(annex_a: Any, officer: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        publish(by=officer, approved_by=officer)

    assert "four-eyes" in refused.value.message_dict["requested_approver"][0]
    assert not SoaVersion.objects.exists()
    assert not SoaVersionEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="soa.published").exists()


def test_a_version_freezes_who_changed_entries_since_the_last_one(
    annex_a: Any, officer: Any, approver: Any, engineer: Any
) -> None:
    exclude("A.7.1", by=officer)
    first = publish(by=officer, approved_by=approver)
    third = UserFactory(
        username="third", first_name="Tor", last_name="Lie", role=Role.COMPLIANCE_OFFICER
    )
    exclude("A.7.4", by=third)
    exclude("A.7.1", by=third, justification="Still no premises of our own.")

    second = publish(by=officer, approved_by=approver, number="1.1")

    assert first.author_names == ["Olivia Berg"]
    assert second.authors == [{"id": third.pk, "name": "Tor Lie"}]  # once, and only since 1.0
    event = AuditEvent.objects.filter(action="soa.published").latest("sequence")
    assert event.detail["authors"] == ["Tor Lie"]


def test_it_refuses_an_approver_who_changed_entries_in_the_version(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=approver)

    with pytest.raises(ValidationError) as refused:
        publish(by=officer, approved_by=approver)

    message = refused.value.message_dict["requested_approver"][0]
    assert "Camilla Holm wrote part of this change" in message
    assert "four-eyes" in message
    assert not SoaVersion.objects.exists()


def test_an_author_of_an_earlier_version_may_approve_the_next(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=approver)
    publish(by=approver, approved_by=officer)
    exclude("A.7.4", by=officer)

    assert publish(by=officer, approved_by=approver, number="1.1").approved_by == approver


def test_without_four_eyes_the_publisher_may_approve(
    annex_a: Any, officer: Any, settings: Any
) -> None:
    settings.ISMS_FOUR_EYES = False

    assert publish(by=officer, approved_by=officer).approved_by == officer


@pytest.mark.parametrize("persona", ["engineer", "auditor", "sales"])
def test_it_refuses_an_approver_who_is_not_a_compliance_officer(
    annex_a: Any, officer: Any, request: pytest.FixtureRequest, persona: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        publish(by=officer, approved_by=request.getfixturevalue(persona))

    assert "compliance officer" in refused.value.message_dict["requested_approver"][0]


def test_it_reports_every_problem_at_once(annex_a: Any, officer: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        publish(by=officer, approved_by=officer, number="x", change_summary=" ")

    assert set(refused.value.message_dict) == {"requested_approver", "number", "change_summary"}


def test_the_database_refuses_a_second_version_with_the_same_number(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    """What decides a race the lock did not: the unique number."""
    version = publish(by=officer, approved_by=approver)
    fields = {
        field.attname: getattr(version, field.attname)
        for field in SoaVersion._meta.concrete_fields
        if not field.primary_key
    }

    with pytest.raises(IntegrityError), transaction.atomic():
        SoaVersion.objects.create(**fields)


def test_a_publication_that_loses_the_race_is_refused_with_a_message(
    annex_a: Any, officer: Any, approver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other publication committed between our check and our insert."""
    publish(by=officer, approved_by=approver)
    monkeypatch.setattr("isms.frameworks.soa.rules.latest_soa_version", lambda: None)

    with pytest.raises(ValidationError) as refused:
        publish(by=officer, approved_by=approver, number="1.0")

    assert "a moment ago" in refused.value.message_dict["number"][0]
    assert SoaVersion.objects.count() == 1


def test_it_renders_and_stores_the_pdf_once_after_commit(
    annex_a: Any,
    officer: Any,
    approver: Any,
    stub_soa_pdf: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core.files.storage import storages

    from isms.records.pdf import record_pdf_attach

    with django_capture_on_commit_callbacks(execute=True):
        version = publish(by=officer, approved_by=approver)
    version.refresh_from_db()
    stored = version.pdf_file

    again = record_pdf_attach(version)

    assert (version.pdf_page_count, version.pdf_size) == (3, 2048)
    assert again.pdf_file == stored
    assert storages["private"].exists(stored)
    assert stored.startswith(f"soa-versions/{version.pk}/")


def test_a_losing_render_deletes_its_file(
    annex_a: Any, officer: Any, approver: Any, stub_soa_pdf: None
) -> None:
    from django.core.files.storage import storages

    from isms.records.pdf import record_pdf_attach

    version = publish(by=officer, approved_by=approver)
    stale = SoaVersion.objects.get(pk=version.pk)
    winner = record_pdf_attach(version)

    loser = record_pdf_attach(stale)  # read before the winner claimed the row

    folder = f"soa-versions/{version.pk}"
    assert storages["private"].listdir(folder)[1] == [winner.pdf_file.rsplit("/", 1)[1]]
    assert loser.pdf_file == winner.pdf_file
