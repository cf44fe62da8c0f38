"""A contributor brings back their own posts on the site: upload, choose, consent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from archive.anonymise.render import render_story
from archive.models import ConsentRecord, ImportBatch, Story
from archive.vocabulary import ConsentMethod, Decision, RedactionKind, Source, Status
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db

POSTS = [
    tweet("11", "#MeToo my coach @coach_k said it was normal.", mentions=("coach_k",)),
    tweet("12", "Lunch with friends"),
    tweet("13", "Me too, at sixteen, on the bus home."),
]
NO_CONSENT = {"publish": "", "research": "", "quote": "", "statistics": "", "contact": ""}


def upload(client, content: bytes = b"", name: str = "tweets.js"):
    file = SimpleUploadedFile(
        name, content or tweets_js(POSTS), content_type="application/javascript"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("archive:import_upload"), {"file": file, "format": ""})
    if response.status_code == 302 and "/reading/" in response["Location"]:
        # The upload is read by the task (in-process here); its page then moves on.
        return client.get(response["Location"])
    return response


def choose_data(**overrides) -> dict:
    data = {
        "posts": ["11"],
        "display_name": "anonymous",
        "pseudonym": "",
        "redact_terms": "",
        **NO_CONSENT,
        "publish": "on",
        "statistics": "on",
    }
    data.update(overrides)
    return data


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(client):
    response = client.get(reverse("archive:import_upload"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    response = upload(client)
    assert response.status_code == 302
    assert not ImportBatch.objects.exists()


def test_uploading_an_export_shows_only_the_matched_posts_with_nothing_ticked(client, contributor):
    client.force_login(contributor)
    response = upload(client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("archive:import_choose", args=[batch.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "my coach" in html and "on the bus home" in html
    assert "Lunch with friends" not in html
    assert 'value="11"' in html and "checked" not in html.split('value="11"')[1].split(">")[0]
    # The redaction preview hides the other person's handle.
    assert "[handle]" in html
    # Nothing is an account yet, and the upload is gone.
    assert not Story.objects.exists()
    assert not batch.file


def test_choosing_posts_stores_them_with_the_contributors_consent(client, contributor):
    client.force_login(contributor)
    batch_url = upload(client)["Location"]
    response = client.post(batch_url, choose_data(posts=["11", "13"]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("archive:import_done", args=[batch.pk])
    stories = Story.objects.order_by("source_id")
    assert [s.source_id for s in stories] == ["11", "13"]
    for story in stories:
        assert story.contributor == contributor
        assert story.status == Status.SUBMITTED
        assert story.source == Source.IMPORT
        assert story.import_batch == batch
        consent = story.current_consent()
        assert consent.method == ConsentMethod.IMPORT
        assert (consent.publish, consent.research, consent.statistics) == (True, False, True)
    handle = stories[0].redactions.get(kind=RedactionKind.HANDLE)
    assert handle.decision == Decision.ACCEPTED
    assert "@coach_k" not in stories[0].public_body
    done = client.get(response["Location"])
    assert "2 accounts were brought in" in done.content.decode()
    # The preview is forgotten once used.
    batch.refresh_from_db()
    assert "preview" not in batch.options


def test_the_preview_is_kept_encrypted(client, contributor):
    client.force_login(contributor)
    upload(client)
    batch = ImportBatch.objects.get()
    assert "on the bus home" not in str(batch.options)


def test_choosing_no_post_asks_again_and_stores_nothing(client, contributor):
    client.force_login(contributor)
    url = upload(client)["Location"]
    response = client.post(url, choose_data(posts=[]))
    assert response.status_code == 400
    assert "Please choose at least one post" in response.content.decode()
    assert not Story.objects.exists()


def test_a_name_to_show_is_required_when_the_contributor_chooses_one(client, contributor):
    client.force_login(contributor)
    url = upload(client)["Location"]
    response = client.post(url, choose_data(display_name="pseudonym"))
    assert response.status_code == 400
    assert not Story.objects.exists()
    client.post(url, choose_data(display_name="pseudonym", pseudonym="Sam"))
    assert Story.objects.get().pseudonym == "Sam"


def test_the_contributors_own_terms_are_hidden_too(client, contributor):
    client.force_login(contributor)
    url = upload(client)["Location"]
    client.post(url, choose_data(posts=["13"], redact_terms="bus"))
    story = Story.objects.get()
    shown = render_story(story)[1]
    assert "bus" not in shown and "[removed]" in shown
    assert ConsentRecord.objects.filter(story=story).count() == 1


def test_a_role_given_for_a_term_is_what_readers_see(client, contributor):
    client.force_login(contributor)
    url = upload(client)["Location"]
    response = client.get(url)
    assert "Paul = my manager" in response.content.decode()  # the form's own example

    client.post(url, choose_data(posts=["11"], redact_terms="coach = my trainer"))

    story = Story.objects.get()
    assert [str(t) for t in story.hidden_terms] == ["coach = my trainer", "@coach_k"]
    shown = render_story(story)[1]
    assert "my trainer" in shown
    assert "coach " not in shown and "@coach_k" not in shown


def test_another_contributor_cannot_see_or_use_someone_elses_import(
    client, contributor, other_contributor
):
    client.force_login(contributor)
    url = upload(client)["Location"]
    batch = ImportBatch.objects.get()
    client.force_login(other_contributor)
    assert client.get(url).status_code == 404
    assert client.post(url, choose_data()).status_code == 404
    assert client.post(reverse("archive:import_cancel", args=[batch.pk])).status_code == 404
    assert client.get(reverse("archive:import_done", args=[batch.pk])).status_code == 404
    assert not Story.objects.exists()


def test_cancelling_forgets_the_preview(client, contributor):
    client.force_login(contributor)
    upload(client)
    batch = ImportBatch.objects.get()
    response = client.post(reverse("archive:import_cancel", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.FAILED
    assert "preview" not in batch.options
    assert client.get(reverse("archive:import_choose", args=[batch.pk])).status_code == 302
    assert not Story.objects.exists()


def test_importing_the_same_posts_again_adds_nothing(client, contributor):
    client.force_login(contributor)
    client.post(upload(client)["Location"], choose_data())
    client.post(upload(client)["Location"], choose_data())
    assert Story.objects.count() == 1
    assert ImportBatch.objects.order_by("-pk").first().duplicates == 1


def test_a_file_that_cannot_be_read_is_explained_and_nothing_kept(client, contributor):
    client.force_login(contributor)
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.png")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not read this file" in html
    assert "not a text file" in html
    assert not Story.objects.exists()


def test_a_file_that_is_not_an_export_says_so_without_quoting_it_or_storing_it(client, contributor):
    """A note read as a table said "Name it in the column mapping…; the file's columns are:
    <its first line>", and kept that line in clear on the batch."""
    client.force_login(contributor)
    first_line = "My manager Paul Martin cornered me in 2017"
    response = upload(client, f"{first_line}\nand nobody believed me\n".encode(), name="notes.txt")
    html = response.content.decode()
    assert "We could not recognise this file as an export from Twitter/X" in html
    assert "column mapping" not in html and first_line not in html
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.FAILED
    assert "Paul Martin" not in batch.error
    assert not Story.objects.exists()


def test_a_file_over_the_contributor_limit_is_refused_before_reading(client, contributor, settings):
    settings.CHORUS = {**settings.CHORUS, "IMPORT_CONTRIBUTOR_MAX_FILE_MB": 0}
    client.force_login(contributor)
    response = upload(client)
    assert response.status_code == 200
    assert "larger than 0 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
