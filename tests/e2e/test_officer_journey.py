"""An edit goes from a security engineer, through a compliance officer's approval, to the public."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from policies.models import DocumentVersion
from tests.e2e.conftest import BrowserSession
from tests.e2e.content import sign_in_to_admin
from tests.factories import make_home, make_index, make_policy, publish_version

NEW_SUMMARY = "How we protect information, and who answers for it."
CHANGE_SUMMARY = "Named the owner of the policy."


def footer_actions(page: Page) -> Any:
    return page.get_by_role("navigation", name="Actions (footer)")


@pytest.mark.e2e
def test_an_edit_is_submitted_approved_and_published_as_a_new_version(
    live_server: Any,
    new_browser_session: Callable[[], BrowserSession],
    officer: Any,
    engineer: Any,
) -> None:
    today = timezone.localdate()
    index = make_index(make_home())
    policy = make_policy(index)
    publish_version(
        policy,
        version="1.0",
        effective=today - timedelta(days=60),
        by=officer,
        change_summary="First edition.",
    )
    # Yesterday rather than today, so that the journey passes even if it runs across midnight.
    effective = today - timedelta(days=1)
    edit_url = f"{live_server.url}/admin/pages/{policy.pk}/edit/"
    explorer_url = f"{live_server.url}/admin/pages/{index.pk}/"

    # The security engineer edits the policy and submits it for review.
    engineer_session = new_browser_session()
    editor = engineer_session.page
    sign_in_to_admin(editor, live_server.url, engineer)
    editor.goto(edit_url)
    editor.get_by_role("textbox", name=re.compile(r"^Summary\b")).fill(NEW_SUMMARY)
    editor.get_by_label("Version", exact=True).fill("1.1")
    editor.get_by_label("Effective date", exact=True).fill(effective.isoformat())
    editor.get_by_label("Change summary", exact=True).fill(CHANGE_SUMMARY)
    editor.keyboard.press("Escape")  # close the date picker
    footer_actions(editor).get_by_role("button", name="More actions").click()
    footer_actions(editor).get_by_role("button", name="Submit to Compliance review").click()
    editor.wait_for_url(explorer_url)
    expect(
        editor.get_by_text(f"Page '{policy.title}' has been submitted for moderation.")
    ).to_be_visible()
    engineer_session.console.assert_no_csp_violations()
    assert not DocumentVersion.objects.filter(page=policy, major=1, minor=1).exists(), (
        "a submission must not publish anything before it is approved"
    )

    # The compliance officer approves the submission, which publishes it.
    officer_session = new_browser_session()
    reviewer = officer_session.page
    sign_in_to_admin(reviewer, live_server.url, officer)
    reviewer.goto(edit_url)
    footer_actions(reviewer).get_by_role("button", name="More actions").click()
    approve = footer_actions(reviewer).get_by_role("button", name="Approve and Publish", exact=True)
    expect(approve).to_have_attribute("data-workflow-action-name", "approve")
    with reviewer.expect_request(
        lambda request: request.method == "POST" and request.url == edit_url
    ) as approval:
        approve.click()
    # The workflow's approval, not the plain publish button: the review is recorded as approved.
    form = parse_qs(approval.value.post_data or "")
    assert form.get("action-workflow-action") == ["true"]
    assert form.get("workflow-action-name") == ["approve"]
    reviewer.wait_for_url(explorer_url)
    in_force = f"{effective.day} {effective:%B %Y}"
    announced = f"Published version 1.1 of {policy.title}, in force from {in_force}."
    expect(reviewer.get_by_text(announced)).to_be_visible()
    officer_session.console.assert_no_csp_violations()

    # Anyone can now read version 1.1, with 1.0 kept in the history.
    visitor_session = new_browser_session()
    visitor = visitor_session.page
    visitor.goto(f"{live_server.url}{policy.url}")
    version_bar = visitor.get_by_role("region", name="Version shown")
    expect(version_bar).to_contain_text("Version 1.1")
    expect(version_bar).to_contain_text("Current version")
    expect(version_bar).to_contain_text("approved by Olivia Berg")
    expect(visitor.get_by_text(NEW_SUMMARY)).to_be_visible()
    history = visitor.get_by_role("table", name=re.compile("All published versions"))
    rows = history.get_by_role("row")
    expect(rows).to_have_count(3)  # the header row, 1.1 and 1.0, newest first
    expect(rows.nth(1)).to_contain_text("1.1")
    expect(rows.nth(1)).to_contain_text("Current")
    expect(rows.nth(1)).to_contain_text(CHANGE_SUMMARY)
    expect(rows.nth(2)).to_contain_text("1.0")
    expect(rows.nth(2)).to_contain_text("First edition.")
    visitor_session.console.assert_no_csp_violations()

    version = DocumentVersion.objects.get(page=policy, major=1, minor=1)
    assert version.approved_by == officer
    assert version.approved_by_name == "Olivia Berg"
    assert version.effective_date == effective
    assert version.change_summary == CHANGE_SUMMARY
    assert version.summary == NEW_SUMMARY
