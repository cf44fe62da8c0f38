"""Erasure and account deletion leave nothing that identifies a person.

Every column of every row that could concern the erased story is listed against what a
content-free tombstone may keep, so a field added later fails here until someone decides
what erasure does with it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.services import account_delete
from archive.importers import service as imports
from archive.models import ConsentRecord, ImportBatch, ModerationEvent, Redaction, Report, Story
from archive.moderation import services as moderation
from archive.search.models import SearchEntry
from archive.stories import services
from archive.vocabulary import Status
from tests.factories import UserFactory, make_story
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db

# What a tombstone may keep, and what each kept value may look like.
KEPT = {
    "id": None,
    "public_id": re.compile(r"[a-z0-9]{16}"),
    "status": re.compile(r"withdrawn"),
    "source": re.compile(r"web|api|import"),
    "version": None,
    "text_version": None,
    "detected_version": None,
    "created_at": None,
    "updated_at": None,
    "submitted_at": None,
    "published_at": None,
    "withdrawn_at": None,
    "erased_at": None,
    # A keyed hash of where an imported post came from, so a new import skips it.
    "source_platform": re.compile(r"erased"),
    "source_id": re.compile(r"[0-9a-f]{40}"),
    "display_name": re.compile(r"anonymous"),
}
EMPTY = (None, "", [], {})


def _imported_story(client, tmp_path, person):
    client.force_login(person)
    upload = tmp_path / "tweets.js"
    upload.write_bytes(
        tweets_js(
            [
                tweet("77", "#MeToo Rhona Calder at Kestrel Freight, 2016.", mentions=("boss",)),
                tweet("78", "#MeToo Rhona Calder at Kestrel Freight, 2016."),
            ]
        )
    )
    # The upload is read by a task (in-process here, on commit); its page then leads on.
    with upload.open("rb") as handle, TestCase.captureOnCommitCallbacks(execute=True):
        reading = client.post(reverse("archive:import_upload"), {"file": handle})["Location"]
    choose = client.get(reading)["Location"]
    client.post(
        choose,
        {
            "posts": ["77", "78"],
            "display_name": "pseudonym",
            "pseudonym": "Rhona",
            "redact_terms": "Kestrel Freight = my workplace",
            "content_notes": ["harassment"],
            "publish": "on",
            "contact": "on",
            "contact_address": "rhona@example.org",
        },
    )
    return Story.objects.get(source_id="77"), Story.objects.get(source_id="78")


def test_an_erased_story_keeps_only_a_content_free_tombstone(
    client, tmp_path, contributor, moderator
):
    story, twin = _imported_story(client, tmp_path, contributor)
    assert twin.near_duplicate_of == story
    Story.objects.filter(pk=story.pk).update(
        year=2016, country="GB", setting="workplace", tags=["work"], risk_flags=[{"code": "x"}]
    )
    moderation.note_add(story=story, actor=moderator, text="Spoke to Rhona Calder.")
    Report.objects.create(story=story, reason="identifies", details="This is Rhona Calder")

    services.story_erase(story=story, actor_kind="contributor")

    row = Story.objects.filter(pk=story.pk).values().get()
    for field, value in row.items():
        rule = KEPT.get(field, False)
        if rule is False:
            assert value in EMPTY or value is False, f"{field} kept {value!r}"
        elif rule is not None:
            assert rule.fullmatch(str(value)), f"{field} kept {value!r}"
    assert not Redaction.objects.filter(story=story).exists()
    assert not SearchEntry.objects.filter(story=story).exists()
    assert set(Report.objects.filter(story=story).values_list("details", flat=True)) == {""}
    assert set(ModerationEvent.objects.filter(story=story).values_list("note", flat=True)) == {""}
    assert ConsentRecord.objects.filter(story=story).exists()  # when and what, nothing else
    twin.refresh_from_db()
    assert twin.near_duplicate_of is None

    from archive.stories.audit import verify_chain

    assert list(verify_chain()) == []


def test_an_erased_post_is_not_imported_again(client, tmp_path, contributor, moderator):
    story, _twin = _imported_story(client, tmp_path, contributor)
    services.story_erase(story=story, actor_kind="contributor")

    path = tmp_path / "again.js"
    path.write_bytes(tweets_js([tweet("77", "#MeToo Rhona Calder at Kestrel Freight, 2016.")]))
    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, created_by=moderator)
    report = imports.import_file(path=path, batch=batch, how=imports.ImportSettings())

    assert (report.imported, report.duplicates) == (0, 1)
    assert not Story.objects.filter(source_id="77").exists()


def test_deleting_an_account_deletes_its_imports_and_their_files(client, tmp_path, moderator):
    person = UserFactory(role=roles.CONTRIBUTOR)
    _imported_story(client, tmp_path, person)
    pending = ImportBatch.objects.create(
        kind=ImportBatch.Kind.CONTRIBUTOR,
        created_by=person,
        original_filename="rhona_calder_tweets.js",
        options={"preview": "encrypted"},
    )
    dataset = ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, created_by=person)

    account_delete(user=person, keep_stories=False)

    assert not ImportBatch.objects.filter(kind=ImportBatch.Kind.CONTRIBUTOR).exists()
    assert not ImportBatch.objects.filter(pk=pending.pk).exists()
    dataset.refresh_from_db()
    assert dataset.created_by is None
    assert not Story.objects.exclude(erased_at__isnull=False).filter(source_id__in=["77", "78"])


def test_stuck_uploads_and_old_previews_are_forgotten(contributor, settings, tmp_path):
    old = timezone.now() - timedelta(days=2)
    preview = ImportBatch.objects.create(
        kind=ImportBatch.Kind.CONTRIBUTOR,
        created_by=contributor,
        state=ImportBatch.State.PENDING,
        options={"preview": "x"},
    )
    stuck = ImportBatch.objects.create(
        kind=ImportBatch.Kind.CONTRIBUTOR, created_by=contributor, state=ImportBatch.State.RUNNING
    )
    fresh = ImportBatch.objects.create(
        kind=ImportBatch.Kind.CONTRIBUTOR, created_by=contributor, state=ImportBatch.State.PENDING
    )
    ImportBatch.objects.filter(pk__in=[preview.pk, stuck.pk]).update(created_at=old)

    assert imports.contributor_batches_expire() == 2
    assert imports.contributor_batches_expire() == 0  # idempotent
    for batch in (preview, stuck):
        batch.refresh_from_db()
        assert batch.state == ImportBatch.State.FAILED
        assert "preview" not in batch.options
    fresh.refresh_from_db()
    assert fresh.state == ImportBatch.State.PENDING


def test_a_withdrawn_story_erased_after_retention_is_a_tombstone_too(settings):
    story = make_story(status=Status.WITHDRAWN, body="Rhona Calder", year=2016, country="GB")
    Story.objects.filter(pk=story.pk).update(withdrawn_at=timezone.now() - timedelta(days=99))
    assert services.erase_expired_originals() == 1
    story.refresh_from_db()
    assert (story.body, story.year, story.country) == ("", None, "")
