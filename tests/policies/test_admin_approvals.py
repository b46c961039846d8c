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
from django.test import Client
from django.urls import reverse

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from policies.models import DocumentVersion, PolicyPage
from tests.factories import publish_version
from tests.policies.test_admin_publishing import approve_as, reloaded, submit_as

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
