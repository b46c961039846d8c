"""Approving a submission in Wagtail's review workflow: the approval is in the audit trail.

Every way an officer approves (the editor's "Approve and Publish", its "Approve with comment and
Publish", the dashboard's buttons) records a `document.approved` event with the reviewer's
comment, before the publication's own event.
"""

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from isms.roles import Role
from policies.models import DocumentVersion, PolicyPage
from tests.factories import UserFactory, publish_version
from tests.html import text_of
from tests.policies.test_admin_publishing import PUBLISH, approve_as, form_data, reloaded, submit_as

pytestmark = pytest.mark.usefixtures("stub_pdf")


@pytest.fixture
def submitted(login: Callable[[Any], Client], policy: PolicyPage, officer: Any, engineer: Any):
    """Version 1.0 live, and the engineer's 1.1 submitted for review."""
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    submit_as(login(engineer), reloaded(policy))
    return reloaded(policy)


def approval_events() -> list[tuple[str, Any, str]]:
    events = AuditEvent.objects.filter(action=AuditAction.DOCUMENT_APPROVED).order_by("pk")
    return [(event.action, event.actor_id, event.detail["comment"]) for event in events]


def newest_version(page: PolicyPage) -> DocumentVersion:
    return DocumentVersion.objects.get(page=page, major=1, minor=1)


def approve_with_comment_in_editor(
    client: Client, page: PolicyPage, comment: str, **fields: str
) -> Any:
    """What the editor's modal does: collect the comment, then post the edit form with it."""
    task_state = page.current_workflow_task_state
    collected = client.post(
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": comment},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    cleaned_data = collected.json()["cleaned_data"]
    extra_data = json.dumps(cleaned_data)
    return approve_as(client, page, **fields, **{"workflow-action-extra-data": extra_data})


def test_approve_and_publish_records_the_approval(
    login: Callable[[Any], Client], officer: Any, submitted: PolicyPage
) -> None:
    assert approve_as(login(officer), submitted).status_code == 302

    assert approval_events() == [(AuditAction.DOCUMENT_APPROVED, officer.pk, "")]
    assert newest_version(submitted).approved_by == officer


def test_approve_with_comment_and_publish_records_the_approval_and_comment(
    login: Callable[[Any], Client], officer: Any, submitted: PolicyPage
) -> None:
    response = approve_with_comment_in_editor(login(officer), submitted, "Checked the owner.")

    assert response.status_code == 302
    assert approval_events() == [(AuditAction.DOCUMENT_APPROVED, officer.pk, "Checked the owner.")]
    assert newest_version(submitted).approved_by == officer


def test_approving_with_comment_from_the_dashboard_records_the_approval_and_comment(
    login: Callable[[Any], Client], officer: Any, submitted: PolicyPage
) -> None:
    task_state = submitted.current_workflow_task_state

    login(officer).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", task_state.pk]
        ),
        {"comment": "Fine by me."},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert approval_events() == [(AuditAction.DOCUMENT_APPROVED, officer.pk, "Fine by me.")]
    event = AuditEvent.objects.get(action=AuditAction.DOCUMENT_APPROVED)
    assert event.detail["task"] == task_state.task.name
    published = AuditEvent.objects.filter(action=AuditAction.DOCUMENT_PUBLISHED).latest("pk")
    assert published.pk > event.pk


def test_an_approval_is_recorded_when_a_draft_was_saved_during_the_review(
    login: Callable[[Any], Client], officer: Any, engineer: Any, submitted: PolicyPage
) -> None:
    # The workflow publishes the latest draft, not the revision it approved: a draft saved after
    # the submission (by the submitter, or by Wagtail's autosave) is the one that goes live.
    draft = submitted.get_latest_revision_as_object()
    draft.summary = "Saved while in review."
    draft.save_revision(user=engineer)

    response = approve_with_comment_in_editor(
        login(officer), reloaded(submitted), "Approved.", summary="Saved while in review."
    )

    assert response.status_code == 302
    assert newest_version(submitted).summary == "Saved while in review."
    assert approval_events() == [(AuditAction.DOCUMENT_APPROVED, officer.pk, "Approved.")]
    assert newest_version(submitted).approved_by == officer


# Four eyes: what an author of the change is offered, and what she is told


@pytest.fixture
def ciso(db: None) -> Any:
    """A second compliance officer, who may approve what the first one wrote."""
    return UserFactory(
        username="ciso", first_name="Camilla", last_name="Holm", role=Role.COMPLIANCE_OFFICER
    )


@pytest.fixture
def own_submission(login: Callable[[Any], Client], policy: PolicyPage, officer: Any):
    """Version 1.0 live, and the officer's own 1.1 submitted for review."""
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    submit_as(login(officer), reloaded(policy))
    return reloaded(policy)


def offered_actions(client: Client, page: PolicyPage) -> list[str]:
    """The labels of the editor's actions (its footer menu), in the order they are listed."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    menu = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "Actions (footer)"})
    items = menu.select("button[type=submit], button[data-workflow-action-name], a.button")
    return [" ".join(item.get_text(" ").split()) for item in items]


def dashboard_approvals(client: Client, page: PolicyPage) -> list[str]:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return [
        button["data-workflow-action-url"]
        for button in BeautifulSoup(html, "html.parser").select("[data-workflow-action-url]")
        if f"/{page.pk}/approve/" in button["data-workflow-action-url"]
    ]


def test_the_editor_offers_no_approval_to_the_officer_who_submitted(
    login: Callable[[Any], Client], officer: Any, own_submission: PolicyPage
) -> None:
    actions = offered_actions(login(officer), own_submission)

    assert "Approve and Publish" not in actions
    assert "Approve with comment and Publish" not in actions
    assert "Request changes" in actions
    assert "Cancel workflow" in actions


def test_the_editor_offers_approval_to_another_officer(
    login: Callable[[Any], Client], ciso: Any, own_submission: PolicyPage
) -> None:
    actions = offered_actions(login(ciso), own_submission)

    assert "Approve and Publish" in actions
    assert "Approve with comment and Publish" in actions


def test_the_dashboard_offers_no_approval_to_the_officer_who_submitted(
    login: Callable[[Any], Client], officer: Any, own_submission: PolicyPage
) -> None:
    client = login(officer)
    home = text_of(client.get(reverse("wagtailadmin_home")))

    assert "Awaiting your review" in home
    assert dashboard_approvals(client, own_submission) == []


def test_the_dashboard_offers_approval_to_another_officer(
    login: Callable[[Any], Client], ciso: Any, own_submission: PolicyPage
) -> None:
    assert len(dashboard_approvals(login(ciso), own_submission)) == 2  # with and without comment


def test_publishing_straight_away_is_not_offered_under_four_eyes(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage, settings: Any
) -> None:
    client = login(officer)
    assert "Publish" not in offered_actions(client, policy)

    settings.ISMS_FOUR_EYES = False
    assert "Publish" in offered_actions(client, policy)


def test_unpublish_comes_after_publish_in_the_menu(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage, settings: Any
) -> None:
    settings.ISMS_FOUR_EYES = False
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)

    actions = offered_actions(login(officer), policy)

    assert actions.index("Unpublish") == actions.index("Publish") + 1


def test_the_submitter_refused_in_the_editor_is_told_to_ask_another_officer(
    login: Callable[[Any], Client], officer: Any, own_submission: PolicyPage
) -> None:
    response = approve_as(login(officer), own_submission)

    assert response.status_code == 200
    page = text_of(response)
    assert "Ask another officer to review it; you submitted this version." in page
    assert "“Cancel workflow”" in page
    assert "Submit it for review" not in page


def test_the_submitter_refused_on_the_dashboard_is_told_to_ask_another_officer(
    login: Callable[[Any], Client], officer: Any, own_submission: PolicyPage
) -> None:
    task_state = own_submission.current_workflow_task_state

    response = login(officer).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[own_submission.pk, "approve", task_state.pk]
        ),
        {"comment": "Mine, but fine."},
        follow=True,
    )

    assert response.status_code == 200
    assert "Ask another officer to review it; you submitted this version." in text_of(response)
    assert approval_events() == []
    assert reloaded(own_submission).current_workflow_task_state == task_state


def test_an_officer_who_edits_while_approving_is_told_to_approve_as_submitted(
    login: Callable[[Any], Client], officer: Any, submitted: PolicyPage
) -> None:
    response = approve_as(login(officer), submitted, text="The officer's own wording.")

    assert response.status_code == 200
    assert "Approve it as submitted, without changes of your own" in text_of(response)


# What the officer is told once it is published


def messages_after(response: Any) -> list[str]:
    """The messages a page shows, as text without Wagtail's buttons."""
    return [" ".join(str(m.message).split("<")[0].split()) for m in response.context["messages"]]


def test_approving_says_which_version_was_published_and_from_when(
    login: Callable[[Any], Client], officer: Any, submitted: PolicyPage
) -> None:
    client = login(officer)
    client.get(reverse("wagtailadmin_home"))  # the submission's message, read
    approve_as(client, submitted)

    shown = messages_after(client.get(reverse("wagtailadmin_home")))

    assert shown == [
        "Published version 1.1 of Information Security Policy, in force from 1 June 2024."
    ]


def test_approving_from_the_dashboard_says_which_version_was_published(
    login: Callable[[Any], Client], officer: Any, submitted: PolicyPage
) -> None:
    task_state = submitted.current_workflow_task_state
    client = login(officer)
    client.get(reverse("wagtailadmin_home"))  # the submission's message, read
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", task_state.pk]
        ),
        {"comment": ""},
    )

    shown = messages_after(client.get(reverse("wagtailadmin_home")))

    assert shown == [
        "Published version 1.1 of Information Security Policy, in force from 1 June 2024."
    ]


def test_a_refused_approval_announces_no_publication(
    login: Callable[[Any], Client], officer: Any, own_submission: PolicyPage
) -> None:
    task_state = own_submission.current_workflow_task_state
    client = login(officer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[own_submission.pk, "approve", task_state.pk]
        ),
        {"comment": ""},
    )

    shown = messages_after(client.get(reverse("wagtailadmin_home")))

    assert not any(message.startswith("Published version") for message in shown)


def test_publishing_straight_away_says_which_version_was_published(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage, settings: Any
) -> None:
    settings.ISMS_FOUR_EYES = False
    client = login(officer)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[policy.pk]),
        form_data(
            version_number="1.0",
            effective_date="2026-12-03",
            change_summary="First edition.",
            **PUBLISH,
        ),
    )

    shown = messages_after(client.get(reverse("wagtailadmin_home")))

    assert shown == [
        "Published version 1.0 of Information Security Policy, in force from 3 December 2026."
    ]
