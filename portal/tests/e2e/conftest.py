"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
`live_server`.

Every test in this folder is marked ``e2e`` automatically, so ``pytest -m "not e2e"`` runs
the fast suite and ``pytest -m e2e`` only these. Without ``/usr/bin/chromium`` they skip
with the reason (they fail instead when ``CRM_E2E_REQUIRED`` is set, as in ``.ci/run``).
Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse every ORM
# call made from there (SynchronousOnlyOperation). Must be set before any test runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = E2E_DIR.parents[2] / "artifacts" / "screenshots"
LOGIN_PATH = "/login/"
TIMEOUT_MS = 15_000


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's browser with "
            "`apt-get update && apt-get install -y chromium` to run the browser tests"
        )
        if os.environ.get("CRM_E2E_REQUIRED"):  # set by .ci/run: never pass by skipping
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(page, live_server, transactional_db) -> Callable:
    """``sign_in(email, password)``: submit the real login form; returns the page after it."""

    def _sign_in(email: str, password: str):
        page.goto(f"{live_server.url}{LOGIN_PATH}")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        return page

    return _sign_in


@pytest.fixture
def signed_in_page(sign_in) -> Callable:
    """``signed_in_page(user_email, password)`` -> the page, signed in and on Home."""

    def _signed_in_page(user_email: str, password: str):
        page = sign_in(user_email, password)
        if page.url.rstrip("/").endswith(LOGIN_PATH.rstrip("/")):
            pytest.fail(f"sign-in as {user_email} failed; still on {page.url}")
        return page

    return _signed_in_page


@pytest.fixture
def screenshot(page) -> Callable:
    """``screenshot(name)``: save a full-page PNG of the current page under artifacts/."""

    def _screenshot(name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / (name if name.endswith(".png") else f"{name}.png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return _screenshot
