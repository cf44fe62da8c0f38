"""Enqueueing background work by task name, after the current transaction commits.

Services name the task they want ("archive.index_story") instead of importing the task
module, so tasks can call services without an import cycle. A request must never hang or
fail because the broker is down: the publish retry policy is short
(settings.CELERY_TASK_PUBLISH_RETRY_POLICY) and a failure is logged, not raised; the
periodic sweep named in SWEEPS re-enqueues what was not delivered.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

INDEX_STORY = "archive.index_story"
INDEX_STORIES = "archive.index_stories"
DETECT_PII = "archive.detect_pii"
IMPORT_BATCH = "archive.import_batch"
DETECT_IMPORT_BATCH = "archive.detect_import_batch"
FORGET_STORY_SESSIONS = "archive.forget_story_sessions"
READ_CONTRIBUTOR_UPLOAD = "archive.read_contributor_upload"

# Which periodic task finds the work again when a message is lost (settings.CELERY_BEAT_SCHEDULE).
SWEEPS = {
    INDEX_STORY: "archive.reconcile_index",
    INDEX_STORIES: "archive.reconcile_index",
    DETECT_PII: "archive.reconcile_detection",
    DETECT_IMPORT_BATCH: "archive.reconcile_detection",
    IMPORT_BATCH: "archive.resume_import_batches",
    FORGET_STORY_SESSIONS: "archive.sweep_sessions",
    # A lost read is not re-sent: the sweep fails the batch with a kind message.
    READ_CONTRIBUTOR_UPLOAD: "archive.expire_import_batches",
}


def _task(name: str):
    from config.celery_app import app

    if name not in app.tasks:
        # A web process has not imported the task modules yet (workers do at start):
        # the loader imports them, as autodiscovery would.
        app.loader.import_default_modules()
    return app.tasks[name]


def send(name: str, *args) -> None:
    """Send task `name` now (run it in-process when no broker is configured)."""
    try:
        # The registry honours task_always_eager, so the embedded default runs it here.
        _task(name).apply_async(args=args, retry=True)
    except Exception:
        # Only the task name and ids: no story text or contributor data reaches the log.
        sweep = SWEEPS.get(name)
        logger.warning(
            "Could not enqueue %s%r; %s.",
            name,
            args,
            f"the periodic task {sweep} will find it again" if sweep else "nothing will retry it",
        )


def enqueue_on_commit(name: str, *args) -> None:
    """Send task `name` with `args` once the current transaction has committed."""
    transaction.on_commit(lambda: send(name, *args))
