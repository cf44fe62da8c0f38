"""Coming back: edit, change consent, withdraw and erase, and what each does to public surfaces."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from archive.models import Story
from archive.search.index import index_story
from archive.search.models import SearchEntry
from archive.stories import lifecycle
from archive.vocabulary import Status
from tests.contribute.helpers import submit_story, write_data

pytestmark = pytest.mark.django_db


def _published(client) -> Story:
    story, _code, _ = submit_story(client)
    lifecycle.transition(story, lifecycle.Action.START_REVIEW)
    lifecycle.transition(story, lifecycle.Action.PUBLISH)
    index_story(story.pk)
    story.refresh_from_db()
    assert Story.objects.public().filter(pk=story.pk).exists()
    assert SearchEntry.objects.filter(story=story).exists()
    return story


def _search_finds(story) -> bool:
    try:
        from archive.search import SearchQuery, search
    except ImportError:  # the search engine has not landed: the index entry is the proof
        return SearchEntry.objects.filter(story=story).exists()
    hits = search(SearchQuery(text="storeroom", with_facets=False)).hits
    return any(hit.public_id == story.public_id for hit in hits)


def _everywhere(client, story) -> dict[str, bool]:
    visitor = Client()
    page = visitor.get(reverse("archive:story_detail", args=[story.public_id]))
    api = visitor.get(f"/api/v1/stories/{story.public_id}/")
    return {
        "queryset": Story.objects.public().filter(pk=story.pk).exists(),
        "index": SearchEntry.objects.filter(story=story).exists(),
        "search": _search_finds(story),
        "page": page.status_code == 200,
        "api": api.status_code == 200,
    }


def test_a_published_story_is_on_every_public_surface(client):
    story = _published(client)
    assert all(_everywhere(client, story).values())


def test_withdrawal_removes_the_story_from_every_public_surface_in_the_same_request(client):
    story = _published(client)
    response = client.post(reverse("archive:contribute_withdraw", args=[story.public_id]))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    assert not any(_everywhere(client, story).values())
    # The original is kept for the retention window; the contributor can still read it.
    assert story.body
    assert (
        client.get(reverse("archive:contribute_status", args=[story.public_id])).status_code == 200
    )


def test_withdrawing_asks_first(client):
    story = _published(client)
    page = client.get(reverse("archive:contribute_withdraw", args=[story.public_id]))
    assert "disappears at once" in page.content.decode()
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_erasing_deletes_the_original_now_and_the_claim_code_stops_working(client):
    story = _published(client)
    code_client = Client()
    response = client.post(reverse("archive:contribute_erase", args=[story.public_id]))
    assert response.status_code == 200
    assert "erased" in response.content.decode()
    story.refresh_from_db()
    assert story.erased_at is not None
    assert story.body == story.title == story.contact_address == story.redact_terms == ""
    assert story.claim_code_hash is None
    assert not story.redactions.exists()
    assert not any(_everywhere(client, story).values())
    # A content-free tombstone and the audit trail remain.
    assert story.events.filter(action="erase").exists()
    assert (
        client.get(reverse("archive:contribute_status", args=[story.public_id])).status_code == 404
    )
    assert code_client.post(reverse("archive:contribute_return"), {"code": "x"}).status_code == 200


def test_editing_a_published_story_sends_it_back_to_review_with_a_new_version(client):
    story = _published(client)
    version = story.version
    url = reverse("archive:contribute_edit", args=[story.public_id])
    data = write_data(body="A new version of what happened in the storeroom at work.")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "archive:contribute_mine_anonymise", args=[story.public_id]
    )
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED
    assert story.version > version
    assert story.body.startswith("A new version")
    assert not any(_everywhere(client, story).values())
    assert story.events.filter(action="edit").exists()


def test_an_edit_with_bad_input_keeps_what_was_typed_and_changes_nothing(client):
    story = _published(client)
    url = reverse("archive:contribute_edit", args=[story.public_id])
    response = client.post(url, write_data(body="New words", year="3000"))
    assert response.status_code == 200
    assert "New words" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_after_an_edit_the_contributor_can_decide_the_details_again(client):
    story, _code, _ = submit_story(client)
    url = reverse("archive:contribute_mine_anonymise", args=[story.public_id])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, {"display_name": "pseudonym", "pseudonym": "Lou", "redact_terms": "", "continue": "1"}
    )
    assert response["Location"] == reverse("archive:contribute_status", args=[story.public_id])
    story.refresh_from_db()
    assert story.public_author == "Lou"


def test_a_published_story_cannot_be_reanonymised_without_going_back_to_review(client):
    story = _published(client)
    url = reverse("archive:contribute_mine_anonymise", args=[story.public_id])
    assert client.get(url)["Location"] == reverse(
        "archive:contribute_status", args=[story.public_id]
    )


def test_a_withdrawn_story_cannot_be_edited(client):
    story, _code, _ = submit_story(client)
    client.post(reverse("archive:contribute_withdraw", args=[story.public_id]))
    response = client.post(
        reverse("archive:contribute_edit", args=[story.public_id]), write_data(body="again")
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.body != "again"


def test_withdrawing_consent_to_publish_takes_the_story_off_at_once(client):
    story = _published(client)
    url = reverse("archive:contribute_change_consent", args=[story.public_id])
    page = client.get(url)
    assert page.context["form"].initial["publish"] is True
    response = client.post(url, {"research": "on"})
    assert response.status_code == 302
    assert not any(_everywhere(client, story).values())
    story.refresh_from_db()
    assert story.current_consent().research and not story.current_consent().publish
    assert story.consents.count() == 2


def test_an_embargo_added_later_takes_the_story_off_until_the_date(client):
    story = _published(client)
    url = reverse("archive:contribute_change_consent", args=[story.public_id])
    client.post(url, {"publish": "on", "embargo_until": "2999-01-01"})
    assert not any(_everywhere(client, story).values())


def test_a_consent_change_with_bad_input_changes_nothing(client):
    story = _published(client)
    url = reverse("archive:contribute_change_consent", args=[story.public_id])
    response = client.post(url, {"contact": "on"})
    assert response.status_code == 200
    assert story.consents.count() == 1


def test_moderators_messages_appear_but_only_for_the_owner(client):
    story, _code, _ = submit_story(client)
    lifecycle.transition(story, lifecycle.Action.REJECT, note="It names a child.")
    page = client.get(reverse("archive:contribute_status", args=[story.public_id]))
    assert "It names a child." in page.content.decode()
    assert "Not published" in page.content.decode()


def test_an_imported_account_waiting_for_consent_goes_to_review_once_its_owner_answers(
    client, contributor
):
    from tests.factories import make_story

    story = make_story(status=Status.AWAITING_CONSENT, contributor=contributor)
    client.force_login(contributor)
    response = client.post(
        reverse("archive:contribute_change_consent", args=[story.public_id]),
        {"publish": "on", "statistics": "on"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED
    assert story.current_consent().publish


def test_the_edit_page_repeats_what_the_moderator_asked(client):
    story, _code, _ = submit_story(client)
    lifecycle.transition(story, lifecycle.Action.REQUEST_CHANGES, note="Please remove the town.")
    page = client.get(reverse("archive:contribute_edit", args=[story.public_id]))
    assert "Please remove the town." in page.content.decode()


def test_the_status_page_links_to_the_public_page_only_when_public(client):
    story = _published(client)
    status_url = reverse("archive:contribute_status", args=[story.public_id])
    public_url = reverse("archive:story_detail", args=[story.public_id])
    assert public_url in client.get(status_url).content.decode()
    client.post(reverse("archive:contribute_withdraw", args=[story.public_id]))
    assert public_url not in client.get(status_url).content.decode()


def test_changing_consent_keeps_the_contact_address_filled_in(client):
    story, _code, _ = submit_story(
        client,
        consent={"publish": "on", "contact": "on", "contact_address": "sam@example.org"},
    )
    url = reverse("archive:contribute_change_consent", args=[story.public_id])

    form = client.get(url).context["form"]
    assert form.initial["contact"] is True
    assert form.initial["contact_address"] == "sam@example.org"
    # Saving what the page shows, with one choice added, works first time.
    data = {k: "on" for k, v in form.initial.items() if v is True}
    response = client.post(url, {**data, "research": "on", "contact_address": "sam@example.org"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.contact_address == "sam@example.org" and story.current_consent().research
