"""A visitor reads and searches the archive in a real browser, with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_visitor_without_javascript_searches_filters_reads_and_hides(no_js_page):
    page = no_js_page
    make_story(
        status=Status.PUBLISHED,
        title="The storeroom",
        body="My manager cornered me in the storeroom after the late shift.",
        country="FR",
        setting="workplace",
        content_notes=["harassment"],
    )
    make_story(
        status=Status.PUBLISHED,
        title="The coach",
        body="My coach kept me behind after training in the storeroom.",
        country="IT",
        setting="sport",
        content_notes=["stalking"],
    )
    make_story(status=Status.SUBMITTED, title="Not yet", body="storeroom not yet published")

    page.goto("/")
    page.get_by_role("searchbox", name="Search the accounts").fill("storeroom")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=storeroom*")
    expect(page.get_by_role("heading", name="2 accounts found")).to_be_visible()
    assert page.locator(".snippet mark").first.inner_text().lower() == "storeroom"
    assert "Not yet" not in page.content()

    page.get_by_text("Filters", exact=True).click()  # <details> opens without JavaScript
    page.get_by_label("Sport").check()
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="1 account found")).to_be_visible()
    expect(page.get_by_role("link", name="The coach")).to_be_visible()

    page.get_by_role("link", name="The coach").click()
    page.wait_for_url("**/stories/*/")
    notes = page.get_by_role("heading", name="Before you read")
    expect(notes).to_be_visible()
    expect(page.get_by_text("Stalking")).to_be_visible()
    expect(page.get_by_text("My coach kept me behind")).to_be_hidden()
    page.get_by_text("Read this account", exact=True).click()
    expect(page.get_by_text("My coach kept me behind")).to_be_visible()
    expect(page.get_by_role("link", name="Report this account")).to_be_visible()

    page.goto("/stories/")
    page.get_by_text("Hide accounts with some content notes").click()
    page.get_by_label("Stalking").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="The storeroom")).to_be_visible()
    expect(page.get_by_role("link", name="The coach")).to_have_count(0)

    page.goto("/search/?q=storeroom")  # remembered for the visit
    expect(page.get_by_role("heading", name="1 account found")).to_be_visible()


def test_statistics_page_reads_as_tables(no_js_page, settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 1}
    make_story(status=Status.PUBLISHED, country="FR", setting="workplace", year=2017)

    no_js_page.goto("/statistics/")

    table = no_js_page.get_by_role("table", name="By setting")
    expect(table.get_by_role("row", name="Workplace 1")).to_be_visible()
