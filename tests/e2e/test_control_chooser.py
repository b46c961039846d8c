"""Choosing controls for evidence: search by reference or title, add to the preselected control."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evidence.models import Evidence
from tests.e2e.conftest import BrowserSession
from tests.e2e.content import sign_in_to_admin
from tests.factories import ControlFactory


@pytest.mark.e2e
def test_an_engineer_searches_and_adds_a_second_control_to_the_preselected_one(
    live_server: Any,
    new_browser_session: Callable[[], BrowserSession],
    engineer: Any,
    annex_a_control: Any,
) -> None:
    framework = annex_a_control.framework
    ControlFactory(framework=framework, ref="A.8.24", title="Use of cryptography")
    ControlFactory(framework=framework, ref="A.8.25", title="Secure development life cycle")
    session = new_browser_session()
    page = session.page
    sign_in_to_admin(page, live_server.url, engineer)

    page.goto(f"{live_server.url}/admin/evidence/new/?control={annex_a_control.pk}")
    chips = page.locator(".searchable-select__chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("A.8.8 Management of technical vulnerabilities")
    expect(page.locator("select#id_controls")).to_be_hidden()

    search = page.get_by_role("combobox", name=re.compile("Add a control"))
    search.fill("crypto")
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    options.first.click()
    expect(chips).to_have_count(2)
    expect(chips.nth(1)).to_contain_text("A.8.24 Use of cryptography")
    search.fill("A.8.2")
    expect(options).to_have_count(1)  # A.8.24 is chosen already: only A.8.25 is left to add
    expect(options.first).to_contain_text("A.8.25")
    search.fill("")

    today = timezone.localdate()
    page.get_by_label("Title").fill("Key rotation log")
    for label, day in (
        ("Covers from", today - timedelta(days=31)),
        ("Covers until", today - timedelta(days=1)),
    ):
        page.get_by_label(label).fill(day.isoformat())
        page.get_by_label(label).press("Escape")
    page.get_by_role("radio", name="Note").check()
    page.get_by_role("textbox", name="Note").fill(
        "Rotated every signing key; log attached in the vault."
    )
    page.get_by_role("button", name="Submit for review").press("Enter")

    expect(page.get_by_text("a compliance officer will review it")).to_be_visible()
    evidence = Evidence.objects.get()
    assert sorted(control.ref for control in evidence.controls.all()) == ["A.8.24", "A.8.8"]
    session.console.assert_no_csp_violations()
    assert session.console.errors == []
