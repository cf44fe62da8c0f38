"""Celery tasks: thin, idempotent wrappers that take ids and call a service.

Services enqueue these by name (archive/queue.py); nothing imports this module but the
Celery app's autodiscovery, so tasks may call any service without an import cycle.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from accounts import services as accounts
from archive import queue
from archive.contribute import claims
from archive.importers import service as imports
from archive.models import Story
from archive.search import index, vocabulary
from archive.stories import public_view, redactions, services, sessions
from archive.transient import TRANSIENT_ERRORS
from archive.vocabulary import Source, Status

logger = logging.getLogger(__name__)

# Transient failures of PostgreSQL or Redis are retried with backoff (archive/transient.py);
# anything else is a bug, and the periodic sweeps will try again later anyway.
_RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 8,
}
# An import of a large dataset runs far longer than the default limits; the batch's
# heartbeat (not the broker's visibility timeout) keeps a second worker off it.
_IMPORT_LIMITS = {"soft_time_limit": 6 * 60 * 60, "time_limit": 6 * 60 * 60 + 60}


@shared_task(name=queue.INDEX_STORY, acks_late=True, **_RETRY)
def index_story_task(story_id: int) -> bool:
    """Build or remove the search entry of one story. Running it twice changes nothing."""
    return public_view.story_indexed(story_id)


@shared_task(name=queue.INDEX_STORIES, acks_late=True, **_RETRY)
def index_stories_task(story_ids: list[int]) -> int:
    """Build or remove the entries of a batch of stories in one transaction. Idempotent.

    Batch mode for the reconcile sweep and rebuilds: one language-detection call and one
    upsert per batch. Returns the number of entries written.
    """
    return public_view.stories_indexed(story_ids)


@shared_task(name=queue.DETECT_PII, acks_late=True, **_RETRY)
def detect_pii_task(story_id: int) -> int:
    """Store redaction suggestions for a story's current text. Idempotent."""
    story = Story.objects.filter(pk=story_id, erased_at__isnull=True).first()
    if story is None:
        return 0
    if story.source == Source.IMPORT and story.status == Status.AWAITING_CONSENT:
        # Found again by the sweep after its batch's detection was lost: the same
        # defaults as the batch (other people's names and handles hidden).
        return imports.story_redactions_default(story=story)
    return redactions.redactions_detect(story=story)


@shared_task(name="archive.reconcile_index", acks_late=True, **_RETRY)
def reconcile_index_task() -> int:
    """Periodic sweep: re-enqueue every story whose entry is missing, stale or orphaned.

    This is what makes a lost message or a broker outage only a delay.
    """
    ids = index.stale_story_ids()
    size = settings.SEARCH["BATCH_SIZE"]
    for start in range(0, len(ids), size):
        queue.send(queue.INDEX_STORIES, ids[start : start + size])
    if ids:
        logger.info("Reconcile: re-enqueued %d stories for indexing.", len(ids))
    # "Did you mean" words, recounted from the public index about once an hour.
    vocabulary.refresh_if_due()
    return len(ids)


@shared_task(name="archive.reconcile_detection", acks_late=True, **_RETRY)
def reconcile_detection_task() -> int:
    """Periodic sweep: detect again every story whose current text was never examined.

    A lost detection message (a broker outage) would otherwise leave a story that can
    never be published (archive/stories/policy.py); this makes it only a delay.
    """
    ids = list(redactions.detection_due().order_by("pk").values_list("pk", flat=True)[:5000])
    for story_id in ids:
        queue.send(queue.DETECT_PII, story_id)
    if ids:
        logger.info("Reconcile: re-enqueued %d stories for detection.", len(ids))
    return len(ids)


@shared_task(name="archive.erase_expired_originals", acks_late=True, **_RETRY)
def erase_expired_originals_task() -> int:
    return services.erase_expired_originals()


@shared_task(name="archive.erase_abandoned_drafts", acks_late=True, **_RETRY)
def erase_abandoned_drafts_task() -> int:
    """Periodic: erase web drafts left unfinished for a day. Idempotent."""
    return services.drafts_erase_abandoned()


@shared_task(name=queue.FORGET_STORY_SESSIONS, acks_late=True, **_RETRY)
def forget_story_sessions_task(story_ids: list[int]) -> int:
    """Remove erased stories' public ids from every browser session. Idempotent."""
    return sessions.sessions_forget_erased(story_ids=story_ids)


@shared_task(name="archive.sweep_sessions", acks_late=True, **_RETRY)
def sweep_sessions_task() -> int:
    """Daily: clear expired sessions, scrub recently erased stories from live ones, and
    drop claim codes whose page never came."""
    return sessions.sessions_sweep() + claims.forget_stale_codes()


@shared_task(name="accounts.delete_unconfirmed", acks_late=True, **_RETRY)
def delete_unconfirmed_accounts_task() -> int:
    """Periodic: delete sign-ups never confirmed (UNCONFIRMED_ACCOUNT_DAYS). Idempotent."""
    return accounts.unconfirmed_accounts_delete()


@shared_task(name=queue.IMPORT_BATCH, acks_late=True, **_IMPORT_LIMITS, **_RETRY)
def import_batch_task(batch_id: int) -> str:
    """Import an uploaded ImportBatch. Idempotent: a finished or live batch is left alone."""
    return imports.import_batch_run(batch_id=batch_id)


@shared_task(name=queue.DETECT_IMPORT_BATCH, acks_late=True, **_IMPORT_LIMITS, **_RETRY)
def detect_import_batch_task(batch_id: int) -> int:
    """Suggest redactions for every account of an import batch. Idempotent."""
    return imports.import_batch_detect(batch_id=batch_id)


# A contributor's upload is read within IMPORT_CONTRIBUTOR_READ_SECONDS (the service
# stops itself); the hard limit is a backstop for a read stuck inside C code.
_READ_LIMITS = {
    "soft_time_limit": settings.CHORUS["IMPORT_CONTRIBUTOR_READ_SECONDS"] + 30,
    "time_limit": settings.CHORUS["IMPORT_CONTRIBUTOR_READ_SECONDS"] + 60,
}


@shared_task(name=queue.READ_CONTRIBUTOR_UPLOAD, acks_late=True, **_READ_LIMITS, **_RETRY)
def read_contributor_upload_task(batch_id: int) -> str:
    """Read a contributor's stored upload into its preview. Idempotent: a batch that is
    done reading, or being read by a live worker, is left alone."""
    return imports.contributor_upload_read(batch_id=batch_id)


@shared_task(name="archive.expire_import_batches", acks_late=True, **_RETRY)
def expire_import_batches_task() -> int:
    """Periodic: forget contributors' unconfirmed previews and stuck uploads. Idempotent."""
    return imports.contributor_batches_expire()


@shared_task(name="archive.resume_import_batches", acks_late=True, **_RETRY)
def resume_import_batches_task() -> int:
    """Periodic sweep: enqueue again the import batches whose task was lost."""
    return len(imports.import_batches_resume())
