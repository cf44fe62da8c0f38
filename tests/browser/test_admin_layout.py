"""Admin tables keep their words whole.

The queue's cells may break anywhere so that the table fits beside the admin's sidebar and
filters; at desktop width that broke "Submitted" as "Sub/mitte/d" and "Language" as
"LA/NG/UA/GE". Only the account column (public ids) may still break inside a word. On a
phone the review page's tables scroll sideways instead of one letter per line.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from accounts import roles
from archive.vocabulary import Status
from tests.browser.conftest import staff_session_cookie
from tests.factories import UserFactory, make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "/" + settings.ADMIN_URL
# Every word of the given cells laid out on more than one line (a break at a hyphen is fine).
BROKEN_WORDS = """(selector) => {
  const broken = [];
  const cells = document.querySelectorAll(selector);
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
QUEUE_CELLS = "#result_list th:not(.column-account), #result_list td:not(.field-account)"
CLIPPED = "() => [...document.querySelectorAll('.results')].some(el => el.scrollWidth > el.clientWidth + 1)"


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_the_queue_keeps_words_whole_at_desktop_width(browser, live_server, locale):
    for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED):
        make_story(status=status, content_notes=["harassment", "stalking"])
    staff = UserFactory(role=roles.SENIOR_MODERATOR)
    context = browser.new_context(
        base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
    )
    context.add_cookies([staff_session_cookie(staff, live_server.url)])
    page = context.new_page()
    try:
        for query in ("", "?queue=all"):
            page.goto(f"{ADMIN}archive/story/{query}")
            assert page.locator("#result_list tbody tr").count() >= 2
            assert page.evaluate(BROKEN_WORDS, QUEUE_CELLS) == [], query
            assert not page.evaluate(CLIPPED), query
    finally:
        context.close()


def test_the_review_page_tables_scroll_on_a_phone_instead_of_breaking_words(browser, live_server):
    story = make_story(
        status=Status.SUBMITTED, body="My manager Paul Martin wrote to me at paul@example.org."
    )
    staff = UserFactory(role=roles.SENIOR_MODERATOR)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    context.add_cookies([staff_session_cookie(staff, live_server.url)])
    page = context.new_page()
    try:
        page.goto(f"{ADMIN}archive/story/{story.pk}/change/")
        assert page.locator(".redaction-table tbody tr").count() >= 2
        assert page.evaluate(BROKEN_WORDS, ".review th, .review td") == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
