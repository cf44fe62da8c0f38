"""The review page in a browser: what a moderator does after reading the original is saved."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import roles
from archive.models import ModerationEvent, Redaction
from archive.vocabulary import Decision, RedactionKind, RedactionSource, Status
from tests.factories import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Action = ModerationEvent.Action
BODY = "My coach Hugo Brennan kept me after training at the Alder Street gym. #MeToo"


def test_decisions_and_notes_made_after_showing_the_original_are_saved(staff_page):
    page = staff_page
    page.sign_in(roles.SENIOR_MODERATOR)
    story = make_story(status=Status.IN_REVIEW, body=BODY)
    story.redactions.all().delete()
    start = BODY.index("Hugo Brennan")
    span = Redaction.objects.create(
        story=story,
        start=start,
        end=start + len("Hugo Brennan"),
        kind=RedactionKind.NAME,
        source=RedactionSource.AUTOMATIC,
        decision=Decision.PENDING,
    )

    page.goto(f"/{settings.ADMIN_URL}archive/story/{story.pk}/change/")
    page.get_by_role("button", name="Show the original text").click()
    page.wait_for_url(re.compile(r"/original/$"))
    expect(page.locator("#original-text")).to_contain_text("Hugo Brennan")

    # Decide the span from the page that shows the original.
    page.locator("tr.redaction-row").first.get_by_label("Hidden").check()
    page.get_by_role("button", name="Save these decisions").click()
    expect(page.get_by_text("1 decision saved.")).to_be_visible()
    span.refresh_from_db()
    assert span.decision == Decision.ACCEPTED

    # Reveal again, then add a note from that page.
    page.get_by_role("button", name="Show the original text").click()
    page.get_by_role("textbox", name="Internal note").fill("Checked the name against the original.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()

    assert story.events.filter(action=Action.NOTE).count() == 1
    assert story.events.filter(action=Action.VIEW_ORIGINAL).count() == 2

    # Publish looks different from the decisions that refuse or remove.
    def background(action: str) -> str:
        button = page.locator(f".moderation-action--{action} input[type=submit]")
        return button.evaluate("b => getComputedStyle(b).backgroundColor")

    assert background("publish") != background("reject")
    assert background("publish") != background("erase")
