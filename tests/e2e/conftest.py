"""Browser end-to-end tests: Debian's Chromium driven by Playwright, against a live portal that
talks to the live sandbox. Never a downloaded browser: where /usr/bin/chromium is missing the
tests skip with a message, and fail in CI (CI=true), where `make test` installs it.
"""

import os
import shutil

import pytest
from django.test.testcases import QuietWSGIRequestHandler

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; the test database is still used
# synchronously by the live server thread and fixtures, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Debian's chromium is not installed ({CHROMIUM}); `make test` installs it where it can."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " Browser tests must run in CI.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def portal_url(live_server, carecloud):
    """The live portal (pytest-django's live_server) pointed at the live sandbox."""
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


LOCALES = {"en": "en-GB", "cs": "cs-CZ"}


@pytest.fixture
def phone_page(browser):
    """``phone_page(lang="en", javascript=True, **options)``: a page of its own browser context at
    390 × 844 in the language's locale, with or without JavaScript (``options``: more of
    Playwright's context options, e.g. a geolocation); every context is closed afterwards."""
    contexts = []

    def open_page(lang="en", javascript=True, **options):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale=LOCALES[lang],
                                      java_script_enabled=javascript, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for context in contexts:
        context.close()


# The live server answers a browser's kept-alive connections with Django's request handler, which
# writes an answer's headers and body apart: with Nagle's algorithm the body waits for the browser's
# delayed acknowledgement of the headers, some 40 ms per request (the sandbox's server turns it off
# too: portal/sandbox/management/commands/runsandbox.py).
QuietWSGIRequestHandler.disable_nagle_algorithm = True
