"""Check your answers before sending, and a draft kept with a claim code to finish later."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import Story
from archive.moderation import selectors as moderation_selectors
from archive.stories import services
from archive.stories.states import TransitionNotAllowed
from archive.tasks import erase_abandoned_drafts_task
from archive.vocabulary import Status
from tests.contribute.helpers import write_data

pytestmark = pytest.mark.django_db
WRITE = reverse("archive:contribute_write")
CONSENT = reverse("archive:contribute_consent")
CHECK = reverse("archive:contribute_check")
SAVED = reverse("archive:contribute_draft_saved")
RETURN = reverse("archive:contribute_return")
CODE = re.compile(r'id="claim-code"[^>]*>(.*?)</code>')


def test_the_consent_page_leads_to_check_your_answers_and_nothing_is_sent_yet(client):
    client.post(WRITE, write_data())
    choices = {"publish": "on", "contact": "on", "contact_address": "me@example.org"}

    continued = client.post(CONSENT, choices)

    # Post/Redirect/Get: the check page is fetched, so Back never sends the form again.
    assert continued.status_code == 302 and continued["Location"] == CHECK
    page = client.get(CHECK).content.decode()
    assert "Check your answers before sending" in page
    assert "me@example.org" in page and "Paul Martin" not in page
    assert Story.objects.get().status == Status.DRAFT
    assert not Story.objects.get().contact_address  # nothing stored before sending
    # The answers wait in the session, encrypted: never the address in clear.
    raw = Session.objects.get(session_key=client.session.session_key).session_data
    assert "me@example.org" not in str(client.session.load()) and "me@example.org" not in raw
    # "Change your consent" brings the form back with the answers in it.
    again = client.post(CONSENT, {**choices, "change": "1"}, follow=True)
    assert again.redirect_chain == [(CONSENT, 302)]
    assert again.context["form"]["contact_address"].value() == "me@example.org"
    assert again.context["form"]["contact"].value() is True
    assert Story.objects.get().status == Status.DRAFT

    sent = client.post(CONSENT, {**choices, "confirm": "1"}, follow=True)
    story = Story.objects.get()
    assert "Thank you. Your account has been sent." in sent.content.decode()
    assert story.status == Status.SUBMITTED and story.contact_address == "me@example.org"


def _keep(client) -> str:
    response = client.post(WRITE, {**write_data(), "keep": "1"}, follow=True)
    assert response.redirect_chain == [(SAVED, 302)]
    return re.sub(r"<[^>]+>", "", CODE.search(response.content.decode()).group(1))


def test_a_kept_draft_gets_a_claim_code_and_the_date_it_will_be_erased(client):
    code = _keep(client)
    story = Story.objects.get()
    page = client.post(WRITE, {**write_data(), "keep": "1"}, follow=True).content.decode()

    assert story.status == Status.DRAFT and story.claim_code_hash
    assert "Your draft is saved" in page and "30 days after you last saved it" in page
    assert code not in str(Story.objects.values_list().get())  # only its hash is stored
    # Never in the moderation queue, never public.
    assert not Story.objects.filter(moderation_selectors.needs_attention([])).exists()
    assert not Story.objects.public().exists()


def test_a_kept_draft_is_continued_from_another_browser_with_its_code(client):
    code = _keep(client)
    other = Client()

    response = other.post(RETURN, {"code": code})

    assert response.status_code == 302 and response["Location"] == WRITE
    form = other.get(WRITE).context["form"]
    assert "Paul Martin" in form.initial["body"]
    assert other.get(CONSENT).status_code == 200  # the journey carries on from there
    sent = other.post(CONSENT, {"publish": "on", "confirm": "1"}, follow=True).content.decode()
    assert "replaces the one you had for your draft" in sent
    # The draft's code no longer opens anything: the sent account has its own.
    assert Client().post(RETURN, {"code": code}).status_code == 200


def _age(story: Story, age: dt.timedelta) -> None:
    Story.objects.filter(pk=story.pk).update(updated_at=timezone.now() - age)


def test_a_kept_draft_outlives_a_day_and_is_erased_after_its_period():
    unkept = services.story_draft_save(body="Never kept.")
    kept, _code = services.story_draft_keep(story=services.story_draft_save(body="Kept."))
    _age(unkept, dt.timedelta(hours=25))
    _age(kept, dt.timedelta(days=2))

    assert erase_abandoned_drafts_task() == 1
    kept.refresh_from_db()
    assert kept.erased_at is None

    _age(kept, services.DRAFT_KEPT_FOR + dt.timedelta(hours=1))
    assert erase_abandoned_drafts_task() == 1
    assert erase_abandoned_drafts_task() == 0
    kept.refresh_from_db()
    assert kept.erased_at is not None and kept.body == ""


def test_a_sent_account_cannot_be_kept_as_a_draft():
    story = services.story_draft_save(body="Sent already.")
    services.story_submit(story=story, consent={"publish": True})
    with pytest.raises(TransitionNotAllowed):
        services.story_draft_keep(story=story)
