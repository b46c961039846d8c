"""The API's browsable docs work in a real browser under the site's Content Security Policy."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog


@pytest.mark.e2e
def test_the_api_docs_render_every_operation_without_a_csp_violation(
    live_server: Any, page: Page, console: ConsoleLog
) -> None:
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/evidence/{id}/revisions/", exact=True)).to_be_visible()
    assert page.locator(".swagger-ui .opblock").count() >= 5
    console.assert_no_csp_violations()
