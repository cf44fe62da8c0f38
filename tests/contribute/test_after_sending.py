"""After "Send my account": Post/Redirect/Get. The claim code is shown once, by the page the
browser is redirected to; reloading it, or coming back to it with Back and Forward, says
the account was received and never shows the code again, nor makes a second account."""

from __future__ import annotations

import json
import logging
import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import roles
from archive.contribute import claims
from archive.identifiers import hash_claim_code
from archive.models import Story
from archive.vocabulary import Status
from tests.contribute.helpers import anonymise_data, write_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRITE = reverse("archive:contribute_write")
ANONYMISE = reverse("archive:contribute_anonymise")
CONSENT = reverse("archive:contribute_consent")
CHECK = reverse("archive:contribute_check")
SENT = reverse("archive:contribute_sent")
START = reverse("archive:contribute_start")
CODE = re.compile(r'id="claim-code"[^>]*>(.*?)</code>')
CHOICES = {"publish": "on", "contact": "on", "contact_address": "reach.me@example.org"}


def _ready_to_send(client) -> Story:
    client.post(WRITE, write_data())
    story = Story.objects.get()
    client.post(ANONYMISE, anonymise_data(story.redactions.all()))
    return story


def _send(client):
    return client.post(CONSENT, {**CHOICES, "confirm": "1"})


def _shown_code(response) -> str | None:
    found = CODE.search(response.content.decode())
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else None


def _browser(client) -> SimpleNamespace:
    """What the claims helpers read of a request: the browser's session."""
    return SimpleNamespace(session=client.session)


def _every_session_row() -> str:
    return " ".join(Session.objects.values_list("session_data", flat=True))


def _every_session_decoded() -> str:
    store = Session.get_session_store_class()()
    return " ".join(json.dumps(store.decode(row.session_data)) for row in Session.objects.all())


def test_sending_answers_with_a_redirect_to_the_page_that_shows_the_code(client):
    story = _ready_to_send(client)

    response = _send(client)

    assert response.status_code == 302 and response["Location"] == SENT
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED


def test_the_code_is_shown_once_and_a_second_visit_says_the_account_was_received(client):
    story = _ready_to_send(client)
    _send(client)

    first = client.get(SENT)

    code = _shown_code(first)
    assert first.status_code == 200 and code
    assert Story.objects.get().claim_code_hash == hash_claim_code(code)
    # The page with the code is never kept by the browser or a proxy.
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]

    again = client.get(SENT)

    page = again.content.decode()
    assert again.status_code == 200
    assert _shown_code(again) is None and code not in re.sub(r"<[^>]+>", "", page)
    assert "Your account has been received" in page and "was shown once" in page
    assert reverse("archive:contribute_return") in page
    assert reverse("archive:contribute_status", args=[story.public_id]) in page
    assert "no-store" in again["Cache-Control"]
    assert Story.objects.count() == 1


def test_the_code_waits_in_the_session_only_encrypted_and_leaves_it_once_shown(client):
    _ready_to_send(client)
    _send(client)
    # Between the redirect and the page: in the session, but never in clear.
    assert claims.code_waiting(_browser(client))
    code = _shown_code(client.get(SENT))
    assert code
    compact = code.replace("-", "")

    for text in (_every_session_row(), _every_session_decoded()):
        assert code not in text and compact not in text
    session = client.session
    assert session[claims._SENT_KEY] == {Story.objects.get().public_id: ""}
    assert not claims.code_waiting(_browser(client))
    # The consent answers that waited for "Send" are gone too.
    assert claims._ANSWERS_KEY not in session
    assert "reach.me@example.org" not in _every_session_decoded()


def test_the_code_is_never_in_a_log_line(client, caplog):
    _ready_to_send(client)
    with caplog.at_level(logging.DEBUG):
        _send(client)
        code = _shown_code(client.get(SENT))
        client.get(SENT)
    assert code and code not in caplog.text and code.replace("-", "") not in caplog.text


def test_sending_again_before_the_code_was_seen_leads_to_the_code_not_a_second_account(client):
    # The redirect after "Send" never arrived; the person pressed "Send" again.
    _ready_to_send(client)
    _send(client)

    again = _send(client)

    assert again.status_code == 302 and again["Location"] == SENT
    assert _shown_code(client.get(SENT))
    assert Story.objects.count() == 1


def test_sending_again_after_the_code_was_seen_opens_the_account_without_showing_it(client):
    story = _ready_to_send(client)
    _send(client)
    code = _shown_code(client.get(SENT))

    again = _send(client)

    status = reverse("archive:contribute_status", args=[story.public_id])
    assert again.status_code == 302 and again["Location"] == status
    assert code not in client.get(status).content.decode()
    assert Story.objects.count() == 1


@pytest.mark.parametrize("step", [CHECK, CONSENT, ANONYMISE])
def test_going_back_to_a_step_after_sending_says_the_account_was_received(client, step):
    _ready_to_send(client)
    _send(client)
    client.get(SENT)

    response = client.get(step, follow=True)

    assert response.redirect_chain == [(SENT, 302)]
    assert "Your account has been received" in response.content.decode()
    assert _shown_code(response) is None


def test_another_browser_gets_nothing_from_the_page_after_sending(client):
    _ready_to_send(client)
    _send(client)

    response = Client().get(SENT)

    assert response.status_code == 302 and response["Location"] == START
    assert _shown_code(client.get(SENT))  # still there, once, for the one who sent it


def test_the_code_is_not_shown_once_the_browser_may_no_longer_open_the_account(client):
    # A shared computer, long after: the next person must not see the code.
    story = _ready_to_send(client)
    _send(client)
    session = client.session
    session[claims._SESSION_KEY] = {story.public_id: time.time() - 1}
    session.save()

    response = client.get(SENT)

    assert response.status_code == 302 and response["Location"] == START
    assert not claims.code_waiting(_browser(client))


def test_closing_the_account_on_this_browser_forgets_it_was_sent_here(client):
    story = _ready_to_send(client)
    _send(client)
    client.get(SENT)

    client.post(reverse("archive:contribute_forget", args=[story.public_id]))

    assert client.get(SENT)["Location"] == START
    assert story.public_id not in _every_session_decoded()


def test_a_signed_in_contributor_is_pointed_to_their_accounts(client):
    client.force_login(UserFactory(role=roles.CONTRIBUTOR))
    _ready_to_send(client)
    _send(client)
    client.get(SENT)

    page = client.get(SENT).content.decode()

    assert "Your account has been received" in page
    assert reverse("accounts:dashboard") in page


def test_the_check_page_without_answers_leads_back_to_the_consent_form(client):
    _ready_to_send(client)

    assert client.get(CHECK)["Location"] == CONSENT
    assert client.get(CONSENT).status_code == 200


def test_a_code_whose_page_never_came_leaves_the_session_at_the_daily_sweep(client):
    from datetime import timedelta

    from django.utils import timezone

    from archive import tasks

    _ready_to_send(client)
    _send(client)  # the redirect to the page with the code never arrives
    assert claims.code_waiting(_browser(client))
    assert tasks.sweep_sessions_task() == 0  # within the hour it may still be shown

    # Untouched for longer than a claim lasts: the sealed code goes, the story's id stays
    # (a late reload gets the kind page, not an error).
    Session.objects.update(expire_date=timezone.now() + timedelta(days=1))
    assert tasks.sweep_sessions_task() == 1
    assert tasks.sweep_sessions_task() == 0  # idempotent

    assert not claims.code_waiting(_browser(client))
    assert claims.sent_story_id(_browser(client)) == Story.objects.get().public_id
    response = client.get(SENT)
    assert response.status_code == 200 and _shown_code(response) is None
