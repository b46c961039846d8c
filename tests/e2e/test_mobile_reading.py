"""A reader on a phone: no page scrolls sideways, and the tools are reachable from the top."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.content import publish_demo_document

PHONE = {"width": 390, "height": 844}


def scroll_widths(page: Page) -> tuple[int, int]:
    width, client_width = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    return width, client_width


@pytest.mark.e2e
def test_no_document_page_scrolls_sideways_on_a_phone(
    live_server: Any, page: Page, officer: Any
) -> None:
    vcdm = publish_demo_document("vcdm", officer=officer)  # versions 1.0, 1.1 and 2.0
    page.set_viewport_size(PHONE)

    for address in (
        vcdm.url,
        f"{vcdm.url}versions/1.0/",
        f"{vcdm.url}as-of/?date=2024-06-30",
        f"{vcdm.url}compare/?older=1.0&newer=2.0",
    ):
        page.goto(f"{live_server.url}{address}")
        width, client_width = scroll_widths(page)
        assert width <= client_width, f"{address} is {width}px wide on a {client_width}px screen"


@pytest.mark.e2e
def test_a_phone_reader_reaches_the_contents_history_and_tools_from_the_top(
    live_server: Any, page: Page, officer: Any
) -> None:
    vcdm = publish_demo_document("vcdm", officer=officer)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{vcdm.url}")

    on_this_page = page.get_by_role("navigation", name="On this page")
    box = on_this_page.bounding_box()
    assert box is not None and box["y"] + box["height"] < 2 * PHONE["height"]
    on_this_page.get_by_role("link", name="Compare versions").click()
    expect(page.get_by_role("heading", name="Compare versions")).to_be_in_viewport()
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Version history")).to_be_in_viewport()

    page.goto(f"{live_server.url}{vcdm.url}")
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Core principles").click()
    expect(page.get_by_role("heading", name="Core principles", level=2)).to_be_in_viewport()
