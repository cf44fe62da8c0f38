"""The audit trail: hash-chained ModerationEvents."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection, transaction

from archive.models import ModerationEvent, Story

# Any 64-bit number unique to this lock: serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 0x43484F5255530001


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    # SQLite: every transaction starts with the write lock (transaction_mode IMMEDIATE).


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
    _lock_chain()
    previous = ModerationEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    if actor_kind is None:
        actor_kind = (
            "staff"
            if actor is not None and actor.is_staff
            else ("contributor" if actor is not None else "system")
        )
    event = ModerationEvent(
        story=story,
        actor=actor,
        actor_kind=actor_kind,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        prev_hash=previous or "",
    )
    event.hash = event.compute_hash()
    event.save()
    return event


def verify_chain(batch_size: int = 2000) -> Iterator[ModerationEvent]:
    """Yield every event whose hash or link to its predecessor does not hold."""
    previous_hash = ""
    for event in ModerationEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != previous_hash or event.hash != event.compute_hash():
            yield event
        previous_hash = event.hash
