"""Every public, contributor, account and admin page, in English and French, on a desktop
and on a 390 px phone: no horizontal scrolling on the phone (WCAG 1.4.10 reflow) and no
critical or serious axe-core violation anywhere.

One live server, one browser, and one sweep over all pages per language and screen size:
the browser suite has a time budget (docs/accessibility.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from accounts import roles
from archive.models import Report
from archive.stories import services
from archive.vocabulary import ReportReason, Status
from tests.browser.conftest import staff_session_cookie
from tests.factories import UserFactory, make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ADMIN = "/" + settings.ADMIN_URL


def _site() -> dict[str, list[str]]:
    """The data every page needs, and the pages each persona reaches."""
    contributor = UserFactory(role=roles.CONTRIBUTOR)
    published = make_story(status=Status.PUBLISHED, title="After the party", year=2017)
    mine = make_story(status=Status.SUBMITTED, contributor=contributor, title="My own")
    services.story_draft_save(
        body="My manager Paul Martin wrote to paul@example.org. #MeToo", contributor=contributor
    )
    Report.objects.create(story=published, reason=ReportReason.choices[0][0])
    pid, mine_id = published.public_id, mine.public_id
    return {
        "anonymous": [
            "/",
            "/stories/",
            f"/stories/{pid}/",
            f"/stories/{pid}/report/",
            f"/stories/{pid}/report/sent/",
            "/search/",
            "/search/?q=party",
            "/statistics/",
            "/leaving-quickly/",
            "/support/",
            "/support/?country=FR",
            "/no-such-page/",
            "/contribute/",
            "/contribute/write/",
            "/contribute/return/",
            "/contribute/import/",
            "/accounts/signup/",
            "/accounts/login/",
            "/accounts/password-reset/",
            f"{ADMIN}login/",
        ],
        "contributor": [
            "/contribute/anonymise/",
            "/contribute/consent/",
            f"/contribute/mine/{mine_id}/",
            f"/contribute/mine/{mine_id}/edit/",
            f"/contribute/mine/{mine_id}/anonymise/",
            f"/contribute/mine/{mine_id}/consent/",
            f"/contribute/mine/{mine_id}/withdraw/",
            f"/contribute/mine/{mine_id}/erase/",
            "/accounts/",
            "/accounts/delete/",
        ],
        "staff": [
            ADMIN,
            f"{ADMIN}archive/story/",
            f"{ADMIN}archive/story/{published.pk}/change/",
            f"{ADMIN}archive/story/{mine.pk}/change/",
            f"{ADMIN}archive/story/wellbeing/",
            f"{ADMIN}archive/moderationevent/",
            f"{ADMIN}archive/consentrecord/",
            f"{ADMIN}archive/report/",
        ],
    }, {"contributor": contributor}


def _contexts(browser, live_server, users, *, locale):
    contexts = {}
    for persona in ("anonymous", "contributor", "staff"):
        context = browser.new_context(base_url=live_server.url, locale=locale, viewport=DESKTOP)
        # Injected before any page script, in every page (not an inline script: CSP allows it).
        context.add_init_script(path=str(AXE))
        if persona == "contributor":
            context.add_cookies(
                [staff_session_cookie(users["contributor"], live_server.url, otp=False)]
            )
        elif persona == "staff":
            staff = UserFactory(role=roles.SENIOR_MODERATOR)
            context.add_cookies([staff_session_cookie(staff, live_server.url)])
        contexts[persona] = context
    return contexts


# On the phone, the rules whose outcome depends on the layout; every rule runs on the
# desktop. Running all of them twice would double the suite's longest test for nothing.
PHONE_RULES = [
    "target-size",
    "color-contrast",
    "link-in-text-block",
    "scrollable-region-focusable",
    "meta-viewport",
    "meta-viewport-large",
    "region",
    "landmark-one-main",
    "nested-interactive",
    "label",
    "button-name",
    "link-name",
]
AXE_RUN = """async (rules) => {
  const options = {resultTypes: ["violations"]};
  if (rules) { options.runOnly = {type: "rule", values: rules}; }
  const result = await axe.run(document, options);
  return result.violations
    .filter(v => v.impact === "critical" || v.impact === "serious")
    .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
}"""
# A table box the Django admin lets scroll sideways: at desktop width nothing may be cut off.
CLIPPED = """() => [...document.querySelectorAll(".results, .review table")]
  .filter(el => el.scrollWidth > el.clientWidth + 1)
  .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`)"""
OVERFLOW = """() => {
  const wide = document.documentElement.scrollWidth;
  const culprits = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return [wide, culprits];
}"""


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_every_page_reflows_on_a_phone_and_has_no_serious_accessibility_violation(
    browser, live_server, locale
):
    pages, users = _site()
    problems: list[str] = []
    contexts = _contexts(browser, live_server, users, locale=locale)
    try:
        for persona, urls in pages.items():
            page = contexts[persona].new_page()
            for url in urls:
                problems.extend(_check(page, url, f"{locale} {persona} {url}"))
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, "\n".join(problems)


def _check(page, url: str, where: str) -> list[str]:
    """Load `url` once on a desktop, then narrow the same page to a phone's width."""
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    problems = [f"{where} desktop: {v}" for v in page.evaluate(AXE_RUN, None)]
    problems.extend(f"{where} desktop: clipped {v}" for v in page.evaluate(CLIPPED))
    page.set_viewport_size(PHONE)
    width, culprits = page.evaluate(OVERFLOW)
    if width > PHONE["width"]:
        problems.append(f"{where} phone: {width}px wide; {culprits}")
    problems.extend(f"{where} phone: {v}" for v in page.evaluate(AXE_RUN, PHONE_RULES))
    return problems
