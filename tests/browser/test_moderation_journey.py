"""A moderator signs in with a TOTP code, reviews a submitted account, accepts a
redaction, publishes it, and the public site shows it with the redaction applied."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts import roles
from accounts.otp import totp_device_create
from archive.models import Redaction
from archive.vocabulary import Decision, RedactionKind, RedactionSource, Status
from tests.factories import UserFactory, make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "In 2017 my team leader Paul Marchand kept me late every Friday. "
    "Nobody asked why I changed jobs. #MeToo"
)


def totp_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_moderator_signs_in_with_totp_reviews_redacts_and_publishes(page, live_server):
    moderator = UserFactory(role=roles.SENIOR_MODERATOR, email="sam@example.org")
    device = totp_device_create(moderator)
    story = make_story(
        status=Status.SUBMITTED,
        title="Friday evenings",
        body=BODY,
        content_notes=["harassment"],
    )
    # One undecided span over the name, as the detector would leave it.
    story.redactions.all().delete()
    start = BODY.index("Paul Marchand")
    Redaction.objects.create(
        story=story,
        start=start,
        end=start + len("Paul Marchand"),
        kind=RedactionKind.NAME,
        source=RedactionSource.AUTOMATIC,
        decision=Decision.PENDING,
    )
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )

    # Sign in: e-mail, password and the authenticator's current code.
    page.goto(f"/{settings.ADMIN_URL}")
    page.get_by_label("E-mail address").fill("sam@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Sign in").click()

    # The queue lists the account; open it.
    page.goto(f"/{settings.ADMIN_URL}archive/story/")
    page.get_by_role("link", name=story.public_id).click()
    page.wait_for_url(re.compile(rf"/archive/story/{story.pk}/change/"))

    # Content notes come before the text, which opens on request with the name hidden.
    expect(page.locator(".review-notes").get_by_text("Sexual harassment")).to_be_visible()
    page.get_by_text("Show the account").click()
    redacted = page.locator("#redacted-text")
    assert "[name]" in redacted.inner_text()
    assert "Paul Marchand" not in redacted.inner_text()

    # Publishing is blocked while the name is undecided.
    expect(page.get_by_text("Some identifying details have not been decided yet.")).to_be_visible()

    # Accept the redaction (hide the name) and save.
    row = page.locator("tr.redaction-row").first
    row.get_by_label("Hidden").check()
    page.get_by_role("button", name="Save these decisions").click()
    expect(page.get_by_text("1 decision saved.")).to_be_visible()

    # Publish. Without a broker the search indexing runs inside this request, and the
    # first language detection loads its models: allow for that.
    page.set_default_navigation_timeout(90_000)
    page.locator(".moderation-action--publish").get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Publish: done. This account is now “Published”.")).to_be_visible()
    expect(page.locator(".facts").get_by_text("visible to the public")).to_be_visible()

    # The public home page lists it, with the redaction applied.
    page.goto("/")
    card = page.locator(".story-card", has_text="Friday evenings")
    card.get_by_text("Read this account").click()
    text = card.inner_text()
    assert "my team leader [name] kept me late" in text
    assert "Paul Marchand" not in page.content()
    assert not csp_violations, csp_violations
