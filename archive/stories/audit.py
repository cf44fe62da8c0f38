"""The audit trail: hash-chained ModerationEvents, appended one at a time or in bulk.

Each event's hash covers its content and the previous event's hash, so editing, removing
or inserting an event breaks the chain (`manage.py verify_audit_chain`). Appends are
serialised: a PostgreSQL advisory lock held to the end of the transaction; on SQLite
every transaction already holds the write lock (transaction_mode IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import connection, transaction
from django.utils import timezone

from archive.models import ModerationEvent, Story, digest_of

# Any 64-bit number unique to this lock: serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 0x43484F5255530001


# Every value `actor_kind` takes (the audit log offers them as a filter).
ACTOR_KINDS = ("contributor", "staff", "system")


def actor_kind_of(actor) -> str:
    """Who acted, when the caller does not say: staff, a signed-in contributor, or the system."""
    if actor is None:
        return "system"
    return "staff" if actor.is_staff else "contributor"


def _chain_head() -> str:
    """Lock the chain for this transaction and return the newest event's hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    return ModerationEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""


def _chained(events: Sequence[ModerationEvent]) -> list[ModerationEvent]:
    previous = _chain_head()
    for event in events:
        event.note_digest = digest_of(event.note)
        event.prev_hash = previous
        event.hash = previous = event.compute_hash()
    return list(events)


@transaction.atomic
def event_record(
    *,
    story: Story,
    action: str,
    actor=None,
    actor_kind: str | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> ModerationEvent:
    """Append one event to the audit trail, chained to the previous one."""
    (event,) = _chained(
        [
            ModerationEvent(
                story=story,
                actor=actor,
                actor_kind=actor_kind or actor_kind_of(actor),
                action=action,
                from_status=from_status,
                to_status=to_status,
                note=note,
            )
        ]
    )
    event.save()
    return event


def events_build(
    *,
    story_ids: Sequence[int],
    action: str,
    actor=None,
    actor_kind: str | None = None,
    to_status: str = "",
    note: str = "",
) -> list[ModerationEvent]:
    """The same event for many stories, chained in order and not yet saved.

    The caller writes them in the same transaction (the chain stays locked until it
    ends): a bulk import writes them with COPY, everything else uses event_record.
    """
    at = timezone.now()
    kind = actor_kind or actor_kind_of(actor)
    return _chained(
        [
            ModerationEvent(
                story_id=story_id,
                actor=actor,
                actor_kind=kind,
                action=action,
                to_status=to_status,
                note=note,
                created_at=at,
            )
            for story_id in story_ids
        ]
    )


def verify_chain(batch_size: int = 2000) -> Iterator[ModerationEvent]:
    """Yield every event whose hash, link to its predecessor or note does not hold.

    The chain covers each note's digest; a note must match its digest, or be empty
    because its story was erased.
    """
    previous_hash = ""
    events = ModerationEvent.objects.select_related("story").only(
        *(f.name for f in ModerationEvent._meta.concrete_fields), "story__erased_at"
    )
    for event in events.order_by("id").iterator(chunk_size=batch_size):
        if (
            event.prev_hash != previous_hash
            or event.hash != event.compute_hash()
            or not _note_holds(event)
        ):
            yield event
        previous_hash = event.hash


def _note_holds(event: ModerationEvent) -> bool:
    if event.note:
        return digest_of(event.note) == event.note_digest
    return event.note_digest == digest_of("") or event.story.erased_at is not None
