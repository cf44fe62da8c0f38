"""Enqueueing background work after the current transaction commits.

A request must never hang or fail because the broker is down: the publish retry policy is
short (settings.CELERY_TASK_PUBLISH_RETRY_POLICY) and a failure is logged, not raised. The
periodic reconcile task finds whatever was not delivered.
"""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def send(task: Task, *args) -> None:
    try:
        task.apply_async(args=args, retry=True)
    except Exception:
        # Only the task name and ids: no story text or contributor data reaches the log.
        logger.warning("Could not enqueue %s%r; the periodic sweep will catch up.", task.name, args)


def enqueue_on_commit(task: Task, *args) -> None:
    transaction.on_commit(lambda: send(task, *args))
