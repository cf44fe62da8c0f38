"""The statistics and home pages in a real browser, on a desktop and a 390 px phone:
the charts draw, nothing scrolls sideways, nothing comes from another host."""

from __future__ import annotations

import pytest
from django.test import TestCase
from playwright.sync_api import expect

from archive.counts.demo import demo_accounts_load, demo_dataset_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def magnitude(db):
    with TestCase.captureOnCommitCallbacks(execute=True):
        demo_accounts_load()
    demo_dataset_load()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/", "/statistics/"])
def test_charts_draw_and_nothing_scrolls_sideways(magnitude, page, size, path):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path)
    expect(page.get_by_text("Voices counted", exact=True).first).to_be_visible()
    expect(page.get_by_text("Accounts shared", exact=True).first).to_be_visible()
    timeline = page.locator("#chart-timeline-month svg")
    box = timeline.bounding_box()
    assert box and box["width"] <= width and box["height"] > 100
    assert page.locator("#chart-timeline-month rect").count() > 10
    # Everything this page adds (main and the footer) fits the width. The header's reflow
    # belongs to the journeys work on base.html, measured by its own tests.
    too_wide = page.evaluate(
        """(width) => [...document.querySelectorAll('main *, footer *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .map(e => e.tagName + '.' + e.className)""",
        width,
    )
    assert too_wide == [], f"{path} at {width}px: {too_wide}"
    if path == "/statistics/":
        assert page.locator("#chart-map-voices path.shade-5").count() >= 1
        assert page.locator("#chart-map-voices path.shade-0").count() > 100  # left blank
        page.get_by_text("The figures as a table").first.click()
        expect(page.locator("#chart-timeline-month table")).to_be_visible()


def test_a_printed_account_has_its_content_notes_first_and_no_navigation(magnitude, page):
    from archive.models import Story

    story = Story.objects.public().order_by("pk").first()
    page.goto(f"/stories/{story.public_id}/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".quick-exit")).to_be_hidden()
    notes = page.get_by_role("heading", name="Before you read")
    body = page.locator(".story-body")
    expect(notes).to_be_visible()  # printed open, after the notes
    expect(body).to_be_visible()
    assert notes.bounding_box()["y"] < body.bounding_box()["y"]


def test_copy_link_copies_the_story_address(magnitude, page, live_server):
    from archive.models import Story

    story = Story.objects.public().order_by("pk").first()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/stories/{story.public_id}/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/stories/{story.public_id}/"
