"""With the broker (Redis) stopped, a submission is still stored and acknowledged.

The broker is a real redis-server this test started and stopped. The enqueue fails fast
and says which sweep will find the work again (archive/queue.py SWEEPS), and that sweep
really does find it.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from archive import queue
from archive.models import Story
from archive.stories import redactions
from tests.contribute.test_submissions_api import URL as SUBMISSIONS
from tests.contribute.test_submissions_api import payload
from tests.reliability.redis_server import stopped_redis_url  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(stopped_redis_url, monkeypatch):  # noqa: F811
    """This process's Celery app publishes to the stopped Redis, as in production."""
    from config.celery_app import app

    def forget_connections():
        # kombu keeps one pool per app; the original one is found again afterwards.
        app._pool = None
        app.amqp._producer_pool = None

    # Load the task modules first, as a web process has after its first enqueue (loading
    # them runs django.setup() again, which would reset the log capture).
    queue._task(queue.DETECT_PII)
    original = (app.conf.broker_url, app.conf.task_always_eager)
    forget_connections()
    app.conf.broker_url = stopped_redis_url
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", stopped_redis_url)
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        forget_connections()
        app.conf.broker_url, app.conf.task_always_eager = original


def test_a_submission_is_stored_and_acknowledged_with_the_broker_stopped(broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="archive.queue"):
        with TestCase.captureOnCommitCallbacks() as on_commit:
            response = APIClient().post(SUBMISSIONS, payload(), format="json")
        # What runs as the response is sent: the enqueues, timed on their own (the
        # request itself may be loading the language models on a cold process).
        started = time.monotonic()
        for callback in on_commit:
            callback()
        elapsed = time.monotonic() - started

    assert response.status_code == 201
    story = Story.objects.get(public_id=response.json()["id"])
    # The request did not hang on the broker: a short publish retry, then it gave up.
    assert elapsed < 5
    # The log says, truthfully, which sweep finds the work again, and that sweep does.
    sweep = queue.SWEEPS[queue.DETECT_PII]
    logged = [r.getMessage() for r in caplog.records if r.name == "archive.queue"]
    assert any(queue.DETECT_PII in m and sweep in m for m in logged), logged
    assert redactions.detection_due().filter(pk=story.pk).exists()
    assert not any(payload()["body"] in m for m in logged)
