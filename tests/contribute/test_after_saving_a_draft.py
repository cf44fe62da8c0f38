"""After "Save and finish later": Post/Redirect/Get, as after sending. The draft's claim code
is shown once, by the page the browser is redirected to; reloading it, or coming back to
it with Back and Forward, says the draft is saved and its code was shown, and never saves
the draft again nor shows the code twice."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from archive.contribute import claims
from archive.identifiers import hash_claim_code
from archive.models import Story
from archive.vocabulary import Status
from tests.contribute.helpers import anonymise_data, write_data
from tests.contribute.test_after_sending import (
    _browser,
    _every_session_decoded,
    _every_session_row,
    _shown_code,
)

pytestmark = pytest.mark.django_db

WRITE = reverse("archive:contribute_write")
ANONYMISE = reverse("archive:contribute_anonymise")
CONSENT = reverse("archive:contribute_consent")
SAVED = reverse("archive:contribute_draft_saved")
SENT = reverse("archive:contribute_sent")


def _keep(client):
    return client.post(WRITE, {**write_data(), "keep": "1"})


def _visible_text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


def test_saving_to_finish_later_answers_with_a_redirect_to_the_page_that_shows_the_code(
    client,
):
    response = _keep(client)

    assert response.status_code == 302 and response["Location"] == SAVED
    story = Story.objects.get()
    assert story.status == Status.DRAFT and story.claim_code_hash


def test_the_hide_details_page_saves_to_finish_later_with_a_redirect_too(client):
    client.post(WRITE, write_data())
    story = Story.objects.get()

    response = client.post(ANONYMISE, {**anonymise_data(story.redactions.all()), "keep": "1"})

    assert response.status_code == 302 and response["Location"] == SAVED
    code = _shown_code(client.get(SAVED))
    assert code and Story.objects.get().claim_code_hash == hash_claim_code(code)


def test_the_draft_code_is_shown_once_and_a_reload_says_it_was_shown(client):
    _keep(client)

    first = client.get(SAVED)

    code = _shown_code(first)
    story = Story.objects.get()
    assert first.status_code == 200 and code
    assert story.claim_code_hash == hash_claim_code(code)
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]

    again = client.get(SAVED)

    text = _visible_text(again)
    assert again.status_code == 200
    assert _shown_code(again) is None and code not in text
    assert code.replace("-", "") not in text
    assert "Your draft is saved" in text and "was shown once" in text
    assert "Save and finish later" in text  # how to get a new code, said kindly
    assert "30 days after you last saved it" in text
    assert reverse("archive:contribute_write") in again.content.decode()
    assert "no-store" in again["Cache-Control"]
    # Reloading saved nothing: same draft, same code.
    assert Story.objects.count() == 1
    assert Story.objects.get().claim_code_hash == story.claim_code_hash


def test_the_draft_code_waits_in_the_session_only_encrypted_and_leaves_it_once_shown(client):
    _keep(client)
    story = Story.objects.get()
    waiting = client.session[claims._KEPT_KEY][story.public_id]
    assert waiting  # sealed, waiting for the page

    code = _shown_code(client.get(SAVED))
    assert code

    for text in (waiting, _every_session_row(), _every_session_decoded()):
        assert code not in text and code.replace("-", "") not in text
    assert client.session[claims._KEPT_KEY] == {story.public_id: ""}
    assert claims.take_kept_draft_code(_browser(client)) is None


def test_the_draft_code_is_never_in_a_log_line(client, caplog):
    with caplog.at_level(logging.DEBUG):
        _keep(client)
        code = _shown_code(client.get(SAVED))
        client.get(SAVED)
    assert code and code not in caplog.text and code.replace("-", "") not in caplog.text


def test_saving_again_gives_a_new_code_shown_once_and_the_old_one_stops_working(client):
    _keep(client)
    old = _shown_code(client.get(SAVED))

    _keep(client)
    new = _shown_code(client.get(SAVED))

    assert new and new != old
    assert Story.objects.get().claim_code_hash == hash_claim_code(new)
    assert _shown_code(client.get(SAVED)) is None


def test_another_browser_gets_nothing_from_the_page_after_saving(client):
    _keep(client)

    response = Client().get(SAVED)

    assert response.status_code == 302 and response["Location"] == WRITE
    assert _shown_code(client.get(SAVED))  # still there, once, for the one who saved it


def test_after_the_draft_is_sent_the_page_leads_to_the_sent_account_not_the_draft_code(
    client,
):
    _keep(client)
    client.post(CONSENT, {"publish": "on", "confirm": "1"})

    response = client.get(SAVED)

    assert response.status_code == 302 and response["Location"] == SENT
    assert claims._KEPT_KEY not in client.session


def test_after_the_draft_is_deleted_the_page_shows_no_code(client):
    _keep(client)

    client.post(reverse("archive:contribute_discard"))
    response = client.get(SAVED)

    assert response.status_code == 302 and response["Location"] == WRITE
    assert claims._KEPT_KEY not in client.session
