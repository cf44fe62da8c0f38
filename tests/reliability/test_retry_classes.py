"""Index and detection tasks retry, with backoff, on every transient error of Redis and
PostgreSQL (archive/transient.py), and only on those."""

from __future__ import annotations

import django.db
import kombu.exceptions
import psycopg
import pytest
import redis.exceptions

from archive import queue
from archive.transient import DATABASE_ERRORS, TRANSIENT_ERRORS, database_error_in

TRANSIENT = [
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    kombu.exceptions.OperationalError,
    django.db.OperationalError,
    django.db.InterfaceError,
    psycopg.OperationalError,
]
TASKS = [queue.INDEX_STORY, queue.INDEX_STORIES, queue.DETECT_PII, queue.DETECT_IMPORT_BATCH]


@pytest.mark.parametrize("name", TASKS)
@pytest.mark.parametrize("error", TRANSIENT)
def test_index_and_detection_tasks_retry_with_backoff_on_transient_errors(name, error):
    task = queue._task(name)

    assert issubclass(error, task.autoretry_for)
    assert task.retry_backoff and task.max_retries >= 5


@pytest.mark.parametrize("error", [ValueError, KeyError, django.db.IntegrityError])
def test_a_bug_is_not_retried(error):
    assert not issubclass(error, TRANSIENT_ERRORS)


def test_a_wrapped_driver_error_is_recognised_as_a_database_outage():
    try:
        try:
            raise psycopg.errors.AdminShutdown("terminating connection")
        except psycopg.Error as driver:
            raise RuntimeError("while rendering") from driver
    except RuntimeError as error:
        assert isinstance(database_error_in(error), DATABASE_ERRORS)
    assert database_error_in(ValueError("a bug")) is None
