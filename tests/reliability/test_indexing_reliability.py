"""Indexing with a real Celery worker and Redis: nothing lost, nothing leaked.

Run by .ci/run on PostgreSQL with CELERY_BROKER_URL set; skipped elsewhere.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager

import pytest
from django.test import Client

from archive import tasks
from archive.search import SearchQuery, search
from archive.search.models import SearchEntry
from archive.stories import lifecycle
from archive.vocabulary import Status
from tests.factories import make_story
from tests.worker import Worker, broker_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Action = lifecycle.Action


def _public_ids(text: str) -> list[str]:
    return [hit.public_id for hit in search(SearchQuery(text=text)).hits]


@contextmanager
def _broker_unreachable():
    """Point this process's Celery app at a closed port, as if Redis were down."""
    from config.celery_app import app

    def reset_connections():
        # Forget the cached pools; kombu keeps one per broker URL, so the original
        # connections are found again afterwards.
        app._pool = None
        app.amqp._producer_pool = None

    original = app.conf.broker_url
    original_env = os.environ.get("CELERY_BROKER_URL")
    reset_connections()
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    os.environ["CELERY_BROKER_URL"] = app.conf.broker_url = "redis://127.0.0.1:1/0"
    assert app.connection_for_write().as_uri().endswith("127.0.0.1:1/0")
    try:
        yield
    finally:
        reset_connections()
        app.conf.broker_url = original
        if original_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = original_env


@pytest.fixture
def slow_worker(transactional_db, tmp_path, monkeypatch):
    """A worker whose index tasks sleep 4 s first, with a 3 s Redis visibility timeout."""
    from django.db import connection

    if not broker_url() or connection.vendor != "postgresql":
        pytest.skip("needs CELERY_BROKER_URL and PostgreSQL (run by .ci/run)")
    from config.celery_app import app

    app.control.purge()
    app.conf.task_always_eager = False
    monkeypatch.setenv("TEST_INDEX_TASK_DELAY_SECONDS", "4")
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3")
    workers: list[Worker] = []

    def start() -> Worker:
        worker = Worker(tmp_path / f"worker{len(workers)}.log")
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    app.conf.task_always_eager = True


def test_a_published_story_is_searchable_within_seconds(celery_worker_process):
    story = make_story(status=Status.IN_REVIEW, body="The lighthouse keeper's office.")
    started = time.monotonic()

    lifecycle.transition(story, Action.PUBLISH)

    assert wait_for(lambda: _public_ids("lighthouse") == [story.public_id], timeout=10)
    assert time.monotonic() - started < 10


def test_publishing_succeeds_while_the_broker_is_down_and_the_sweep_indexes_it_after(
    celery_worker_process,
):
    story = make_story(status=Status.IN_REVIEW, body="Written during the outage.")

    with _broker_unreachable():
        started = time.monotonic()
        lifecycle.transition(story, Action.PUBLISH)  # the on-commit enqueue fails quietly
        elapsed = time.monotonic() - started
        story.refresh_from_db()
        assert story.status == Status.PUBLISHED
        assert elapsed < 5
        time.sleep(1)
        assert not SearchEntry.objects.filter(story=story).exists()

    # The broker is back: the periodic sweep (as beat would send it) catches up.
    tasks.reconcile_index_task.delay()

    assert wait_for(lambda: _public_ids("outage") == [story.public_id], timeout=20), (
        celery_worker_process.log_path.read_text()[-2000:]
    )


def test_a_worker_killed_mid_task_has_the_task_delivered_again_and_completed_once(slow_worker):
    from config.celery_app import app

    story = make_story(status=Status.PUBLISHED, body="Indexed despite a lost worker.")
    app.control.purge()  # publishing enqueued its own index task: start from a clean queue
    SearchEntry.objects.filter(story=story).delete()
    first = slow_worker()

    result = tasks.index_story_task.delay(story.pk)
    received = f"archive.index_story[{result.id}] received"
    assert wait_for(lambda: received in first.log_path.read_text(), timeout=10), (
        first.log_path.read_text()[-2000:]
    )
    first.kill()  # mid-task: the index task sleeps 4 s before writing
    assert not SearchEntry.objects.filter(story=story).exists()

    # A worker killed while it held kombu's restore lock leaves it for 5 minutes: drop it,
    # as its expiry would, so this test does not wait on that.
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.client.delete(channel.qos.unacked_mutex_key)
    time.sleep(3.5)  # past the visibility timeout, so Redis hands the message out again
    second = slow_worker()

    assert wait_for(lambda: SearchEntry.objects.filter(story=story).exists(), timeout=60), (
        second.log_path.read_text()[-2000:]
    )
    time.sleep(6)  # a duplicate delivery would have finished by now
    successes = re.findall(
        rf"Task archive\.index_story\[{result.id}\] succeeded", second.log_path.read_text()
    )
    assert len(successes) == 1
    assert SearchEntry.objects.filter(story=story).count() == 1
    assert "succeeded" not in first.log_path.read_text()


def test_a_withdrawn_story_is_gone_from_search_and_the_api_at_once_without_a_worker(
    transactional_db,
):
    if not broker_url():
        pytest.skip("needs CELERY_BROKER_URL (run by .ci/run)")
    from config.celery_app import app

    story = make_story(status=Status.PUBLISHED, body="Taken back by its author at the quay.")
    from archive.search import index

    index.index_story(story.pk)
    assert _public_ids("quay") == [story.public_id]

    app.control.purge()
    app.conf.task_always_eager = False  # a broker, and nobody consuming it
    try:
        lifecycle.transition(story, Action.WITHDRAW, actor_kind="contributor")

        assert _public_ids("quay") == []
        client = Client()
        found = client.get("/api/v1/search/", {"q": "quay"})
        assert found.status_code == 200
        assert story.public_id not in found.content.decode()
        assert client.get(f"/api/v1/stories/{story.public_id}/").status_code == 404
        listing = client.get("/api/v1/stories/")
        assert story.public_id not in listing.content.decode()
    finally:
        app.control.purge()
        app.conf.task_always_eager = True
