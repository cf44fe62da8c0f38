from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import QUICK_EXIT_HOST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shift_alone(page, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.down("Shift")
        page.keyboard.up("Shift")


def _type_like_a_person(page, text: str) -> None:
    """Capitals typed the way a person types them: Shift held while the letter is pressed."""
    for ch in text:
        if ch.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(ch)
            page.keyboard.up("Shift")
        else:
            page.keyboard.press(ch if ch != " " else "Space")


def test_pressing_shift_three_times_leaves_and_back_does_not_return(page, live_server):
    page.goto("/")
    _shift_alone(page, 3)
    page.wait_for_url(re.compile(r"bbc\.com"))

    page.go_back()
    # location.replace took the Chorus page out of the history: Back cannot show it again.
    assert live_server.url not in page.url


def test_typing_capitals_never_leaves_the_page(page, live_server):
    page.goto("/search/")
    box = page.get_by_role("searchbox").first
    box.click()
    _type_like_a_person(page, "the NHS and the BBC told ITV")
    page.wait_for_timeout(300)
    assert page.url.startswith(live_server.url)
    assert box.input_value() == "the NHS and the BBC told ITV"


def test_any_other_key_starts_the_count_again_and_the_indicator_shows_it(page, live_server):
    page.goto("/")
    indicator = page.locator("[data-exit-indicator]")
    expect(indicator).to_be_hidden()
    _shift_alone(page, 2)
    expect(indicator).to_be_visible()
    expect(indicator.locator("span.is-lit")).to_have_count(2)
    page.keyboard.press("a")
    expect(indicator).to_be_hidden()
    _shift_alone(page, 2)
    page.wait_for_timeout(300)
    assert page.url.startswith(live_server.url)
    _shift_alone(page, 1)
    page.wait_for_url(re.compile(r"bbc\.com"))


def test_the_quick_exit_button_leaves_at_once(page):
    page.goto("/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(re.compile(r"bbc\.com"))


def test_without_javascript_quick_exit_is_a_plain_link(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(
        re.compile(re.escape(QUICK_EXIT_HOST) + ".*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Weather</p>"),
    )
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("[data-exit-indicator]")).to_be_hidden()
        page.get_by_role("link", name="Quick exit").click()
        page.wait_for_url(re.compile(r"bbc\.com"))
    finally:
        context.close()


def test_keyboard_users_reach_a_quick_exit_link_first_inside_the_banner(page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Leave this site now"
    assert page.evaluate("!!document.activeElement.closest('header')")


def test_the_leaving_quickly_page_is_linked_beside_the_exit(page):
    page.goto("/")
    page.locator(".exit-this-page").get_by_role("link", name="Leaving quickly").click()
    expect(
        page.get_by_role("heading", name="Leaving quickly and covering your tracks")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Private browsing")).to_be_visible()
    expect(page.get_by_role("heading", name="What Chorus stores on your device")).to_be_visible()


# Every Content-Security-Policy refusal on the page, as the browser reports it (an init
# script runs before the page's own and is not subject to its CSP).
RECORD_CSP_VIOLATIONS = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_api_docs_have_the_quick_exit_and_the_csp_refuses_nothing_they_load(page, width):
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.set_viewport_size({"width": width, "height": 844})

    page.goto("/api/docs/")
    # Swagger UI ran and drew the schema's operations.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    quick_exit = page.get_by_role("link", name="Quick exit")
    expect(quick_exit).to_be_in_viewport()
    assert page.evaluate("window.cspViolations") == []
    assert console == []

    # The page's own script runs too: Shift three times leaves, as on every page.
    _shift_alone(page, 3)
    page.wait_for_url(re.compile(r"bbc\.com"))


def test_the_api_docs_quick_exit_button_leaves_at_once(page):
    page.goto("/api/docs/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(re.compile(r"bbc\.com"))
