"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

When CI is set, a missing browser is an error; elsewhere the browser tests
are skipped with a message saying how to install it."""

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.accessibility import AuditedPage, Auditor

AUDITED = {"pages": 0}

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(os.environ.get("CASEBOOK_SCREENSHOTS", "test-artifacts/screenshots"))

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body (building data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    violations = []
    # Every page must work under our Content-Security-Policy: a blocked
    # script, style or image shows up as a console error and fails the test.
    context.on("console", lambda msg: violations.append(msg.text)
               if msg.type == "error" and "Content Security Policy" in msg.text else None)
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: CI machines are busy
    auditor = Auditor(live_server.url)
    yield AuditedPage(page, auditor)
    auditor.finish()
    context.close()
    AUDITED["pages"] += auditor.pages
    assert not violations, violations
    assert not auditor.problems, "axe-core:\n" + "\n".join(auditor.problems)


def pytest_terminal_summary(terminalreporter):
    if AUDITED["pages"]:
        terminalreporter.write_line(f"axe-core checked {AUDITED['pages']} pages, each at 1280 and 390 px")


@pytest.fixture
def audited(page):
    """Wrap another page the test opens (a second tab, a second person) so that axe-core checks it too."""
    return lambda other: AuditedPage(other, page._auditor)


@pytest.fixture
def screenshot(page):
    def take(name: str, on=None):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (on or page).screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    return take


def log_in(page, username, password="pw-for-tests-123"):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
