"""POST/GET/PATCH/DELETE /api/v1/submissions/ with DRF's client, including every error path."""

from __future__ import annotations

import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from archive.identifiers import hash_claim_code
from archive.models import Story
from archive.search.index import index_story
from archive.search.models import SearchEntry
from archive.stories import lifecycle, redactions
from archive.vocabulary import Decision, Source, Status
from tests.contribute.helpers import cache_keys

pytestmark = pytest.mark.django_db

URL = "/api/v1/submissions/"
CONSENT = {"publish": True, "research": False, "quote": False, "statistics": True, "contact": False}
BODY = "My coach at the club, @coach_dan, kept texting me at night. Everyone knew. #MeToo"


def payload(**overrides) -> dict:
    data = {
        "body": BODY,
        "title": "The club",
        "year": 2015,
        "country": "mx",
        "setting": "sport",
        "content_notes": ["harassment"],
        "display_name": "anonymous",
        "redact_terms": ["the club"],
        "consent": dict(CONSENT),
    }
    data.update(overrides)
    return data


def create(client=None, **overrides) -> tuple[str, str]:
    # Detection runs on commit, as the request's response is sent (in-process here).
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = (client or APIClient()).post(URL, payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"], response.json()["claim_code"]


def claim(code: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Claim {code}")
    return client


def _rates(settings, **rates) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


# --- POST ------------------------------------------------------------------------------


def test_posting_an_account_stores_it_and_returns_the_claim_code_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(URL, payload(), format="json")
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"id", "status", "claim_code", "consent_receipt"}
    assert data["status"] == Status.SUBMITTED
    story = Story.objects.get(public_id=data["id"])
    assert story.claim_code_hash == hash_claim_code(data["claim_code"])
    assert story.source == Source.API
    assert story.country == "MX"
    assert story.language == "en"  # detected
    consent = story.current_consent()
    assert consent.method == "api" and consent.publish and not consent.research
    assert data["consent_receipt"]["receipt_hash"] == consent.receipt_hash()
    assert response["Cache-Control"] == "no-store"
    assert not Story.objects.public().exists()
    # Detection ran on commit (tasks run in-process without a broker).
    assert story.redactions.filter(kind="handle").exists()


def test_a_signed_in_contributor_owns_an_api_submission(contributor):
    client = APIClient()
    client.force_authenticate(contributor)
    public_id, _code = create(client)
    assert Story.objects.get(public_id=public_id).contributor == contributor


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"consent": {"publish": True}}, "consent", "nothing is assumed"),
        ({"consent": None}, "consent", "null"),
        ({"country": "ZZ"}, "country", "not an ISO 3166 alpha-2"),
        ({"country": "FRA"}, "country", "no more than 2"),
        ({"year": 2999}, "year", "future"),
        ({"body": "   "}, "body", "empty"),
        ({"display_name": "pseudonym"}, "pseudonym", "Give the name"),
        ({"display_name": "royal"}, "display_name", "not a valid choice"),
        ({"content_notes": ["gossip"]}, "content_notes", "not a valid choice"),
        ({"setting": "moon"}, "setting", "not a valid choice"),
        ({"language": "xx"}, "language", "not a valid choice"),
        ({"embargo_until": "2000-01-01"}, "embargo_until", "after today"),
        (
            {"contact_address": "me@example.org"},
            "contact_address",
            "only with consent.contact",
        ),
        (
            {"consent": {**CONSENT, "contact": True}},
            "contact_address",
            "Give an address",
        ),
    ],
)
def test_invalid_submissions_get_a_clear_json_error_per_field(overrides, field, fragment):
    response = APIClient().post(URL, payload(**overrides), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert fragment in str(errors[field])
    assert not Story.objects.exists()


def test_a_missing_body_is_refused():
    data = payload()
    del data["body"]
    response = APIClient().post(URL, data, format="json")
    assert response.status_code == 400
    assert "body" in response.json()


def test_an_oversized_body_is_refused_with_its_length_and_the_limit(settings):
    settings.CHORUS = {**settings.CHORUS, "MAX_STORY_CHARS": 1000}
    response = APIClient().post(URL, payload(body="a" * 1001), format="json")
    assert response.status_code == 400
    assert "1001 characters long; the limit is 1000" in response.json()["body"][0]
    assert not Story.objects.exists()


def test_a_huge_request_is_refused_before_it_is_parsed(settings):
    settings.CHORUS = {**settings.CHORUS, "MAX_STORY_CHARS": 10}
    response = APIClient().post(URL, payload(body="a" * 200_000), format="json")
    assert response.status_code == 413
    assert "at most 10 characters" in response.json()["detail"]


def test_malformed_json_gets_a_json_error():
    response = APIClient().post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_submissions_are_throttled_per_client_without_storing_the_address(settings):
    _rates(settings, submissions="2/hour")
    for _ in range(2):
        create()
    response = APIClient().post(URL, payload(), format="json")
    assert response.status_code == 429
    assert "detail" in response.json()
    assert Story.objects.count() == 2
    keys = cache_keys()
    assert any("submissions" in key for key in keys)
    assert not any("127.0.0.1" in key for key in keys)


# --- GET / PATCH / DELETE --------------------------------------------------------------


def test_the_claim_code_opens_the_submission_with_its_original_text():
    public_id, code = create()
    response = claim(code).get(f"{URL}{public_id}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == public_id
    assert data["body"] == BODY
    assert data["consent"]["scopes"] == CONSENT
    assert "claim_code" not in data
    assert response["Cache-Control"] == "no-store"


def test_the_signed_in_owner_opens_it_without_a_code(contributor):
    client = APIClient()
    client.force_authenticate(contributor)
    public_id, _code = create(client)
    assert client.get(f"{URL}{public_id}/").status_code == 200


def test_no_credentials_get_401_whatever_the_id():
    public_id, _code = create()
    for target in (public_id, "doesnotexist0000"):
        response = APIClient().get(f"{URL}{target}/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Claim")


def test_a_wrong_claim_code_and_a_missing_submission_look_the_same():
    public_id, code = create()
    other_id, _other_code = create()
    wrong = claim("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-F").get(f"{URL}{public_id}/")
    missing = claim(code).get(f"{URL}doesnotexist0000/")
    mismatched = claim(code).get(f"{URL}{other_id}/")
    assert wrong.status_code == missing.status_code == mismatched.status_code == 404
    assert wrong.json() == missing.json() == mismatched.json()


@pytest.mark.parametrize("persona", ["other_contributor", "researcher", "moderator"])
def test_other_people_signed_in_cannot_read_change_or_withdraw_it(request, persona, contributor):
    owner = APIClient()
    owner.force_authenticate(contributor)
    public_id, _code = create(owner)
    other = APIClient()
    other.force_authenticate(request.getfixturevalue(persona))
    assert other.get(f"{URL}{public_id}/").status_code == 404
    assert other.patch(f"{URL}{public_id}/", {"body": "x"}, format="json").status_code == 404
    assert other.delete(f"{URL}{public_id}/").status_code == 404
    story = Story.objects.get(public_id=public_id)
    assert story.status == Status.SUBMITTED and story.body == BODY


def test_wrong_claim_codes_are_throttled(settings):
    _rates(settings, claim="3/hour")
    public_id, code = create()
    for _ in range(3):
        assert claim("WRONG").get(f"{URL}{public_id}/").status_code == 404
    response = claim("WRONG").get(f"{URL}{public_id}/")
    assert response.status_code == 429
    assert "Too many wrong claim codes" in response.json()["detail"]
    # The right code is checked first: the throttle never locks its owner out.
    assert claim(code).get(f"{URL}{public_id}/").status_code == 200


def test_patching_the_text_sends_a_published_account_back_to_review():
    public_id, code = create()
    story = Story.objects.get(public_id=public_id)
    story.redactions.update(decision=Decision.ACCEPTED)  # a moderator's decisions
    lifecycle.transition(story, lifecycle.Action.PUBLISH)
    index_story(story.pk)
    story.refresh_from_db()
    version = story.version
    response = claim(code).patch(
        f"{URL}{public_id}/", {"body": "A calmer second version.", "country": "ES"}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == Status.SUBMITTED
    assert data["version"] > version
    assert data["body"] == "A calmer second version."
    assert data["country"] == "ES"
    assert not Story.objects.public().exists()
    assert not SearchEntry.objects.exists()


def test_patching_consent_needs_every_answer_and_applies_at_once():
    public_id, code = create()
    client = claim(code)
    response = client.patch(f"{URL}{public_id}/", {"consent": {"publish": False}}, format="json")
    assert response.status_code == 400
    assert "research" in response.json()["consent"]
    new = {**CONSENT, "publish": False, "contact": True}
    response = client.patch(
        f"{URL}{public_id}/",
        {"consent": new, "contact_address": "signal: +33 6 00 00 00 00"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["consent"]["scopes"] == new
    assert response.json()["contact_address_kept"] is True
    story = Story.objects.get(public_id=public_id)
    assert story.consents.count() == 2
    assert story.contact_address.startswith("signal")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "non_field_errors"),
        ({"country": "QQ"}, "country"),
        ({"embargo_until": "2999-01-01"}, "consent"),
    ],
)
def test_bad_patches_are_refused_and_change_nothing(body, field):
    public_id, code = create()
    response = claim(code).patch(f"{URL}{public_id}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Story.objects.get(public_id=public_id).version == 1


def test_delete_withdraws_and_removes_from_every_public_surface():
    public_id, code = create()
    story = Story.objects.get(public_id=public_id)
    story.redactions.update(decision=Decision.ACCEPTED)  # a moderator's decisions
    lifecycle.transition(story, lifecycle.Action.PUBLISH)
    index_story(story.pk)
    assert APIClient().get(f"/api/v1/stories/{public_id}/").status_code == 200
    response = claim(code).delete(f"{URL}{public_id}/")
    assert response.status_code == 200
    assert response.json() == {"id": public_id, "status": "withdrawn", "erased": False}
    assert not Story.objects.public().exists()
    assert not SearchEntry.objects.exists()
    assert APIClient().get(f"/api/v1/stories/{public_id}/").status_code == 404
    # Still readable by its contributor until erased.
    assert claim(code).get(f"{URL}{public_id}/").json()["body"] == BODY


def test_delete_with_erase_erases_the_original_and_the_code():
    public_id, code = create(consent={**CONSENT, "contact": True}, contact_address="me@x.org")
    response = claim(code).delete(f"{URL}{public_id}/?erase=true")
    assert response.json()["erased"] is True
    story = Story.objects.get(public_id=public_id)
    assert story.body == story.contact_address == ""
    assert claim(code).get(f"{URL}{public_id}/").status_code == 404


def test_a_withdrawn_submission_cannot_be_edited():
    public_id, code = create()
    client = claim(code)
    client.delete(f"{URL}{public_id}/")
    response = client.patch(f"{URL}{public_id}/", {"body": "back"}, format="json")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_a_signed_in_owner_needs_the_csrf_token_for_changes(contributor):
    from django.test import Client

    owner = APIClient()
    owner.force_authenticate(contributor)
    public_id, _code = create(owner)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(contributor)
    assert browser.delete(f"{URL}{public_id}/").status_code == 403
    assert Story.objects.get(public_id=public_id).status == Status.SUBMITTED


def test_the_schema_documents_the_submission_endpoints():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/submissions/" in text
    assert "/api/v1/submissions/{public_id}/" in text
    assert "claim_code" in text


def test_the_contributor_decides_detected_details_through_the_api():

    public_id, code = create(body="Write to coach.dan@example.org or call him, said @coach_dan.")
    story = Story.objects.get(public_id=public_id)
    redactions.redactions_detect(story=story)  # normally a task on commit
    client = claim(code)
    listed = client.get(f"{URL}{public_id}/").json()["redactions"]
    email = next(r for r in listed if r["kind"] == "email")
    handle = next(r for r in listed if r["kind"] == "handle")
    response = client.patch(
        f"{URL}{public_id}/",
        {
            "redactions": [
                {"id": email["id"], "decision": "accepted", "replacement": "his address"},
                {"id": handle["id"], "decision": "rejected"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert "his address" in response.json()["public_body"]
    assert "@coach_dan" in response.json()["public_body"]


def test_redaction_decisions_need_ids_of_this_account_and_no_text_change_alongside():

    public_id, code = create()
    other_id, _other = create()
    redactions.redactions_detect(story=Story.objects.get(public_id=other_id))
    foreign = Story.objects.get(public_id=other_id).redactions.first()
    client = claim(code)
    response = client.patch(
        f"{URL}{public_id}/",
        {"redactions": [{"id": foreign.pk, "decision": "rejected"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "No detected detail" in str(response.json()["redactions"])
    response = client.patch(
        f"{URL}{public_id}/",
        {"body": "new text", "redactions": []},
        format="json",
    )
    assert response.status_code == 400
    assert "separate request" in str(response.json()["redactions"])
    foreign.refresh_from_db()
    assert foreign.decision != "rejected"


def test_a_refused_patch_leaves_no_half_applied_change():
    public_id, code = create()
    story = Story.objects.get(public_id=public_id)
    story.redactions.update(decision=Decision.ACCEPTED)  # a moderator's decisions
    lifecycle.transition(story, lifecycle.Action.PUBLISH)
    # Redactions of a published account cannot change without review: 409, and nothing else
    # in the same request (the consent change) is applied either.
    response = claim(code).patch(
        f"{URL}{public_id}/",
        {"redactions": [], "consent": {**CONSENT, "research": True}},
        format="json",
    )
    assert response.status_code == 409
    story.refresh_from_db()
    assert story.consents.count() == 1
    assert story.status == Status.PUBLISHED
