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


def staff_session_cookie(user, live_server_url: str, *, otp: bool = True) -> dict:
    """A signed-in (for staff, OTP-verified) session for `user`, as a browser cookie.

    The TOTP sign-in itself is driven through the browser in test_moderation_journey.py;
    other admin tests start signed in, which keeps the browser suite fast.
    """
    import time
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.otp import SESSION_STARTED_KEY, totp_device_create

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if otp:
        session[DEVICE_ID_SESSION_KEY] = totp_device_create(user).persistent_id
        session[SESSION_STARTED_KEY] = int(time.time())
    session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": session.session_key,
        "url": live_server_url,
    }


@pytest.fixture
def staff_page(page, live_server):
    """`page`, with a function that signs it in as a staff member of a given role."""
    from tests.factories import UserFactory

    def sign_in(role, **fields):
        user = UserFactory(role=role, **fields)
        page.context.add_cookies([staff_session_cookie(user, live_server.url)])
        return user

    page.sign_in = sign_in
    return page
