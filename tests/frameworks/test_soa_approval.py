"""The SoA is published in two steps: an officer submits, another approves or sends it back.

The approver acts signed in as themselves; the version is frozen only by their approval, with
them as approver, and only if the entries are still what was submitted.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from isms.audit.models import AuditEvent
from isms.frameworks.models import SoaSubmission, SoaVersion
from isms.frameworks.soa.changes import ChangeKind, soa_changes_since
from isms.frameworks.soa.services import (
    soa_submission_approve,
    soa_submission_send_back,
    soa_submission_withdraw,
)
from isms.roles import Role
from tests.admin_access import assert_sent_to_sign_in, messages_of
from tests.factories import UserFactory
from tests.frameworks.conftest import entry, exclude, publish
from tests.html import page_soup, squeeze, text_of
from tests.soa import submit


@pytest.fixture
def third(db: None) -> Any:
    return UserFactory(
        username="third", first_name="Tor", last_name="Lie", role=Role.COMPLIANCE_OFFICER
    )


def submission_url(submission: SoaSubmission) -> str:
    return reverse("soa_versions:submission", args=[submission.pk])


def actions(submission: SoaSubmission) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(submission.pk), action__startswith="soa.")
        .exclude(action="soa.published")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


# The services


def test_a_submission_waits_and_tells_the_approver_asked(
    annex_a: Any, officer: Any, approver: Any, third: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(by=officer, requested_approver=approver)

    assert submission.is_pending
    assert (submission.submitted_by, submission.submitted_by_name) == (officer, "Olivia Berg")
    assert not SoaVersion.objects.exists()
    assert actions(submission) == ["soa.submitted"]
    [message] = mail.outbox
    assert message.to == [approver.email]
    assert "Olivia Berg submitted the Statement of Applicability" in message.body
    assert f"http://testserver{submission_url(submission)}" in message.body


def test_a_submission_for_any_officer_tells_every_officer_who_may_approve_it(
    annex_a: Any, officer: Any, approver: Any, third: Any, django_capture_on_commit_callbacks: Any
) -> None:
    exclude("A.7.1", by=third)  # an author: may not approve, so is not asked

    with django_capture_on_commit_callbacks(execute=True):
        submit(by=officer)

    assert [message.to for message in mail.outbox] == [[approver.email]]


def test_the_approver_publishes_it_as_themselves(
    annex_a: Any, officer: Any, approver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    exclude("A.7.1", by=officer)
    submission = submit(by=officer, requested_approver=approver)

    with django_capture_on_commit_callbacks(execute=True):
        version = soa_submission_approve(submission=submission, by=approver, comment="Fine.")

    submission.refresh_from_db()
    assert (version.approved_by, version.published_by) == (approver, officer)
    assert version.author_names == ["Olivia Berg"]
    assert (submission.status, submission.version, submission.comment) == (
        "approved",
        version,
        "Fine.",
    )
    assert submission.decided_by_name == "Camilla Holm"
    assert actions(submission) == ["soa.submitted", "soa.approved"]
    approved = AuditEvent.objects.get(action="soa.approved")
    assert (approved.actor, approved.detail["comment"]) == (approver, "Fine.")
    assert AuditEvent.objects.get(action="soa.published").actor == approver
    assert [message.to for message in mail.outbox][-1] == [officer.email]
    assert "Camilla Holm approved the Statement of Applicability 1.0" in mail.outbox[-1].body


def test_the_submitter_cannot_approve_their_own_submission(annex_a: Any, officer: Any) -> None:
    submission = submit(by=officer)

    with pytest.raises(ValidationError) as refused:
        soa_submission_approve(submission=submission, by=officer)

    assert "You submitted this version" in refused.value.messages[0]
    assert "withdraw" in refused.value.messages[0]
    assert not SoaVersion.objects.exists()
    assert SoaSubmission.objects.get().is_pending


def test_someone_who_changed_entries_cannot_approve(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=approver)
    submission = submit(by=officer)

    with pytest.raises(ValidationError) as refused:
        soa_submission_approve(submission=submission, by=approver)

    assert "Camilla Holm wrote part of this change" in refused.value.messages[0]
    assert not SoaVersion.objects.exists()


def test_only_the_approver_asked_may_decide(
    annex_a: Any, officer: Any, approver: Any, third: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)

    with pytest.raises(ValidationError) as refused:
        soa_submission_approve(submission=submission, by=third)
    with pytest.raises(ValidationError):
        soa_submission_send_back(submission=submission, by=third, comment="No.")

    assert "asked Camilla Holm to approve" in refused.value.messages[0]
    assert SoaSubmission.objects.get().is_pending


@pytest.mark.parametrize("persona", ["engineer", "auditor", "sales"])
def test_nobody_but_an_officer_may_approve(
    annex_a: Any, officer: Any, request: pytest.FixtureRequest, persona: str
) -> None:
    submission = submit(by=officer)

    with pytest.raises(ValidationError) as refused:
        soa_submission_approve(submission=submission, by=request.getfixturevalue(persona))

    assert "Only a compliance officer" in refused.value.messages[0]


def test_nobody_but_an_officer_may_submit(annex_a: Any, engineer: Any) -> None:
    with pytest.raises(ValidationError):
        submit(by=engineer)

    assert not SoaSubmission.objects.exists()


def test_entries_changed_after_submission_cannot_be_approved(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)
    exclude("A.7.4", by=officer)

    with pytest.raises(ValidationError) as refused:
        soa_submission_approve(submission=submission, by=approver)

    assert "entries changed after this version was submitted" in refused.value.messages[0]
    assert not SoaVersion.objects.exists()


def test_a_second_submission_waits_for_the_first_to_be_decided(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    submit(by=officer)

    with pytest.raises(ValidationError) as refused:
        submit(by=approver, number="1.1")

    assert (
        "Version 1.0, submitted by Olivia Berg, is awaiting approval" in refused.value.messages[0]
    )
    assert SoaSubmission.objects.count() == 1


def test_the_database_allows_one_pending_submission(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    first = submit(by=officer)
    fields = {
        field.attname: getattr(first, field.attname)
        for field in SoaSubmission._meta.concrete_fields
        if not field.primary_key
    }

    with pytest.raises(IntegrityError), transaction.atomic():
        SoaSubmission.objects.create(**{**fields, "minor": 1})


def test_sending_back_needs_a_comment_and_tells_the_submitter(
    annex_a: Any, officer: Any, approver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)
    with pytest.raises(ValidationError) as refused:
        soa_submission_send_back(submission=submission, by=approver, comment="  ")
    assert "Say what should change" in refused.value.message_dict["comment"][0]

    with django_capture_on_commit_callbacks(execute=True):
        soa_submission_send_back(
            submission=submission, by=approver, comment="Justify A.8.8 with the patch SLA."
        )

    submission.refresh_from_db()
    assert (submission.status, submission.comment) == (
        "sent_back",
        "Justify A.8.8 with the patch SLA.",
    )
    assert actions(submission) == ["soa.submitted", "soa.sent_back"]
    assert mail.outbox[-1].to == [officer.email]
    assert "Justify A.8.8 with the patch SLA." in mail.outbox[-1].body
    assert not SoaVersion.objects.exists()
    assert submit(by=officer).is_pending  # the next one may now be submitted


def test_only_the_submitter_withdraws(annex_a: Any, officer: Any, approver: Any) -> None:
    submission = submit(by=officer)
    with pytest.raises(ValidationError) as refused:
        soa_submission_withdraw(submission=submission, by=approver)
    assert "Only Olivia Berg, who submitted it, can withdraw" in refused.value.messages[0]

    soa_submission_withdraw(submission=submission, by=officer)

    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    assert actions(submission) == ["soa.submitted", "soa.withdrawn"]


def test_a_decided_submission_is_not_decided_again(
    annex_a: Any, officer: Any, approver: Any, third: Any
) -> None:
    submission = submit(by=officer)
    soa_submission_approve(submission=submission, by=approver)

    with pytest.raises(ValidationError) as refused:
        soa_submission_send_back(submission=submission, by=third, comment="Too late.")

    assert "approved and published by Camilla Holm already" in refused.value.messages[0]
    assert SoaVersion.objects.count() == 1


def test_the_database_refuses_to_rewrite_a_decision_or_delete_a_submission(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    submission = submit(by=officer)
    soa_submission_approve(submission=submission, by=approver, comment="Fine.")
    table = connection.ops.quote_name(SoaSubmission._meta.db_table)

    for statement in (
        f"UPDATE {table} SET comment = 'Never looked at it.'",  # noqa: S608
        f"UPDATE {table} SET decided_by_name = 'Someone else'",  # noqa: S608
        f"UPDATE {table} SET change_summary = 'Something else'",  # noqa: S608
        f"DELETE FROM {table}",  # noqa: S608
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

    assert SoaSubmission.objects.get().comment == "Fine."


# What the approver reads


def test_the_changes_since_the_last_version_are_sorted_by_kind(
    annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=officer)
    version = publish(by=officer, approved_by=approver)
    exclude("A.7.4", by=approver)  # excluded now
    exclude("A.7.1", by=approver, justification="Still no premises.")  # changed
    from isms.frameworks.soa.services import soa_entry_update

    soa_entry_update(
        entry=entry("A.8.8"),
        by=approver,
        applicable=True,
        justification="Patched within 14 days.",
        implementation_status="partial",
    )

    changes = soa_changes_since(version)

    kinds = {change.ref: change.kind for change in changes.changes}
    assert kinds == {
        "A.7.1": ChangeKind.CHANGED,
        "A.7.4": ChangeKind.EXCLUDED,
        "A.8.8": ChangeKind.CHANGED,
    }
    assert changes.unchanged == 4
    [patched] = [change for change in changes.changes if change.ref == "A.8.8"]
    assert patched.before is not None
    assert (patched.before.justification, patched.after.justification) == (
        "",
        "Patched within 14 days.",
    )
    assert patched.status_changed


def test_before_any_version_every_entry_is_added(annex_a: Any) -> None:
    changes = soa_changes_since(None)

    assert len(changes.added) == 7
    assert changes.unchanged == 0


# The admin


def test_the_approver_sees_the_changes_side_by_side_and_approves(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=officer)
    version = publish(by=officer, approved_by=approver)
    exclude("A.7.1", by=officer, justification="Still no premises of our own.")
    submission = submit(by=officer, requested_approver=approver, number="1.1")
    client = client_for("approver")

    page = page_soup(client.get(submission_url(submission)))
    response = client.post(
        submission_url(submission), {"decision": "approve", "comment": "Agreed."}
    )

    row = page.select_one(".soa-changes__table tbody tr")
    assert row is not None
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert "We occupy no premises" in cells[1] and "Still no premises of our own." in cells[2]
    assert page.select_one("button[value=approve]") is not None
    published = SoaVersion.objects.exclude(pk=version.pk).get()
    assert response["Location"] == reverse("soa_versions:inspect", args=[published.pk])
    assert published.approved_by == approver
    assert (
        "Statement of Applicability version 1.1 approved and published, in force from 1 January "
        "2026." in messages_of(response)[0]
    )


def test_the_submitter_is_offered_withdrawal_not_approval(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)
    client = client_for("officer")

    page = page_soup(client.get(submission_url(submission)))
    refused = client.post(submission_url(submission), {"decision": "approve", "comment": ""})
    withdrawn = client.post(reverse("soa_versions:withdraw", args=[submission.pk]))

    assert page.select_one("button[value=approve]") is None
    assert "You submitted this version" in squeeze(page.get_text(" "))
    assert refused.status_code == 200
    assert "You submitted this version" in refused.text
    assert withdrawn.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    assert not SoaVersion.objects.exists()


def test_an_author_is_told_why_they_cannot_approve_and_may_send_back(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    exclude("A.7.1", by=approver)
    submission = submit(by=officer)

    page = page_soup(client_for("approver").get(submission_url(submission)))

    assert page.select_one("button[value=approve]") is None
    assert page.select_one("button[value=send_back]") is not None
    assert "Camilla Holm wrote part of this change" in squeeze(page.get_text(" "))


def test_sending_back_without_a_comment_is_a_form_error(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)

    response = client_for("approver").post(
        submission_url(submission), {"decision": "send_back", "comment": ""}
    )

    assert response.status_code == 200
    assert "Say what should change" in response.text
    assert SoaSubmission.objects.get().is_pending


def test_changed_entries_are_flagged_and_approval_not_offered(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)
    exclude("A.7.4", by=officer)

    page = page_soup(client_for("approver").get(submission_url(submission)))

    assert "Entries were changed after this version was submitted" in squeeze(page.get_text(" "))
    assert page.select_one("button[value=approve]") is None


def test_the_entries_listing_says_a_version_awaits_approval(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    submission = submit(by=officer, requested_approver=approver)

    text = text_of(client_for("officer").get(reverse("soa_entries:index")), separator=" ")
    listing = page_soup(client_for("officer").get(reverse("soa_versions:submissions")))

    assert "Version 1.0, submitted by Olivia Berg, is awaiting approval by Camilla Holm" in text
    assert listing.select_one(f"a[href='{submission_url(submission)}']") is not None


@pytest.mark.parametrize("persona", ["engineer", "auditor", "sales"])
def test_a_submission_is_a_404_to_everyone_but_officers(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, persona: str
) -> None:
    submission = submit(by=officer)
    client = client_for(persona)

    assert client.get(submission_url(submission)).status_code == 404
    assert client.post(submission_url(submission), {"decision": "approve"}).status_code == 404
    assert client.post(reverse("soa_versions:withdraw", args=[submission.pk])).status_code == 404
    assert SoaSubmission.objects.get().is_pending


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_a_submission_sends_people_without_admin_access_to_sign_in(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, persona: str
) -> None:
    submission = submit(by=officer)

    assert_sent_to_sign_in(
        client_for(persona).get(submission_url(submission)), submission_url(submission)
    )


def test_an_unknown_submission_is_a_404(client_for: Callable[[str], Client], annex_a: Any) -> None:
    assert (
        client_for("officer").get(reverse("soa_versions:submission", args=[999])).status_code == 404
    )


def test_the_dashboard_tells_the_approver_and_the_submitter(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, approver: Any
) -> None:
    nothing_waits = text_of(client_for("approver").get(reverse("wagtailadmin_home")), separator=" ")
    submit(by=officer, requested_approver=approver, change_summary="A.8.8 patched faster.")

    approvers_home = text_of(
        client_for("approver").get(reverse("wagtailadmin_home")), separator=" "
    )
    submitters_home = text_of(
        client_for("officer").get(reverse("wagtailadmin_home")), separator=" "
    )

    assert "awaits your approval" not in nothing_waits
    assert "Version 1.0 awaits your approval." in approvers_home
    assert "A.8.8 patched faster." in approvers_home
    assert "Version 1.0 awaits approval by Camilla Holm." in submitters_home


@pytest.mark.parametrize("persona", ["engineer", "auditor", "sales"])
def test_the_dashboard_shows_the_submission_to_officers_only(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, persona: str
) -> None:
    submit(by=officer, change_summary="A.8.8 patched faster.")

    home = client_for(persona).get(reverse("wagtailadmin_home"))

    assert "A.8.8 patched faster." not in home.text
