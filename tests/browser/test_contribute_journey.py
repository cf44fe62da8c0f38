"""The whole web journey in headless Chromium: write, hide details, consent, keep the claim
code, leave with quick exit, come back with the code, and withdraw."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from archive.anonymise.render import render_story
from archive.models import Story
from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "My manager Paul Martin followed me after work for months. He wrote to me at "
    "paul.martin@example.org when I asked him to stop."
)


@pytest.fixture(scope="module", autouse=True)
def _detectors_loaded():
    # The detectors and the language model load on first use (seconds); load them before
    # the browser waits on a page, so the timeouts measure the pages, not the loading.
    from archive.anonymise.detect import detect
    from archive.stories.services import language_guess

    detect("Warm up, Paul, paul@example.org", "en")
    language_guess("Warming up the language detector with a sentence.")


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    # A browser robot fills the form in milliseconds; the spam check is tested elsewhere.
    settings.CHORUS = {**settings.CHORUS, "MIN_FILL_SECONDS": 0}


def test_a_contributor_shares_an_account_leaves_and_comes_back_with_the_claim_code(
    page, browser, live_server
):
    page.goto("/")
    page.get_by_role("link", name="Share your account").click()
    page.get_by_role("heading", name="Share your account").wait_for()
    page.get_by_role("link", name="Start writing").click()

    # Write: a missing account is refused with a message on the field, nothing lost.
    page.get_by_label("Title (optional)").fill("After work")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("alert").wait_for()
    assert "Please write your account" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Title (optional)").input_value() == "After work"

    page.get_by_label("Your account").fill(BODY)
    page.get_by_label("Sexual harassment").check()
    page.get_by_role("button", name="Save and continue").click()

    # Anonymise: the e-mail address is found and highlighted; hide it, name a role.
    page.get_by_role("heading", name="Choose what to hide").wait_for()
    assert page.locator("mark", has_text="paul.martin@example.org").count() == 1
    page.get_by_label("Other words to hide").fill("Paul Martin = my manager")
    page.get_by_role("button", name="Update the preview").click()
    preview = page.locator("#preview article").inner_text()
    assert "my manager" in preview.lower()  # the role, not repeated where the text says it
    assert "Paul Martin" not in preview
    assert "paul.martin@example.org" not in preview
    page.get_by_role("button", name="Save and continue to consent").click()

    # Consent: nothing is ticked; choose publish and statistics only.
    page.get_by_role("heading", name="Your consent").wait_for()
    boxes = page.locator("input[type=checkbox]")
    assert boxes.count() == 5
    assert all(not boxes.nth(i).is_checked() for i in range(5))
    page.locator("input[name=publish]").check()
    page.locator("input[name=statistics]").check()
    page.get_by_role("button", name="Continue").click()

    # Check your answers: nothing sent yet; the choices are listed, then sent.
    page.get_by_role("heading", name="Check your answers before sending").wait_for()
    assert Story.objects.get().status == Status.DRAFT
    page.get_by_role("button", name="Send my account").click()

    # Confirmation: the claim code, once.
    page.get_by_role("heading", name="Thank you. Your account has been sent.").wait_for()
    code = page.locator("#claim-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{1,5}){5}", code)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the consent receipt").click()
    assert download.value.suggested_filename.startswith("chorus-consent-")

    story = Story.objects.get()
    assert story.status == Status.SUBMITTED
    assert "my manager" in render_story(story)[1].lower()

    # Quick exit: three presses of Shift, and Back does not return to Chorus.
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(re.compile(r"bbc\.com"))

    # Later, on another browser, with only the claim code.
    later = browser.new_context(base_url=live_server.url, locale="en-GB")
    later.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    other = later.new_page()
    other.goto("/")
    other.get_by_role("link", name="Return to your account").click()
    other.get_by_label("Your claim code").fill("WRONG-CODE")
    other.get_by_role("button", name="Open my account").click()
    assert "could not open an account" in other.get_by_role("alert").inner_text()
    other.get_by_label("Your claim code").fill(code.lower())
    other.get_by_role("button", name="Open my account").click()
    other.get_by_role("heading", name="Your account").wait_for()
    assert "Submitted" in other.locator(".status-summary").inner_text()

    # Withdraw it.
    other.get_by_role("link", name="Withdraw your account").click()
    other.get_by_role("button", name="Withdraw my account").click()
    other.get_by_text("no longer visible anywhere").wait_for()
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    later.close()


def test_the_journey_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/contribute/write/")
    page.get_by_label("Your account").fill(BODY)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue to consent").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my account").click()
    page.get_by_role("heading", name="Thank you. Your account has been sent.").wait_for()
    # A button that needs JavaScript is not offered without it (it did nothing when pressed).
    expect(page.get_by_role("button", name="Copy the code")).to_be_hidden()
    story = Story.objects.get()
    assert story.status == Status.SUBMITTED
    assert not story.current_consent().publish  # nothing ticked, nothing assumed
    page.goto(f"/stories/{make_story(status=Status.PUBLISHED).public_id}/")
    page.get_by_role("link", name="link to this account").wait_for()
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    context.close()


def test_back_forward_and_reload_after_sending_never_send_a_form_again(page):
    page.goto("/contribute/write/")
    page.get_by_label("Your account").fill(BODY)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue to consent").click()
    page.locator("input[name=publish]").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers before sending").wait_for()
    page.get_by_role("button", name="Send my account").click()
    page.get_by_role("heading", name="Thank you. Your account has been sent.").wait_for()
    code = page.locator("#claim-code").inner_text().strip()
    sent_url = page.url

    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    def received():
        page.get_by_role("heading", name="Your account has been received").wait_for()
        assert code not in page.content()
        assert page.locator("#claim-code").count() == 0

    # Back: "Check your answers" was fetched with GET, so nothing is sent again (headless
    # Chromium re-sends a form silently where a person would see "Confirm Form
    # Resubmission"); the account is sent, so the page says it was received.
    response = page.go_back()
    assert response is not None and response.ok
    received()
    response = page.go_back()
    assert response is not None and response.ok
    received()
    response = page.go_forward()
    assert response is not None and response.ok
    received()
    page.goto(sent_url)
    received()
    response = page.reload()
    assert response is not None and response.ok
    received()

    assert posts == []
    story = Story.objects.get()
    assert story.status == Status.SUBMITTED
    page.get_by_role("link", name="See your account").click()
    page.get_by_role("heading", name="Your account").wait_for()


def test_back_forward_and_reload_after_saving_a_draft_never_save_it_again(page):
    page.goto("/contribute/write/")
    page.get_by_label("Your account").fill(BODY)
    page.get_by_role("button", name="Save and finish later").click()
    page.get_by_role("heading", name="Your draft is saved").wait_for()
    code = page.locator("#claim-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{1,5}){5}", code)
    kept = Story.objects.get()

    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    def shown_before():
        page.get_by_role("heading", name="Your draft is saved").wait_for()
        page.get_by_text("was shown once").wait_for()
        assert code not in page.content()
        assert page.locator("#claim-code").count() == 0

    # Reload: the page was fetched with GET, so nothing is saved again (headless Chromium
    # re-sends a form silently where a person would see "Confirm Form Resubmission").
    response = page.reload()
    assert response is not None and response.ok
    shown_before()
    # Back to the writing page (fetched with GET too), then Forward to this page again.
    response = page.go_back()
    assert response is not None and response.ok
    assert BODY in page.get_by_label("Your account").input_value()
    response = page.go_forward()
    assert response is not None and response.ok
    shown_before()

    assert posts == []
    story = Story.objects.get()
    assert story.status == Status.DRAFT
    assert (story.claim_code_hash, story.updated_at) == (kept.claim_code_hash, kept.updated_at)
    page.get_by_role("link", name="Carry on writing now").click()
    assert BODY in page.get_by_label("Your account").input_value()
