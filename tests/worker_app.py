"""The Celery app as a test worker runs it: the real one, plus a test-only delay.

Started with `celery -A tests.worker_app worker` by tests/worker.py. With
TEST_INDEX_TASK_DELAY_SECONDS set, index tasks sleep that long before running, so a test
can kill a worker mid-task deterministically. Production code has no such hook.
"""

from __future__ import annotations

import os
import time

from celery.signals import task_prerun

from config.celery_app import app

__all__ = ["app"]


@task_prerun.connect
def _delay_index_tasks(task=None, **_kwargs) -> None:
    delay = float(os.environ.get("TEST_INDEX_TASK_DELAY_SECONDS") or 0)
    if delay and task is not None and task.name.startswith("archive.index_"):
        time.sleep(delay)
