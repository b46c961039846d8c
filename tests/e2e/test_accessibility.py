"""Basic accessibility of the public pages, checked in a real browser with the keyboard."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.content import publish_demo_document

# Form controls a person fills in or chooses from; buttons are named by their own text.
FORM_CONTROLS = (
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), "
    "select, textarea"
)
UNLABELLED_CONTROLS_JS = """
(selector) => Array.from(document.querySelectorAll(selector))
    .filter((control) => {
        const labelled = Array.from(control.labels || [])
            .some((label) => label.textContent.trim() !== "");
        return !labelled
            && !(control.getAttribute("aria-label") || "").trim()
            && !control.getAttribute("aria-labelledby");
    })
    .map((control) => control.outerHTML)
"""


def accessibility_problems(page: Page) -> list[str]:
    """What a screen reader or keyboard user would trip over on the page that is open."""
    problems = []
    if not (page.locator("html").get_attribute("lang") or "").strip():
        problems.append("the page does not declare its language (<html lang>)")
    for image in page.locator("img").all():
        if image.get_attribute("alt") is None:
            problems.append(f"image without alt text: {image.evaluate('e => e.outerHTML')}")
    headings = page.get_by_role("heading", level=1).all_inner_texts()
    if len(headings) != 1:
        problems.append(f"expected exactly one h1, found {len(headings)}: {headings}")
    for control in page.evaluate(UNLABELLED_CONTROLS_JS, FORM_CONTROLS):
        problems.append(f"form control without a label: {control}")
    return problems


def assert_skip_link_comes_first(page: Page) -> None:
    """The first Tab lands on the skip link, and following it moves focus to the content."""
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.e2e
def test_home_and_document_pages_are_usable_with_a_keyboard_and_a_screen_reader(
    live_server: Any, page: Page, console: ConsoleLog, officer: Any
) -> None:
    vcdm = publish_demo_document("vcdm", officer=officer)

    problems: dict[str, list[str]] = {}
    for path in ("/", vcdm.url):
        page.goto(f"{live_server.url}{path}")
        assert_skip_link_comes_first(page)
        problems[path] = accessibility_problems(page)

    # The document page has forms (the "as of" date, the two versions to compare); check they
    # were really there, so the label check above was not vacuous.
    expect(page.get_by_label("Date", exact=True)).to_have_attribute("type", "date")
    expect(page.get_by_label("From version", exact=True)).to_be_visible()
    expect(page.get_by_label("to version", exact=True)).to_be_visible()

    assert problems == {"/": [], vcdm.url: []}
    console.assert_no_csp_violations()
