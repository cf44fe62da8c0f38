"""The moderation queue on a 1280 px screen: every cell and header keeps its words whole.

The queue's cells may break anywhere so that the table fits beside the admin's sidebar and
filters; at desktop width that broke "Submitted" as "Sub/mitte/d" and "Language" as
"LA/NG/UA/GE". Only the account column (public ids) may still break inside a word.
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
# Every word of the given cells whose text is laid out on more than one line.
BROKEN_WORDS = """() => {
  const broken = [];
  const cells = document.querySelectorAll(
    "#result_list th:not(.column-account), #result_list td:not(.field-account)");
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
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
            assert page.evaluate(BROKEN_WORDS) == [], query
            assert not page.evaluate(CLIPPED), query
    finally:
        context.close()
