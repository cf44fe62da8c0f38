"""Hostile uploads: read by a worker within limits, never in the request, and failed kindly."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from archive import queue
from archive.importers.service import contributor_batches_expire
from archive.models import ImportBatch, Story
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024


def zip_of_zeros(members: int = 300, size: int = MiB) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(members):
            archive.writestr(f"data/tweets-part{n}.js", b"\0" * size)
    return buffer.getvalue()


def one_line_json(size: int) -> bytes:
    return json.dumps([{"id_str": "1", "full_text": "#MeToo " + "a" * size}]).encode()


def post_upload(client, content: bytes, name: str, fmt: str = ""):
    """POST the upload without running the task: what the request itself does."""
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("archive:import_upload"), {"file": file, "format": fmt})


def read_in_worker(batch: ImportBatch) -> tuple[str, int]:
    """Run the read task as a worker would; returns (final state, peak traced bytes)."""
    tracemalloc.start()
    try:
        queue.send(queue.READ_CONTRIBUTOR_UPLOAD, batch.pk)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    batch.refresh_from_db()
    return batch.state, peak


def test_the_request_only_stores_the_upload_encrypted_and_returns_at_once(client, contributor):
    client.force_login(contributor)
    hostile = zip_of_zeros()

    started = time.monotonic()
    response = post_upload(client, hostile, "archive.zip")
    elapsed = time.monotonic() - started

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("archive:import_progress", args=[batch.pk])
    assert batch.state == ImportBatch.State.RUNNING
    assert batch.read == 0 and batch.heartbeat_at is None
    stored = batch.file.read()
    assert b"PK\x03\x04" not in stored and b"data/tweets" not in stored
    assert elapsed < 5, f"the request took {elapsed:.1f}s"


def test_a_zip_of_300_members_of_zeros_fails_with_a_clear_message(client, contributor):
    client.force_login(contributor)
    post_upload(client, zip_of_zeros(), "archive.zip")
    batch = ImportBatch.objects.get()
    stored = batch.file.path

    state, peak = read_in_worker(batch)
    again, _peak = read_in_worker(batch)

    assert (state, again) == (ImportBatch.State.FAILED, ImportBatch.State.FAILED)
    assert "zip bomb" in batch.error
    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert not batch.file and not __import__("os").path.exists(stored)
    page = client.get(reverse("archive:import_progress", args=[batch.pk]))
    assert page.status_code == 200
    assert "We could not read this file" in page.text and "zip bomb" in page.text
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("name", "fmt", "content"),
    [
        ("statuses.json", "twitter-v1", one_line_json(24 * MiB)),
        ("tweets.jsonl", "twitter-v2", json.dumps({"data": {"text": "a" * 24 * MiB}}).encode()),
    ],
)
def test_one_huge_line_of_json_is_read_in_flat_memory_and_fails_kindly(
    client, contributor, settings, name, fmt, content
):
    settings.CHORUS = {**settings.CHORUS, "IMPORT_MAX_LINE_KB": 256, "IMPORT_MAX_RECORD_KB": 256}
    client.force_login(contributor)
    post_upload(client, content, name, fmt)
    batch = ImportBatch.objects.get()

    state, peak = read_in_worker(batch)

    assert state == ImportBatch.State.FAILED
    assert "We could not read any post from this file" in batch.error
    assert "larger than 256 KB" in batch.error or "longer than 256 KB" in batch.error
    # The file is 24 MiB on one line; reading it never holds more than a few MiB.
    assert peak < 6 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_json_nested_too_deeply_is_reported_not_a_crash(client, contributor):
    client.force_login(contributor)
    deep = ("[" * 5000 + "]" * 5000).encode()
    fine = {"data": {"id": "5", "author_id": "9", "text": "#MeToo it happened to me too"}}
    lines = b"\n".join([json.dumps(fine).encode(), deep])
    post_upload(client, lines, "tweets.jsonl", "twitter-v2")
    batch = ImportBatch.objects.get()

    state, _peak = read_in_worker(batch)

    assert state == ImportBatch.State.PENDING, batch.error
    assert any("nested more than" in p["error"] for p in batch.errors)


def test_more_records_than_the_limit_fail_with_a_clear_message(client, contributor, settings):
    settings.CHORUS = {**settings.CHORUS, "IMPORT_CONTRIBUTOR_MAX_RECORDS": 2}
    client.force_login(contributor)
    posts = [tweet(str(n), f"Me too, number {n}.") for n in range(1, 5)]
    post_upload(client, tweets_js(posts), "tweets.js")
    batch = ImportBatch.objects.get()

    state, _peak = read_in_worker(batch)

    assert state == ImportBatch.State.FAILED
    assert "more than 2 posts" in batch.error


def test_the_progress_page_reloads_itself_while_reading_and_works_without_javascript(
    client, contributor
):
    client.force_login(contributor)
    post_upload(client, tweets_js([tweet("1", "Me too.")]), "tweets.js")
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now(), read=1234)

    page = client.get(reverse("archive:import_progress", args=[batch.pk]))

    assert page.status_code == 200
    assert '<meta http-equiv="refresh"' in page.text
    assert "1234 posts read so far" in page.text
    # The choice page is not reachable until reading is done.
    choose = client.get(reverse("archive:import_choose", args=[batch.pk]))
    assert choose["Location"] == reverse("archive:import_progress", args=[batch.pk])


def test_someone_elses_progress_page_is_a_404(client, contributor, other_contributor):
    client.force_login(contributor)
    post_upload(client, tweets_js([tweet("1", "Me too.")]), "tweets.js")
    batch = ImportBatch.objects.get()
    client.force_login(other_contributor)

    assert client.get(reverse("archive:import_progress", args=[batch.pk])).status_code == 404


def test_a_read_whose_worker_was_lost_expires_with_a_kind_message(client, contributor):
    client.force_login(contributor)
    post_upload(client, tweets_js([tweet("1", "Me too.")]), "tweets.js")
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - timedelta(minutes=30)
    )

    assert contributor_batches_expire() == 1
    assert contributor_batches_expire() == 0

    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.FAILED and not batch.file
    assert "upload it again" in batch.error
    # A task delivered late finds nothing to do.
    assert read_in_worker(batch)[0] == ImportBatch.State.FAILED


def test_the_upload_task_with_a_working_file_builds_the_preview(client, contributor):
    client.force_login(contributor)
    post_upload(
        client, tweets_js([tweet("1", "Me too, at work."), tweet("2", "Lunch")]), "tweets.js"
    )
    batch = ImportBatch.objects.get()

    state, _peak = read_in_worker(batch)
    again, _peak = read_in_worker(batch)

    assert (state, again) == (ImportBatch.State.PENDING, ImportBatch.State.PENDING)
    assert (batch.read, batch.matched) == (2, 1)
    assert not batch.file
