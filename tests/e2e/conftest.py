"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Each module sets `pytestmark = pytest.mark.e2e`; `make test` skips that marker, `make test-e2e` runs it.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("DISPATCHDESK_CHROMIUM", "/usr/bin/chromium")
# The closed network refuses Chromium's background connections; these flags keep it quiet.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("DISPATCHDESK_E2E_ARTIFACTS", "test-results"))
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (fixtures creating rows) are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run .ci/ensure-chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, transactional_db: None) -> Iterator[Page]:
    # After the database (set up first, torn down last): the page and its live stream, which would
    # reconnect and query, are closed before the test's rows are flushed.
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    close_quietly(context)


@pytest.fixture
def phone(browser: Browser, transactional_db: None) -> Iterator[Page]:
    """A phone's screen (390 px) with touch, after the database like `page`."""
    context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    close_quietly(context)


def close_quietly(context: BrowserContext) -> None:
    """Close the pages with every request they still make refused: a ticket page says "left" as it
    closes, and that request must not reach the live server while the test's rows are flushed (the
    server's thread and the test share SQLite's connection)."""
    context.route("**/*", lambda route: route.abort())
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Sign in through the login page and wait until it has moved on to the user's start page."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
