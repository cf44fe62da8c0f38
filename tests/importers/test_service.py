"""Storing imported accounts: consent rules, provenance, idempotence, redaction, audit."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from archive.anonymise.render import render_story
from archive.importers import service
from archive.importers.service import ImportSettings, import_batch_run, import_file
from archive.models import ImportBatch, ModerationEvent, Redaction, Story
from archive.stories import lifecycle, policy
from archive.stories.audit import verify_chain
from archive.vocabulary import Decision, RedactionKind, Source, Status
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db

POSTS = [
    tweet("101", "#MeToo my first boss, @boss_man, every single day.", mentions=("boss_man",)),
    tweet("102", "Lunch was great today"),
    tweet(
        "103", "Me too. At school, and nobody listened.", created="Mon Oct 16 09:00:00 +0000 2017"
    ),
    tweet("104", "#BalanceTonPorc au bureau https://t.co/abc"),
]


@pytest.fixture
def batch(moderator):
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET, created_by=moderator, original_filename="tweets.js"
    )


def run(path, batch, **how):
    return import_file(path=path, batch=batch, how=ImportSettings(**how))


def test_a_dataset_import_lands_accounts_awaiting_consent_with_no_consent(write, batch):
    report = run(write("tweets.js", tweets_js(POSTS)), batch)
    assert (report.tally.read, report.tally.matched, report.imported) == (4, 3, 3)
    stories = Story.objects.filter(import_batch=batch)
    assert stories.count() == 3
    for story in stories:
        assert story.status == Status.AWAITING_CONSENT
        assert story.source == Source.IMPORT
        assert not story.consents.exists()
        assert policy.publish_blockers(story)
    assert not Story.objects.public().exists()


def test_an_imported_account_cannot_be_published_without_consent(write, batch):
    run(write("tweets.js", tweets_js(POSTS)), batch)
    story = Story.objects.get(source_id="103")
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.transition(story, lifecycle.Action.PUBLISH)


def test_provenance_is_recorded(write, batch):
    run(write("tweets.js", tweets_js(POSTS)), batch)
    story = Story.objects.get(source_id="103")
    assert story.source_platform == "twitter"
    assert story.source_created_at.isoformat() == "2017-10-16T09:00:00+00:00"
    assert story.year == 2017
    assert story.import_batch == batch
    assert story.import_batch.created_by is not None
    assert story.body == "Me too. At school, and nobody listened."


def test_importing_the_same_file_twice_adds_nothing(write, batch, moderator):
    path = write("tweets.js", tweets_js(POSTS))
    run(path, batch)
    second = ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, created_by=moderator)
    report = run(path, second)
    assert (report.imported, report.duplicates) == (0, 3)
    assert Story.objects.count() == 3


def test_the_same_text_posted_twice_is_marked_as_a_near_duplicate(write, batch, moderator):
    posts = [
        tweet("201", "#MeToo It was my coach https://t.co/one"),
        tweet("202", "#metoo it was my COACH!! https://t.co/two"),
    ]
    report = run(write("tweets.js", tweets_js(posts)), batch)
    first, second = Story.objects.get(source_id="201"), Story.objects.get(source_id="202")
    assert first.near_duplicate_of is None
    assert second.near_duplicate_of == first
    assert report.near_duplicates == 1
    # Across imports too.
    later = ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, created_by=moderator)
    run(write("more.js", tweets_js([tweet("203", "#MeToo it was my coach")])), later)
    assert Story.objects.get(source_id="203").near_duplicate_of == first


def test_the_fingerprint_reveals_nothing_without_the_hashing_key(settings):
    from archive.importers.fingerprint import text_fingerprint

    before = text_fingerprint("me too")
    settings.HASHING_KEY = "another-hashing-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    assert text_fingerprint("me too") != before


def test_rotating_the_secret_key_keeps_fingerprints_and_erased_posts_recognised(settings):
    from archive.identifiers import erased_source_key
    from archive.importers.fingerprint import text_fingerprint

    before = (text_fingerprint("me too"), erased_source_key("twitter", "101"))
    settings.SECRET_KEY = "a-rotated-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    assert (text_fingerprint("me too"), erased_source_key("twitter", "101")) == before


def test_handles_of_other_people_are_hidden_by_default(write, batch):
    run(write("tweets.js", tweets_js(POSTS)), batch)
    story = Story.objects.get(source_id="101")
    (hidden,) = story.redactions.all()
    assert (hidden.kind, hidden.decision) == (RedactionKind.HANDLE, Decision.ACCEPTED)
    assert story.body[hidden.start : hidden.end] == "@boss_man"
    shown = render_story(story)[1]
    assert "@boss_man" not in shown
    assert "[handle]" in shown
    assert story.public_body == ""  # stored in clear only once published


def test_the_imported_text_is_encrypted_at_rest(write, batch):
    run(write("tweets.js", tweets_js(POSTS)), batch)
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM archive_story")
        raw = [row[0] for row in cursor.fetchall()]
    assert raw and not any("school" in value or "MeToo" in value for value in raw)


def test_every_imported_account_has_one_chained_creation_event(write, batch):
    run(write("tweets.js", tweets_js(POSTS)), batch)
    for story in Story.objects.all():
        actions = list(story.events.values_list("action", flat=True))
        assert actions == [ModerationEvent.Action.CREATE]
    assert list(verify_chain()) == []


def test_one_record_that_cannot_be_stored_is_reported_and_the_rest_imported(
    write, batch, monkeypatch
):
    real = service.text_fingerprint

    def fragile(text):
        if "school" in text:
            raise ValueError("cannot")
        return real(text)

    monkeypatch.setattr(service, "text_fingerprint", fragile)
    report = run(write("tweets.js", tweets_js(POSTS)), batch)
    assert report.imported == 2
    assert report.tally.errors == 1
    assert report.problems == [
        {"record": 3, "error": "record 3: could not be stored (ValueError).", "skipped": False}
    ]
    assert not Story.objects.filter(source_id="103").exists()
    assert not Redaction.objects.filter(story__source_id="103").exists()


def test_a_thread_whose_first_post_came_first_is_joined_into_its_account(write, batch):
    lines = [
        {
            "data": {
                "id": "1",
                "author_id": "a",
                "text": "#MeToo part one",
                "created_at": "2017-10-15T10:00:00Z",
            }
        },
        {
            "data": {
                "id": "2",
                "author_id": "b",
                "text": "unrelated #MeToo",
                "created_at": "2017-10-15T10:01:00Z",
            }
        },
        {
            "data": {
                "id": "3",
                "author_id": "a",
                "in_reply_to_user_id": "a",
                "referenced_tweets": [{"type": "replied_to", "id": "1"}],
                "text": "part two, where it ends",
                "created_at": "2017-10-15T10:02:00Z",
            }
        },
    ]
    path = write("stream.jsonl", "\n".join(json.dumps(line) for line in lines))
    report = run(path, batch)
    assert report.imported == 2
    story = Story.objects.get(source_id="1")
    assert story.body == "#MeToo part one\n\npart two, where it ends"
    assert not Story.objects.filter(source_id="3").exists()
    # Importing it again changes nothing.
    run(path, batch)
    story.refresh_from_db()
    assert story.body.count("part two") == 1


def _uploaded_batch(moderator, name: str, content: bytes) -> ImportBatch:
    batch = ImportBatch(kind=ImportBatch.Kind.DATASET, created_by=moderator, original_filename=name)
    batch.file.save(name, ContentFile(content), save=False)
    batch.save()
    return batch


def test_running_a_batch_records_the_report_and_deletes_the_upload(moderator):
    batch = _uploaded_batch(moderator, "tweets.js", tweets_js(POSTS))
    path = batch.file.path
    assert import_batch_run(batch_id=batch.pk) == ImportBatch.State.DONE
    batch.refresh_from_db()
    assert (batch.read, batch.matched, batch.imported, batch.duplicates) == (4, 3, 3, 0)
    assert batch.format == "twitter-archive"
    assert batch.finished_at is not None
    assert not batch.file
    import os

    assert not os.path.exists(path)


def test_running_a_batch_twice_has_one_effect(moderator):
    batch = _uploaded_batch(moderator, "tweets.js", tweets_js(POSTS))
    import_batch_run(batch_id=batch.pk)
    assert import_batch_run(batch_id=batch.pk) == ImportBatch.State.DONE
    assert Story.objects.count() == 3


def test_a_batch_abandoned_by_a_dead_worker_is_finished_without_counting_duplicates(moderator):
    from datetime import timedelta

    from django.utils import timezone

    batch = _uploaded_batch(moderator, "tweets.js", tweets_js(POSTS))
    path = batch.file.path
    import shutil

    keep = path + ".copy"
    shutil.copy(path, keep)
    import_batch_run(batch_id=batch.pk)
    # As if the worker had died mid-way: the state says running, the heartbeat is old.
    shutil.copy(keep, path)
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=ImportBatch.State.RUNNING,
        file=batch.file.name,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert import_batch_run(batch_id=batch.pk) == ImportBatch.State.DONE
    batch.refresh_from_db()
    assert (batch.imported, batch.duplicates) == (3, 0)
    assert Story.objects.count() == 3


def test_a_live_batch_is_left_to_the_worker_importing_it(moderator):
    from django.utils import timezone

    batch = _uploaded_batch(moderator, "tweets.js", tweets_js(POSTS))
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=ImportBatch.State.RUNNING, heartbeat_at=timezone.now()
    )
    assert import_batch_run(batch_id=batch.pk) == "running elsewhere"
    assert not Story.objects.exists()


def test_a_batch_that_cannot_be_read_fails_with_the_reason_and_the_file_is_deleted(moderator):
    batch = _uploaded_batch(moderator, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    path = batch.file.path
    assert import_batch_run(batch_id=batch.pk) == ImportBatch.State.FAILED
    batch.refresh_from_db()
    assert "not a text file" in batch.error
    import os

    assert not os.path.exists(path)


def test_the_import_task_runs_twice_with_one_effect(moderator):
    from archive.tasks import import_batch_task

    batch = _uploaded_batch(moderator, "tweets.js", tweets_js(POSTS))
    import_batch_task(batch.pk)
    import_batch_task(batch.pk)
    assert Story.objects.count() == 3


def test_batch_detection_hides_other_peoples_names_by_default(write, batch):
    posts = [tweet("301", "My manager Paul Martin cornered me in Lyon. #MeToo")]
    run(write("tweets.js", tweets_js(posts)), batch)
    assert service.import_batch_detect(batch_id=batch.pk) == 1
    story = Story.objects.get(source_id="301")
    names = story.redactions.filter(kind=RedactionKind.NAME)
    assert names.exists()
    assert all(r.decision == Decision.ACCEPTED for r in names)
    # Other details wait for a moderator's decision.
    assert story.redactions.filter(kind=RedactionKind.PLACE, decision=Decision.PENDING).exists()
    assert "Paul Martin" not in story.public_body
    # Running it again changes nothing.
    before = list(story.redactions.values_list("pk", "decision"))
    service.import_batch_detect(batch_id=batch.pk)
    assert list(story.redactions.values_list("pk", "decision")) == before


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_background_writer_stores_every_chunk_in_order(write, moderator):
    """Outside a transaction, PostgreSQL imports write chunks from a second thread."""
    if connection.vendor != "postgresql":
        pytest.skip("the background writer is used on PostgreSQL only")
    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, created_by=moderator)
    posts = [tweet(str(1000 + n), f"#MeToo number {n} at work") for n in range(25)]
    posts.append(tweet("1003", "#MeToo number 3 at work"))  # a duplicate in a later chunk
    writer_chunk = service.CHUNK
    service.CHUNK = 4
    try:
        report = run(write("tweets.js", tweets_js(posts)), batch)
    finally:
        service.CHUNK = writer_chunk
    assert (report.imported, report.duplicates) == (25, 1)
    assert Story.objects.filter(import_batch=batch).count() == 25
    assert ModerationEvent.objects.filter(story__import_batch=batch).count() == 25
    assert list(verify_chain()) == []


@pytest.fixture
def worker_media(settings, monkeypatch):
    """The worker process reads uploads from the same MEDIA_ROOT as this test."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.mark.worker
def test_an_uploaded_batch_is_imported_by_a_real_worker_through_redis(
    worker_media, celery_worker_process, moderator
):
    from archive import queue
    from tests.worker import wait_for

    batch = _uploaded_batch(moderator, "tweets.js", tweets_js(POSTS))
    queue.send(queue.IMPORT_BATCH, batch.pk)

    def finished():
        batch.refresh_from_db()
        return batch.state == ImportBatch.State.DONE

    assert wait_for(finished), celery_worker_process.log_path.read_text()[-2000:]
    assert batch.imported == 3
    assert Story.objects.filter(import_batch=batch, status=Status.AWAITING_CONSENT).count() == 3
    assert "archive.import_batch" in celery_worker_process.log_path.read_text()


def test_batches_whose_task_was_lost_are_enqueued_again(moderator, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from archive.importers.service import import_batches_resume

    long_ago = timezone.now() - timedelta(hours=1)
    waiting = _uploaded_batch(moderator, "a.js", tweets_js(POSTS))
    ImportBatch.objects.filter(pk=waiting.pk).update(created_at=long_ago)
    abandoned = ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET, state=ImportBatch.State.RUNNING, heartbeat_at=long_ago
    )
    ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET)  # just uploaded
    ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET, state=ImportBatch.State.RUNNING, heartbeat_at=timezone.now()
    )
    ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, state=ImportBatch.State.DONE)
    sent = []
    monkeypatch.setattr("archive.queue.send", lambda name, *args: sent.append((name, args)))
    assert sorted(import_batches_resume()) == sorted([waiting.pk, abandoned.pk])
    assert sorted(sent) == sorted(
        [("archive.import_batch", (waiting.pk,)), ("archive.import_batch", (abandoned.pk,))]
    )


def test_one_post_stored_alone_or_in_bulk_gives_the_same_row_events_and_redactions(
    write, batch, moderator
):
    """The bulk writer and `story_create` build a post's account with the same helpers."""
    from dataclasses import replace

    from archive.stories import services
    from tests.importers.helpers import accounts_of

    (post,) = accounts_of(write("tweets.js", tweets_js(POSTS[:1])))[0]
    writer = service.StoryWriter(batch, service.Report())
    writer.add(post)
    writer.close()
    bulk = Story.objects.get(source_id=post.source_id)

    alone_post = replace(post, source_id="alone")
    provenance = service.post_provenance(alone_post, batch)
    alone, _code = services.story_create(
        **service.post_story_values(alone_post),
        consent=None,
        source=Source.IMPORT,
        actor=moderator,
        recognise_language=False,
        submit=False,
        text_fingerprint=bulk.text_fingerprint,
        near_duplicate_of_id=bulk.near_duplicate_of_id,
        **provenance,
    )

    different = {"id", "public_id", "source_id", "created_at", "updated_at"}
    fields = [f.attname for f in Story._meta.concrete_fields if f.attname not in different]
    row = Story.objects.filter(pk__in=[bulk.pk, alone.pk]).values(*fields)
    assert row.get(pk=bulk.pk) == row.get(pk=alone.pk)

    def events(story):
        return list(
            story.events.values_list("actor_id", "actor_kind", "action", "to_status", "note")
        )

    def spans(story):
        return list(
            story.redactions.order_by("start").values_list(
                "field", "start", "end", "kind", "source", "decision", "replacement"
            )
        )

    assert (
        events(bulk)
        == events(alone)
        == [
            (
                moderator.pk,
                "system",
                ModerationEvent.Action.CREATE,
                Status.AWAITING_CONSENT,
                "import",
            )
        ]
    )
    assert spans(bulk) == spans(alone)
    assert spans(bulk)[0][3] == RedactionKind.HANDLE
    assert list(verify_chain()) == []
