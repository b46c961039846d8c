"""The SoA admin views for each persona: entries, their edit form, versions, downloads, submit."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from isms.audit.models import AuditEvent
from isms.frameworks.models import SoaSubmission, SoaVersion
from tests.admin_access import assert_refused_inside_admin, assert_sent_to_sign_in, messages_of
from tests.frameworks.conftest import entry, exclude, publish
from tests.html import page_soup, text_of

WITHOUT_ADMIN = ["anonymous", "outsider"]


@pytest.fixture
def version(annex_a: Any, officer: Any, approver: Any, stub_soa_pdf: None) -> SoaVersion:
    from isms.records.pdf import record_pdf_attach

    exclude("A.7.1", by=officer)
    return record_pdf_attach(publish(by=officer, approved_by=approver))


def entries_url() -> str:
    return reverse("soa_entries:index")


def edit_url(ref: str = "A.8.8") -> str:
    return reverse("soa_entries:edit", args=[entry(ref).pk])


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("officer", True), ("engineer", True), ("auditor", True), ("sales", False)],
)
def test_who_sees_the_entries(
    client_for: Callable[[str], Client], annex_a: Any, persona: str, allowed: bool
) -> None:
    response = client_for(persona).get(entries_url())

    if allowed:
        assert response.status_code == 200
        assert "A.8.8" in response.text
    else:
        assert_refused_inside_admin(response)


@pytest.mark.parametrize("persona", WITHOUT_ADMIN)
def test_people_without_admin_access_are_sent_to_sign_in(
    client_for: Callable[[str], Client], version: SoaVersion, persona: str
) -> None:
    client = client_for(persona)
    for url in (
        entries_url(),
        edit_url(),
        reverse("soa_versions:index"),
        reverse("soa_versions:inspect", args=[version.pk]),
        reverse("soa_versions:pdf", args=[version.pk]),
        reverse("soa_versions:csv", args=[version.pk]),
        reverse("soa_versions:submit"),
        reverse("soa_versions:submissions"),
        reverse("soa_entries:changes", args=[entry("A.8.8").pk]),
    ):
        assert_sent_to_sign_in(client.get(url), url)


def test_the_listing_summarises_applicability_and_status(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any
) -> None:
    exclude("A.7.1", by=officer)

    text = text_of(client_for("officer").get(entries_url()), separator=" ")

    assert "6 applicable, 1 excluded of 7 Annex A controls" in text
    assert "No version has been published yet." in text


def test_the_listing_filters_by_applicability(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any
) -> None:
    exclude("A.7.1", by=officer)

    response = client_for("officer").get(entries_url(), {"applicable": "false"})

    titles = [cell.get_text(strip=True) for cell in page_soup(response).select("tbody td.title")]
    assert len(titles) == 1
    assert titles[0].startswith("A.7.1")


def test_an_officer_edits_the_three_fields_and_the_change_is_audited(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any
) -> None:
    response = client_for("officer").post(
        edit_url(),
        {
            "applicable": "on",
            "justification": "We patch what we run.",
            "implementation_status": "partial",
        },
    )

    assert response.status_code == 302
    saved = entry("A.8.8")
    assert (saved.implementation_status, saved.updated_by) == ("partial", officer)
    assert AuditEvent.objects.filter(action="soa.entry_changed", actor=officer).count() == 1


def test_an_exclusion_without_a_justification_is_shown_as_a_form_error(
    client_for: Callable[[str], Client], annex_a: Any
) -> None:
    response = client_for("officer").post(
        edit_url("A.7.1"), {"justification": "", "implementation_status": "not_applicable"}
    )

    assert response.status_code == 200
    assert "an exclusion needs a justification" in response.text
    assert entry("A.7.1").applicable is True


@pytest.mark.parametrize("persona", ["engineer", "auditor"])
def test_viewers_may_not_edit_an_entry(
    client_for: Callable[[str], Client], annex_a: Any, persona: str
) -> None:
    response = client_for(persona).post(
        edit_url(), {"applicable": "on", "implementation_status": "implemented"}
    )

    assert_refused_inside_admin(response)
    assert entry("A.8.8").implementation_status == "not_started"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("officer", True), ("auditor", True), ("engineer", False), ("sales", False)],
)
def test_who_sees_the_published_versions(
    client_for: Callable[[str], Client], version: SoaVersion, persona: str, allowed: bool
) -> None:
    client = client_for(persona)
    listing = client.get(reverse("soa_versions:index"))
    inspect = client.get(reverse("soa_versions:inspect", args=[version.pk]))
    pdf = client.get(reverse("soa_versions:pdf", args=[version.pk]))
    csv = client.get(reverse("soa_versions:csv", args=[version.pk]))

    if allowed:
        assert listing.status_code == inspect.status_code == pdf.status_code == 200
        assert csv.status_code == 200
        assert "Camilla Holm" in inspect.text
        assert "A.7.1 Control A.7.1" in inspect.text
        assert "6 applicable, 1 excluded of 7 controls" in text_of(inspect, separator=" ")
    else:
        assert_refused_inside_admin(listing)
        assert inspect.status_code == pdf.status_code == csv.status_code == 404


def test_the_pdf_downloads_privately_with_its_name_and_hash(
    client_for: Callable[[str], Client], version: SoaVersion
) -> None:
    response = client_for("auditor").get(reverse("soa_versions:pdf", args=[version.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "statement-of-applicability-v1.0-2026-01-01.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["ETag"] == f'"{version.pdf_sha256}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_unknown_version_is_a_404(client_for: Callable[[str], Client], version: Any) -> None:
    client = client_for("officer")
    for name in ("soa_versions:inspect", "soa_versions:pdf", "soa_versions:csv"):
        assert client.get(reverse(name, args=[version.pk + 100])).status_code == 404


def test_the_versions_have_no_edit_or_delete_views() -> None:
    from django.urls import NoReverseMatch

    for name in ("soa_versions:edit", "soa_versions:delete", "soa_entries:add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1]) if "add" not in name else reverse(name)


SUBMIT_FORM = {
    "number": "1.0",
    "effective_date": "2026-01-01",
    "change_summary": "First published Statement of Applicability.",
}


def test_an_officer_submits_a_version_through_the_form_and_nothing_is_published_yet(
    client_for: Callable[[str], Client], annex_a: Any, approver: Any
) -> None:
    response = client_for("officer").post(
        reverse("soa_versions:submit"), {**SUBMIT_FORM, "requested_approver": approver.pk}
    )

    submission = SoaSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("soa_versions:submission", args=[submission.pk])
    assert (submission.number, submission.requested_approver) == ("1.0", approver)
    assert "Camilla Holm has been told by e-mail" in messages_of(response)[0]
    assert not SoaVersion.objects.exists()


def test_asking_oneself_to_approve_is_not_offered_and_refused_as_a_form_error(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    client = client_for("officer")

    form = page_soup(client.get(reverse("soa_versions:submit")))
    response = client.post(
        reverse("soa_versions:submit"), {**SUBMIT_FORM, "requested_approver": officer.pk}
    )

    offered = [o["value"] for o in form.select("select[name=requested_approver] option")]
    assert offered == ["", str(approver.pk)]  # "Any compliance officer", then the others
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not SoaSubmission.objects.exists()


def test_the_submit_form_names_who_changed_entries_and_refuses_them_as_approver(
    client_for: Callable[[str], Client], annex_a: Any, approver: Any
) -> None:
    exclude("A.7.1", by=approver)
    client = client_for("officer")

    shown = text_of(client.get(reverse("soa_versions:submit")))
    refused = client.post(
        reverse("soa_versions:submit"), {**SUBMIT_FORM, "requested_approver": approver.pk}
    )

    assert "Entries were changed since they were created by Camilla Holm." in shown
    assert refused.status_code == 200
    assert "Camilla Holm wrote part of this change" in refused.text
    assert not SoaSubmission.objects.exists()


def test_a_number_that_is_not_higher_is_a_form_error(
    client_for: Callable[[str], Client], version: SoaVersion
) -> None:
    response = client_for("officer").post(reverse("soa_versions:submit"), SUBMIT_FORM)

    assert response.status_code == 200
    assert "is not higher than the last published version" in response.text
    assert not SoaSubmission.objects.filter(status="pending").exists()


def test_the_submit_form_suggests_the_next_number(
    client_for: Callable[[str], Client], version: SoaVersion
) -> None:
    form = page_soup(client_for("officer").get(reverse("soa_versions:submit")))

    assert form.select_one("input[name=number]")["value"] == "1.1"


@pytest.mark.parametrize("persona", ["engineer", "auditor", "sales"])
def test_only_officers_may_submit(
    client_for: Callable[[str], Client], annex_a: Any, approver: Any, persona: str
) -> None:
    client = client_for(persona)

    assert_refused_inside_admin(client.get(reverse("soa_versions:submit")))
    assert_refused_inside_admin(
        client.post(reverse("soa_versions:submit"), {**SUBMIT_FORM, "requested_approver": ""})
    )
    assert_refused_inside_admin(client.get(reverse("soa_versions:submissions")))
    assert not SoaSubmission.objects.exists()


def test_the_entries_listing_costs_the_same_queries_whatever_the_number_of_entries(
    client_for: Callable[[str], Client], annex_a: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from isms.frameworks.soa.services import soa_entries_ensure
    from tests.factories import ControlFactory

    client = client_for("officer")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(entries_url()).status_code == 200
        return len(captured)

    queries()  # the first request also fills per-process caches (content types, settings)
    few = queries()
    for number in range(20, 32):
        ControlFactory(ref=f"A.8.{number}")
    soa_entries_ensure()
    assert queries() == few
