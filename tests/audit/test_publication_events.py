"""Publishing a document version, directly or through review, leaves events in the audit trail."""

from datetime import date
from typing import Any

import pytest
from django.test import RequestFactory

from isms.audit.content import record_content_sha256
from isms.audit.context import _current_request
from isms.audit.models import AuditEvent
from policies.models import DocumentVersion, PolicyPage
from tests.factories import publish_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_pdf")]


def test_it_records_a_direct_publication_with_the_approver_and_the_version(
    policy: PolicyPage, officer: Any
) -> None:
    version = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)

    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_name) == (
        "document.published",
        officer.pk,
        "Olivia Berg",
    )
    assert (event.target_type_label, event.target_id) == (
        "policies.documentversion",
        str(version.pk),
    )
    assert event.target_label == "Information Security Policy, version 1.0"
    assert event.detail == {
        "version": "1.0",
        "effective_date": "2024-01-01",
        "page_id": policy.pk,
        "revision_id": version.revision_id,
        "approved_by": "Olivia Berg",
        "authors": ["Erik Lund"],
        "content_sha256": record_content_sha256(version),
    }


def test_it_records_the_review_approval_before_the_publication(
    policy: PolicyPage, engineer: Any, officer: Any
) -> None:
    page = PolicyPage.objects.get(pk=policy.pk)
    page.version_number, page.effective_date, page.change_summary = "1.0", date(2024, 1, 1), "New."
    page.save_revision(user=engineer)
    workflow_state = page.get_workflow().start(page, engineer)

    workflow_state.current_task_state.approve(user=officer, comment="Looks right.")

    version = DocumentVersion.objects.get(page=policy)
    approved, published = AuditEvent.objects.order_by("sequence")
    assert (approved.action, approved.actor_id, approved.target_id) == (
        "document.approved",
        officer.pk,
        str(version.pk),
    )
    assert approved.detail["task"] == "Compliance officer approval"
    assert approved.detail["comment"] == "Looks right."
    assert (published.action, published.actor_id) == ("document.published", officer.pk)


def test_it_records_the_address_of_the_request_that_published(
    policy: PolicyPage, officer: Any
) -> None:
    token = _current_request.set(RequestFactory().post("/", REMOTE_ADDR="192.0.2.44"))
    try:
        publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    finally:
        _current_request.reset(token)

    assert AuditEvent.objects.get().ip_address == "192.0.2.44"
