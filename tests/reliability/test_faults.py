"""Faults with real services: nothing acknowledged is lost, nothing unchecked is published.

Marked `fault`; runs on PostgreSQL (the PostgreSQL leg of .ci/run), skipped elsewhere. The
test starts its own broker (a redis-server on a free port in 6390-6394) and a real Celery
worker, then, while contributors submit through the API and moderators publish through
the services: SIGKILLs the worker, stops the broker and restarts it empty, and terminates
every PostgreSQL connection with pg_terminate_backend. After recovery (worker restarted,
sweeps run) it asserts: 0 acknowledged submissions lost, 0 stories published without
detection, every published story indexed within INDEX_BOUND_SECONDS, 0 duplicate entries,
and only 201 or 503 answers.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection, transaction
from django.db.models import Count, F
from rest_framework.test import APIClient

from archive import tasks
from archive.models import Story
from archive.search.models import SearchEntry
from archive.stories import lifecycle
from archive.stories.states import TransitionNotAllowed
from archive.transient import DATABASE_ERRORS
from archive.vocabulary import Decision, Status
from tests.contribute.test_submissions_api import URL, _rates, payload
from tests.reliability.redis_server import RedisServer
from tests.worker import Worker, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

INDEX_BOUND_SECONDS = 30
DETECTION_BOUND_SECONDS = 45


class Rig:
    """The broker, the worker, and a record of every answer the contributors got."""

    def __init__(self, folder) -> None:
        self.folder = folder
        self.broker = RedisServer(folder)
        self.workers: list[Worker] = []
        self.client = APIClient()
        self.client.raise_request_exception = False
        self.answers: list[int] = []
        self.acknowledged: set[str] = set()
        self.refused_publications = 0

    def start_worker(self) -> Worker:
        worker = Worker(self.folder / f"worker{len(self.workers)}.log")
        worker.start()
        self.workers.append(worker)
        return worker

    def submit(self, count: int) -> None:
        for _ in range(count):
            n = len(self.answers)
            body = f"At my job in 201{n % 10} my supervisor followed me home, again and again."
            response = self.client.post(URL, payload(body=body), format="json")
            self.answers.append(response.status_code)
            if response.status_code == 201:
                self.acknowledged.add(response.json()["id"])
            # What Django does after every real request: drop a connection that died.
            connection.close_if_unusable_or_obsolete()

    def publish_what_is_ready(self) -> None:
        """A moderator publishes every submitted account; the policy refuses undetected ones."""
        for story in Story.objects.filter(status=Status.SUBMITTED):
            try:
                with transaction.atomic():
                    story.redactions.update(decision=Decision.ACCEPTED)
                    lifecycle.transition(story, lifecycle.Action.PUBLISH, actor_kind="system")
            except TransitionNotAllowed:
                self.refused_publications += 1
            except DATABASE_ERRORS:
                connection.close_if_unusable_or_obsolete()


@pytest.fixture
def rig(transactional_db, tmp_path, monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run by .ci/run)")
    # Many contributors, one test client: the per-client limit is not what is tested.
    _rates(settings, submissions="1000/hour")
    from archive import queue
    from config.celery_app import app

    rig = Rig(tmp_path)
    rig.broker.start()
    queue._task(queue.INDEX_STORY)  # load the task modules before switching brokers

    def forget_connections():
        app._pool = None
        app.amqp._producer_pool = None

    original = (app.conf.broker_url, app.conf.task_always_eager)
    forget_connections()
    # Celery reads CELERY_BROKER_URL from the environment first; the worker inherits it.
    monkeypatch.setenv("CELERY_BROKER_URL", rig.broker.url())
    app.conf.broker_url = rig.broker.url()
    app.conf.task_always_eager = False
    try:
        yield rig
    finally:
        for worker in rig.workers:
            worker.stop()
        rig.broker.stop()
        forget_connections()
        app.conf.broker_url, app.conf.task_always_eager = original


def _terminate_every_connection() -> int:
    """pg_terminate_backend on every other connection to the test database."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as killer:
        rows = killer.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def _undetected(ids: set[str]) -> int:
    return Story.objects.filter(public_id__in=ids, detected_version__lt=F("text_version")).count()


def _unindexed() -> int:
    public = Story.objects.filter(status=Status.PUBLISHED)
    indexed = SearchEntry.objects.filter(story__in=public, version=F("story__version"))
    return public.count() - indexed.count()


def test_nothing_acknowledged_is_lost_and_nothing_unchecked_is_published(rig):
    started = time.monotonic()
    rig.start_worker()

    # Normal running: submit, let the worker detect, publish.
    rig.submit(4)
    assert wait_for(lambda: _undetected(rig.acknowledged) == 0, DETECTION_BOUND_SECONDS)
    rig.publish_what_is_ready()

    # The worker dies with index tasks just queued or running; submissions go on.
    rig.workers[-1].kill()
    rig.submit(3)

    # The broker dies and comes back empty: every queued message is gone.
    rig.broker.stop()
    rig.submit(3)
    rig.publish_what_is_ready()  # nothing detected since the worker died: all refused
    rig.broker.start()
    rig.submit(2)

    # A new worker, then every PostgreSQL connection (the worker's and ours) terminated.
    rig.start_worker()
    Story.objects.exists()  # this connection is checked and in use, as mid-request
    assert _terminate_every_connection() >= 1
    rig.submit(3)  # the first finds its connection gone: 503, then the next reconnects
    rig.publish_what_is_ready()

    # Recovery: the sweeps find what the outages lost.
    recovered = time.monotonic()
    tasks.reconcile_detection_task()
    assert wait_for(lambda: _undetected(rig.acknowledged) == 0, DETECTION_BOUND_SECONDS)
    rig.publish_what_is_ready()
    tasks.reconcile_index_task()
    assert wait_for(lambda: _unindexed() == 0, INDEX_BOUND_SECONDS), _unindexed()
    indexed_after = time.monotonic() - recovered

    stored = set(
        Story.objects.filter(public_id__in=rig.acknowledged).values_list("public_id", flat=True)
    )
    published = Story.objects.filter(status=Status.PUBLISHED)
    duplicates = SearchEntry.objects.values("story").annotate(n=Count("id")).filter(n__gt=1)
    assert set(rig.answers) <= {201, 503} and 503 in rig.answers, rig.answers
    assert rig.acknowledged and rig.acknowledged - stored == set()
    assert published.filter(detected_version__lt=F("text_version")).count() == 0
    assert published.count() == len(rig.acknowledged)
    assert rig.refused_publications >= 1
    assert duplicates.count() == 0
    assert SearchEntry.objects.exclude(story__in=published).count() == 0
    print(
        f"fault test: {len(rig.answers)} submissions ({rig.answers.count(503)} answered 503),"
        f" {published.count()} published, all indexed {indexed_after:.1f} s after recovery,"
        f" {time.monotonic() - started:.1f} s in all"
    )
