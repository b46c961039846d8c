"""Browser fixtures for the end-to-end journeys: Debian's Chromium driven by Playwright.

One headless Chromium is shared by the whole session; every test gets fresh browser contexts
(cookies, storage), so journeys never leak sign-ins into each other. Every page records its
console errors, and a journey fails if the browser reported a Content Security Policy violation.

Playwright's sync API and Django in one thread
----------------------------------------------
Between two sync calls, Playwright leaves its event loop marked as *running* in the test thread.
Django reacts to that in two ways:

* it refuses ORM calls ("SynchronousOnlyOperation"), hence DJANGO_ALLOW_ASYNC_UNSAFE below;
* it keeps its database connections in a different registry while a loop runs (asgiref's
  thread-critical Local switches from thread-local to context-local storage). Without care, the
  test thread then opens a second connection to the test database, one that lacks the state
  Django's test machinery attached to the first (the serialized copy of the migrated database
  that `serialized_rollback` restores), and that the live server does not share.

So the loop is marked running only while a journey uses the browser (`new_browser_session`),
and for that time the context-local registry is pointed at the very connections of the
thread-local one. Outside the journeys, no event loop appears to run in the test thread, so the
tests that run after them (async_to_sync, asyncio.run) are not disturbed either.
"""

import asyncio
import contextlib
import os
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Must be set before Django touches the database from a journey; see the module docstring.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    sync_playwright,
)


class OneRequestAtATimeServer(WSGIServer):
    """The live server's WSGI server, answering one request at a time.

    With SQLite the test database lives in memory, and the live server shares the test thread's
    one connection. Django's threaded server would let two browser requests at once (the admin
    fires several: translations, the editing-session ping, the page) use that connection
    together, which fails at random ("no such savepoint", a session half-loaded). Serving them in
    turn costs the journeys nothing noticeable.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATimeServer  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CSP_MARKER = "Content Security Policy"
TIMEOUT_MS = 20_000
SCREENSHOT_DIR = Path("/tmp/e2e-screenshots")  # noqa: S108 - local debugging aid, never committed


@dataclass
class ConsoleLog:
    """The console errors and uncaught page errors one browser page reported."""

    errors: list[str] = field(default_factory=list)

    def record(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error" or CSP_MARKER in message.text:
            self.errors.append(f"{page.url}: {message.text}")

    @property
    def csp_violations(self) -> list[str]:
        return [error for error in self.errors if CSP_MARKER in error]

    def assert_no_csp_violations(self) -> None:
        violations = self.csp_violations
        assert not violations, "The browser reported Content Security Policy violations:\n" + (
            "\n".join(violations)
        )


@dataclass
class BrowserSession:
    """A page in a browser context of its own (its own cookies), and what its console said."""

    context: BrowserContext
    page: Page
    console: ConsoleLog


@dataclass
class PlaywrightRuntime:
    """The shared browser, and the event loop Playwright's sync API drives it with."""

    browser: Browser
    loop: asyncio.AbstractEventLoop

    def attach(self) -> None:
        """Mark Playwright's loop as running in this thread, as its sync calls expect."""
        asyncio._set_running_loop(self.loop)

    def detach(self) -> None:
        """Let the thread look loop-free again while no journey uses the browser."""
        asyncio._set_running_loop(None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report: pytest.TestReport = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def e2e_database(transactional_db: None, django_db_serialized_rollback: None) -> Generator[None]:
    """A real, committing database shared with the live server, reset after every journey.

    Transactions commit (so after-commit work such as PDF rendering runs as in production), and
    the tables are flushed afterwards. The flush also wipes what the data migrations created
    (Wagtail's root page and default site, the role groups, the review workflow), so the
    migrated state is restored from its serialized copy before each journey.

    Protected tables (published versions) are emptied too: the project's `flush` command lifts
    the immutability triggers while it runs (`isms.db.immutability.lifted`).
    """
    yield


@pytest.fixture(scope="session")
def playwright_runtime() -> Generator[PlaywrightRuntime]:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium')."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} CI installs it before the tests, so this is a real failure.")
        pytest.skip(f"{reason} The browser journeys need it: install it to run them.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        runtime = PlaywrightRuntime(browser=browser, loop=asyncio.get_running_loop())
        runtime.detach()
        try:
            yield runtime
        finally:
            runtime.attach()
            browser.close()


@pytest.fixture(scope="session")
def browser(playwright_runtime: PlaywrightRuntime) -> Browser:
    """The headless Chromium shared by every journey in the session."""
    return playwright_runtime.browser


@pytest.fixture
def new_browser_session(
    playwright_runtime: PlaywrightRuntime, request: pytest.FixtureRequest
) -> Generator[Callable[[], BrowserSession]]:
    """Open pages in fresh browser contexts, like separate people on separate machines.

    Every context is closed after the test; if the test failed, each page's last view is saved
    as a screenshot under /tmp/e2e-screenshots. A CSP violation on any page fails the test at
    teardown, even if the test itself did not check for one.
    """
    from django.db import connections

    # Before the loop is marked running: these are the connections Django's test machinery set
    # up (and the live server shares, for an in-memory SQLite database). Keep using them.
    database_connections = {alias: connections[alias] for alias in connections}
    playwright_runtime.attach()
    for alias, connection in database_connections.items():
        connections[alias] = connection

    sessions: list[BrowserSession] = []

    def open_session() -> BrowserSession:
        context = playwright_runtime.browser.new_context(accept_downloads=True, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        console = ConsoleLog()
        page.on("console", lambda message: console.record(page, message))
        page.on("pageerror", lambda error: console.errors.append(f"{page.url}: {error}"))
        session = BrowserSession(context=context, page=page, console=console)
        sessions.append(session)
        return session

    try:
        yield open_session
    finally:
        report = getattr(request.node, "e2e_report_call", None)
        failed = report is not None and report.failed
        for number, session in enumerate(sessions, start=1):
            if failed:
                _screenshot(session.page, request.node.name, number)
            session.context.close()
        playwright_runtime.detach()
    if not failed:
        for session in sessions:
            session.console.assert_no_csp_violations()


def _screenshot(page: Page, test_name: str, number: int) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    # A debugging aid must not hide the real failure.
    with contextlib.suppress(Exception):
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-{number}.png", full_page=True)


@pytest.fixture
def browser_session(new_browser_session: Callable[[], BrowserSession]) -> BrowserSession:
    return new_browser_session()


@pytest.fixture
def page(browser_session: BrowserSession) -> Page:
    """A fresh browser page (its own context: no cookies, nobody signed in)."""
    return browser_session.page


@pytest.fixture
def console(browser_session: BrowserSession) -> ConsoleLog:
    """What the `page` fixture's console reported."""
    return browser_session.console
