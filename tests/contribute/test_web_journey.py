"""The contributor's web journey with Django's test client, including every error path."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from archive.anonymise.render import render_story
from archive.identifiers import hash_claim_code
from archive.models import ModerationEvent, Story
from archive.stories import lifecycle
from archive.vocabulary import Decision, Status
from tests.contribute.helpers import (
    BODY,
    anonymise_data,
    cache_keys,
    started,
    submit_story,
    write_data,
)

pytestmark = pytest.mark.django_db

WRITE = reverse("archive:contribute_write")
ANONYMISE = reverse("archive:contribute_anonymise")
CONSENT = reverse("archive:contribute_consent")
RETURN = reverse("archive:contribute_return")


def _draft(client) -> Story:
    client.post(WRITE, write_data())
    return Story.objects.latest("created_at")


# --- Before writing and writing ----------------------------------------------------------


def test_before_writing_page_says_what_happens_and_links_to_writing(client):
    response = client.get(reverse("archive:contribute_start"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Who will see it" in text
    assert "withdraw" in text
    assert "Content note" in text
    assert WRITE in text
    assert "data-quick-exit" in text


def test_writing_creates_a_private_draft_tied_to_this_browser(client):
    response = client.post(WRITE, write_data())
    assert response.status_code == 302
    assert response["Location"] == ANONYMISE
    story = Story.objects.get()
    assert story.status == Status.DRAFT
    assert story.body == BODY
    assert story.country == "FR"
    assert story.claim_code_hash is None
    assert not Story.objects.public().exists()
    # Another browser has no draft: it is sent back to writing.
    assert Client().get(ANONYMISE)["Location"] == WRITE


def test_language_is_detected_when_left_blank(client):
    story = _draft(client)
    assert story.language == "en"


def test_detected_details_are_stored_at_once(client):
    story = _draft(client)
    kinds = set(story.redactions.values_list("kind", flat=True))
    assert {"email", "phone"} <= kinds


def test_writing_again_updates_the_same_draft(client):
    _draft(client)
    client.post(WRITE, write_data(body="A shorter account of what happened at work."))
    assert Story.objects.count() == 1
    assert Story.objects.get().body.startswith("A shorter account")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"body": "   "}, "body", "Please write your account"),
        ({"year": "2999"}, "year", "cannot be in the future"),
        ({"year": "1800"}, "year", "Please give the year in full, such as 2017"),
        ({"year": "17"}, "year", "Please give the year in full, such as 2017"),
        ({"country": "XX"}, "country", "Select a valid choice"),
        ({"setting": "moon"}, "setting", "Select a valid choice"),
        ({"content_notes": ["nonsense"]}, "content_notes", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_its_field_and_nothing_lost(
    client, overrides, field, message
):
    response = client.post(WRITE, write_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Story.objects.exists()
    if field != "body":
        assert BODY in response.content.decode()  # what they wrote is still there


def test_an_account_over_the_limit_is_refused_with_a_clear_message(client, settings):
    settings.CHORUS = {**settings.CHORUS, "MAX_STORY_CHARS": 100}
    response = client.post(WRITE, write_data(body="x" * 101))
    assert "longer than we can keep (100 characters; it has 101)" in " ".join(
        response.context["form"].errors["body"]
    )
    assert not Story.objects.exists()


def test_the_honeypot_field_stops_a_bot(client):
    response = client.post(WRITE, write_data(website="http://spam.example"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Story.objects.exists()


def test_a_form_sent_too_fast_is_not_saved_but_can_be_sent_again(client, settings):
    # A limit no request can outlast, however loaded the machine (the first request of a
    # process loads the language models): "too fast" must not depend on the clock.
    settings.CHORUS = {**settings.CHORUS, "MIN_FILL_SECONDS": 600}
    response = client.post(WRITE, write_data(started=started(seconds_ago=0)))
    assert "faster than we expected" in " ".join(response.context["form"].non_field_errors())
    assert not Story.objects.exists()
    assert BODY in response.content.decode()


def test_a_forged_start_time_is_refused(client):
    response = client.post(WRITE, write_data(started="1.0"))
    assert response.context["form"].non_field_errors()
    assert not Story.objects.exists()


def test_creating_drafts_is_throttled_per_client(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submissions": "2/hour",
        },
    }
    for _ in range(2):
        Client().post(WRITE, write_data())
    response = Client().post(WRITE, write_data())
    assert response.status_code == 429
    assert Story.objects.count() == 2


def test_every_form_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(WRITE, write_data()).status_code == 403
    assert client.post(RETURN, {"code": "x"}).status_code == 403
    assert not Story.objects.exists()


def test_the_draft_can_be_deleted_and_nothing_of_it_stays(client):
    story = _draft(client)
    response = client.post(reverse("archive:contribute_discard"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.erased_at is not None
    assert story.body == "" and story.title == ""
    assert client.get(ANONYMISE)["Location"] == WRITE


# --- Anonymise ---------------------------------------------------------------------------


def test_anonymise_page_highlights_each_detected_detail(client):
    story = _draft(client)
    response = client.get(ANONYMISE)
    text = response.content.decode()
    for redaction in story.redactions.all():
        assert f'<mark id="found-{redaction.pk}">' in text
    assert "jane.doe@example.org" in text
    # Hiding is pre-selected for each detail found.
    row = response.context["form"].redaction_rows[0]
    assert row["decision"].value() == Decision.ACCEPTED


def test_contributor_decides_each_detail_adds_terms_and_replaces_a_name(client):
    story = _draft(client)
    email = story.redactions.get(kind="email")
    phone = story.redactions.get(kind="phone")
    data = anonymise_data(
        story.redactions.filter(source="automatic"),
        redact_terms="Paul Martin = my manager\nnot-in-text",
        preview="1",
    )
    del data["continue"]
    data[f"redaction_{phone.pk}"] = "rejected"
    data[f"replacement_{email.pk}"] = "his e-mail"
    response = client.post(ANONYMISE, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#preview")
    email.refresh_from_db()
    phone.refresh_from_db()
    assert email.decision == Decision.ACCEPTED and email.replacement == "his e-mail"
    assert phone.decision == Decision.REJECTED
    name = next(r for r in story.redactions.all() if BODY[r.start : r.end] == "Paul Martin")
    assert name.decision == Decision.ACCEPTED
    assert name.replacement == "my manager"

    page = client.get(ANONYMISE)
    preview = page.context["preview_body"]
    assert "my manager cornered me" in preview
    assert "Paul Martin" not in preview
    assert "his e-mail" in preview
    assert "06 12 34 56 78" in preview  # kept, as decided
    assert "not-in-text" in page.context["missing_terms"]
    # The terms come back as typed, roles included.
    assert "Paul Martin = my manager" in page.context["form"].initial["redact_terms"]


def test_an_undecided_detail_is_hidden(client):
    story = _draft(client)
    client.post(ANONYMISE, {"display_name": "anonymous", "continue": "1"})
    assert not story.redactions.exclude(decision=Decision.ACCEPTED).exists()
    story.refresh_from_db()
    assert "jane.doe@example.org" not in render_story(story)[1]


def test_preview_is_exactly_what_is_published(client):
    story, _code, _ = submit_story(client)
    preview = render_story(story)[1]
    assert story.public_body == ""  # nothing is stored in clear before publication
    for action in (ModerationEvent.Action.START_REVIEW, ModerationEvent.Action.PUBLISH):
        lifecycle.transition(story, action)
    story.refresh_from_db()
    assert story.public_body == preview
    assert "Paul Martin" not in story.public_body
    assert "jane.doe@example.org" not in story.public_body


def test_a_chosen_name_needs_the_name(client):
    story = _draft(client)
    data = anonymise_data(story.redactions.all(), display_name="pseudonym", pseudonym=" ")
    response = client.post(ANONYMISE, data)
    assert response.status_code == 200
    assert "pseudonym" in response.context["form"].errors
    data["pseudonym"] = "Marguerite"
    client.post(ANONYMISE, data)
    story.refresh_from_db()
    assert story.public_author == "Marguerite"


# --- Consent and confirmation ------------------------------------------------------------


def test_consent_page_offers_one_unticked_choice_per_scope(client):
    _draft(client)
    response = client.get(CONSENT)
    text = response.content.decode()
    for scope in ("publish", "research", "quote", "statistics", "contact"):
        assert f'name="{scope}"' in text
    assert "checked" not in text
    assert "kept safely for the archive" in text


def test_sending_gives_a_claim_code_shown_once_and_stored_only_as_a_hash(client):
    story, code, response = submit_story(client)
    assert story.status == Status.SUBMITTED
    assert len(code.replace("-", "")) == 26  # 130 bits
    # (Shown in groups that never break inside: strip their markup to read it.)
    assert code in re.sub(r"<[^>]+>", "", response.content.decode())
    assert response["Cache-Control"].startswith("max-age=0")
    assert story.claim_code_hash == hash_claim_code(code)
    consent = story.current_consent()
    assert consent.publish and consent.statistics
    assert not (consent.research or consent.quote or consent.contact)
    assert consent.consent_version
    # Sending the same form again does not make a second submission or show a code.
    again = client.post(CONSENT, {"publish": "on", "confirm": "1"})
    assert again.status_code == 302
    assert Story.objects.count() == 1
    # The status page never shows the code again.
    assert (
        code
        not in client.get(
            reverse("archive:contribute_status", args=[story.public_id])
        ).content.decode()
    )


def test_without_consent_to_publish_the_account_is_kept_for_the_archive_only(client):
    story, _code, response = submit_story(client, consent={})
    assert story.status == Status.SUBMITTED
    assert not story.current_consent().publish
    assert "kept for the archive only" in response.content.decode()
    lifecycle.transition(story, lifecycle.Action.START_REVIEW)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.transition(story, lifecycle.Action.PUBLISH)


def test_a_contact_address_needs_consent_to_contact(client):
    _draft(client)
    response = client.post(CONSENT, {"publish": "on", "contact_address": "me@example.org"})
    assert "only keep an address" in " ".join(response.context["form"].errors["contact_address"])
    response = client.post(CONSENT, {"contact": "on"})
    assert "how to reach you" in " ".join(response.context["form"].errors["contact_address"])
    assert Story.objects.get().status == Status.DRAFT


def test_a_contact_address_is_stored_encrypted(client):
    from django.db import connection

    _draft(client)
    client.post(
        CONSENT, {"contact": "on", "contact_address": "reach.me@example.org", "confirm": "1"}
    )
    story = Story.objects.get()
    assert story.contact_address == "reach.me@example.org"
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_address FROM archive_story WHERE id = %s", [story.pk])
        assert "reach.me" not in cursor.fetchone()[0]


def test_an_embargo_must_be_in_the_future(client):
    _draft(client)
    response = client.post(CONSENT, {"publish": "on", "embargo_until": "2001-01-01"})
    assert "after today" in " ".join(response.context["form"].errors["embargo_until"])
    response = client.post(
        CONSENT, {"publish": "on", "embargo_until": "2999-01-01", "confirm": "1"}
    )
    assert response.status_code == 302
    assert str(Story.objects.get().embargo_until) == "2999-01-01"


def test_consent_receipt_records_the_consent_and_nothing_identifying(client):
    story, code, _ = submit_story(client)
    response = client.get(reverse("archive:contribute_receipt", args=[story.public_id]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    receipt = json.loads(response.content)
    consent = story.current_consent()
    assert receipt["story"] == story.public_id
    assert receipt["scopes"] == consent.scopes()
    assert receipt["consent_version"] == consent.consent_version
    assert receipt["receipt_hash"] == consent.receipt_hash()
    raw = response.content.decode()
    for secret in ("Paul", "jane.doe", code, "storeroom"):
        assert secret not in raw
    # Another browser cannot download it.
    assert (
        Client().get(reverse("archive:contribute_receipt", args=[story.public_id])).status_code
        == 404
    )


def test_a_signed_in_contributor_owns_what_they_send(client, contributor):
    client.force_login(contributor)
    story, _code, _ = submit_story(client)
    assert story.contributor == contributor


def test_no_story_text_claim_code_or_address_reaches_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    story, code, _ = submit_story(client)
    client.post(RETURN, {"code": "WRONG-CODE"})
    text = caplog.text
    for secret in (code, "Paul Martin", "jane.doe@example.org", "127.0.0.1"):
        assert secret not in text


# --- Returning -----------------------------------------------------------------------------


def test_returning_with_the_claim_code_shows_status_and_moderator_messages(client):
    story, code, _ = submit_story(client)
    lifecycle.transition(story, lifecycle.Action.START_REVIEW)
    lifecycle.transition(
        story, lifecycle.Action.REQUEST_CHANGES, note="Please remove the street name."
    )
    fresh = Client()
    response = fresh.post(RETURN, {"code": code.lower().replace("-", " ")})
    status_url = reverse("archive:contribute_status", args=[story.public_id])
    assert response["Location"] == status_url
    page = fresh.get(status_url).content.decode()
    assert "Changes requested" in page
    assert "Please remove the street name." in page
    assert "Paul Martin" in page  # their own original words


def test_internal_moderator_notes_are_not_shown_to_the_contributor(client):
    from archive.stories import audit

    story, _code, _ = submit_story(client)
    audit.event_record(story=story, action=ModerationEvent.Action.NOTE, note="internal thought")
    page = client.get(reverse("archive:contribute_status", args=[story.public_id]))
    assert "internal thought" not in page.content.decode()


def test_a_wrong_claim_code_and_an_erased_story_get_the_same_answer(client):
    from archive.stories import services

    story, code, _ = submit_story(client)
    wrong = Client().post(RETURN, {"code": "0000-0000"})
    services.story_erase(story=story)
    erased = Client().post(RETURN, {"code": code})
    assert wrong.status_code == erased.status_code == 200
    assert wrong.context["form"].errors == erased.context["form"].errors


def test_wrong_claim_codes_are_throttled_but_never_reveal_anything(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "claim": "3/hour",
        },
    }
    story, code, _ = submit_story(client)
    attacker = Client()
    for _ in range(3):
        assert attacker.post(RETURN, {"code": "WRONG"}).status_code == 200
    assert attacker.post(RETURN, {"code": "WRONG"}).status_code == 429
    # The right code is checked first: whoever shares this client's bucket still gets in.
    assert attacker.post(RETURN, {"code": code}).status_code == 302


def test_throttle_keys_hold_no_client_address(client, settings):
    client.post(RETURN, {"code": "WRONG"}, REMOTE_ADDR="203.0.113.9")
    keys = cache_keys()
    assert keys
    assert not any("203.0.113.9" in key for key in keys)


@pytest.mark.parametrize(
    "persona", ["stranger", "other_contributor", "researcher", "owner_of_other"]
)
def test_others_cannot_see_or_change_someone_elses_account(
    client, persona, other_contributor, researcher, contributor
):
    client.force_login(contributor)
    story, _code, _ = submit_story(client)
    other = Client()
    if persona == "other_contributor":
        other.force_login(other_contributor)
    elif persona == "researcher":
        other.force_login(researcher)
    elif persona == "owner_of_other":
        submit_story(other)  # has claimed a story of their own
    for name in ("status", "edit", "change_consent", "withdraw", "erase", "receipt"):
        url = reverse(f"archive:contribute_{name}", args=[story.public_id])
        assert other.get(url).status_code == 404, name
    for name in ("edit", "withdraw", "erase"):
        url = reverse(f"archive:contribute_{name}", args=[story.public_id])
        assert other.post(url, {"body": "changed"}).status_code == 404
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED and story.body == BODY


def test_the_owner_signed_in_opens_the_account_without_a_code(contributor):
    owner = Client()
    owner.force_login(contributor)
    story, _code, _ = submit_story(owner)
    later = Client()
    later.force_login(contributor)
    assert (
        later.get(reverse("archive:contribute_status", args=[story.public_id])).status_code == 200
    )


def test_closing_the_account_on_this_device_needs_the_code_again(client):
    story, _code, _ = submit_story(client)
    url = reverse("archive:contribute_status", args=[story.public_id])
    assert client.get(url).status_code == 200
    client.post(reverse("archive:contribute_forget", args=[story.public_id]))
    assert client.get(url).status_code == 404


def test_the_first_preview_already_hides_what_the_form_will_hide(client):
    _draft(client)
    preview = client.get(ANONYMISE).context["preview_body"]
    assert "jane.doe@example.org" not in preview
    assert "06 12 34 56 78" not in preview


def test_entering_a_claim_code_gives_the_browser_a_new_session_key(client):
    _story, code, _ = submit_story(client)
    fresh = Client()
    fresh.get(RETURN)
    fresh.session.save()
    before = fresh.session.session_key
    fresh.post(RETURN, {"code": code})
    assert fresh.session.session_key != before


def test_the_consent_page_names_the_consent_wording_version(client, settings):
    settings.CHORUS = {**settings.CHORUS, "CONSENT_VERSION": "2031-04"}
    _draft(client)
    assert "version 2031-04" in client.get(CONSENT).content.decode()
    client.post(CONSENT, {"publish": "on", "confirm": "1"})
    assert Story.objects.get().current_consent().consent_version == "2031-04"


def test_behind_a_proxy_clients_are_told_apart_by_the_forwarded_address(settings):
    from django.test import RequestFactory

    from archive.contribute.claims import client_fingerprint

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    factory = RequestFactory()
    a = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    b = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_fingerprint(a) != client_fingerprint(b)
    # A client cannot choose its identity by sending its own X-Forwarded-For.
    assert client_fingerprint(spoofed) == client_fingerprint(a)
    assert "198.51.100.7" not in client_fingerprint(a)
