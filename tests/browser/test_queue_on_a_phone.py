"""The moderation queue on a 390 px phone: each account is a card that names its fields.

Below Django's 767 px breakpoint the queue's table was squeezed into six columns, a letter
per line ("S/u/b/m/i/t/t/e/d"). Now each row is a card (the account link, its content notes
and signals, then "Status", "Language", "Source", "Waiting" each beside its value), the
table head is a bar of sort links beside the select-all box, a link leads to the filters
under the list, and every control is a 44 px target. At 1280 px the table is unchanged, and
fits its box in English and French, sorted or not.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import roles
from archive.vocabulary import Status
from tests.browser.conftest import staff_session_cookie
from tests.browser.test_admin_layout import BROKEN_WORDS
from tests.factories import UserFactory, make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "/" + settings.ADMIN_URL + "archive/story/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Any box that reaches past the right edge of the screen: cut off, or scrolled to.
CUT_OFF = """() => [...document.querySelectorAll("body *")]
  .filter(el => el.getClientRects().length && !el.closest(".visually-hidden, .skip-to-content-link"))
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .map(el => el.tagName.toLowerCase() + "." + el.className)"""
# Any box of the list that reaches past the right edge of the list's own box: the admin
# scrolls the list sideways inside it, so the part past the edge is cut off.
CLIPPED = """() => {
  const box = document.querySelector("#changelist-form .results").getBoundingClientRect();
  return [...document.querySelectorAll("#result_list th, #result_list td, #result_list th *, #result_list td *")]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
    .filter(el => el.getBoundingClientRect().right > box.right + 1)
    .map(el => el.tagName.toLowerCase() + "." + el.className + " " + (el.textContent || "").trim().slice(0, 20));
}"""
# Every control a finger can reach, by the box that takes the tap: a checkbox is ticked
# through the label around it.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, summary, label.action-target")]
  .filter(el => !el.closest("label.action-target") && !el.closest(".skip-to-content-link"))
  .filter(el => el.getClientRects().length)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width < 44 || r.height < 44)
  .map(([el, r]) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.value || "").trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)"""
# Names and an address: the detector's spans give each account a re-identification signal.
BODY = "My manager Paul Martin wrote to me at paul@example.org every night. #MeToo"
LABEL = "(cell) => getComputedStyle(cell, '::before').content"


def _queue() -> list:
    return [
        make_story(status=status, body=BODY, content_notes=["harassment", "stalking"])
        for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.SUBMITTED)
    ]


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_the_queue_on_a_phone_is_a_list_of_cards_that_fit_the_screen(browser, live_server, locale):
    _queue()
    staff = UserFactory(role=roles.SENIOR_MODERATOR)
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport=PHONE)
    context.add_cookies([staff_session_cookie(staff, live_server.url)])
    page = context.new_page()
    try:
        for query in ("", "?queue=all&o=6"):  # the queue, and every account sorted by waiting
            page.goto(QUEUE + query)
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), query
            assert page.evaluate(CUT_OFF) == [], query
            assert page.evaluate(SMALL_TARGETS) == [], query
            assert page.evaluate(BROKEN_WORDS, "#result_list td:not(.field-account)") == []
            assert page.locator("#result_list tbody tr").count() >= 3
    finally:
        context.close()


def test_a_card_names_each_field_and_its_review_link_opens_the_account(staff_page):
    page = staff_page
    page.set_viewport_size(PHONE)
    stories = _queue()
    page.sign_in(roles.SENIOR_MODERATOR)
    page.goto(QUEUE)

    first = stories[0]
    card = page.locator("#result_list tbody tr", has=page.get_by_text(first.public_id))
    # One card, its fields one under the other, each named.
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    for field, label, value in (
        ("status", "Status", "Submitted"),
        ("language", "Language", "en"),
        ("source", "Source", "Web form"),
        ("waiting_since", "Waiting", "minute"),
    ):
        cell = card.locator(f"td.field-{field}")
        expect(cell).to_be_visible()
        expect(cell).to_contain_text(value)
        assert cell.evaluate(LABEL) == f'"{label}"'
    expect(card.locator(".cn-badge", has_text="Sexual harassment")).to_be_visible()
    expect(card.locator(".signal--risk")).to_be_visible()
    link = card.get_by_role("link", name=first.public_id)
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    # The tap reaches the link (nothing covers it) and opens the review page.
    link.click()
    expect(page).to_have_url(re.compile(rf"/archive/story/{first.pk}/change/$"))


def test_on_a_phone_the_queue_still_selects_sorts_and_filters(staff_page):
    page = staff_page
    page.set_viewport_size(PHONE)
    stories = _queue()
    page.sign_in(roles.SENIOR_MODERATOR)
    page.goto(QUEUE)

    # The filters are under the list; the link at the top leads straight to them.
    page.locator(".queue-filters-link a").click()
    expect(page.locator("#changelist-filter")).to_be_in_viewport()

    # A tap anywhere in the 44 px square around a checkbox ticks it.
    target = page.locator("#result_list tbody label.action-target").first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    page.mouse.click(box["x"] + 3, box["y"] + 3)
    expect(page.locator("#result_list tbody input.action-select").first).to_be_checked()
    expect(page.locator(".action-counter")).to_contain_text("1 of 3 selected")

    # A bulk action still runs from the phone.
    page.locator("#result_list thead label.action-target").click()
    page.select_option("select[name=action]", "start_review_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text(stories[0].public_id)

    # The table head is a bar of sort links.
    sort = page.locator("#result_list thead th.sortable a", has_text="Waiting")
    expect(sort).to_be_visible()
    sort.click()
    expect(page).to_have_url(re.compile(r"[?&]o="))
    expect(page.locator("#result_list thead th.sorted .sortremove")).to_be_visible()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_at_desktop_width_the_queue_fits_its_box_sorted_or_not(browser, live_server, locale):
    _queue()
    staff = UserFactory(role=roles.SENIOR_MODERATOR)
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport=DESKTOP)
    context.add_cookies([staff_session_cookie(staff, live_server.url)])
    page = context.new_page()
    try:
        # The queue; every account sorted by waiting (the French "0 minute" was cut off);
        # and sorted by four columns at once, each header with its sort icons.
        for query in ("", "?queue=all&o=6", "?queue=all&o=-6", "?queue=all&o=6.3.4.5"):
            page.goto(QUEUE + query)
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), query
            assert page.evaluate(CUT_OFF) == [], query
            assert page.evaluate(CLIPPED) == [], query
            results = page.locator("#changelist-form .results")
            assert results.evaluate("box => box.scrollWidth <= box.clientWidth"), query
            if "o=" in query:
                expect(page.locator("#result_list thead th.sorted").first).to_be_visible()
    finally:
        context.close()


def test_at_desktop_width_the_queue_stays_a_table_beside_its_filters(staff_page):
    page = staff_page
    page.set_viewport_size(DESKTOP)
    _queue()
    page.sign_in(roles.SENIOR_MODERATOR)
    page.goto(QUEUE)

    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    row = page.locator("#result_list tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
    assert row.locator("td.field-status").evaluate(LABEL) == "none"
    expect(page.locator("#result_list thead th", has_text="Account")).to_be_visible()
    expect(page.locator(".queue-filters-link")).to_be_hidden()
    table = page.locator("#result_list").bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert filters["x"] >= table["x"] + table["width"]  # beside the list, not under it
