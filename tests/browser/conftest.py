"""Playwright (sync API) driving Debian's Chromium against pytest-django's live_server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
QUICK_EXIT_HOST = "https://www.bbc.com/"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (bin/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    # The machine has no outside network: answer the quick-exit destination locally, and
    # refuse any other outside request (a page must never make one).
    outside: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(live_server.url):
            return route.continue_()
        if url.startswith(QUICK_EXIT_HOST):
            return route.fulfill(status=200, content_type="text/html", body="<p>Weather</p>")
        outside.append(url)
        return route.abort()

    context.route("**/*", handle)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.outside_requests = outside
    yield page
    context.close()
    assert not outside, f"the page requested other hosts: {outside}"
