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
from django.utils.translation import gettext_lazy

from archive.models import ModerationEvent, Story, digest_of

# Any 64-bit number unique to this lock: serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 0x43484F5255530001


def actor_kind_of(actor) -> str:
    """Who acted, when the caller does not say: staff, a signed-in contributor, or the system."""
    if actor is None:
        return "system"
    return "staff" if actor.is_staff else "contributor"


# How staff see who acted. A contributor is never shown by e-mail address or name, anywhere
# (sign-up promises the address is shown to no one); staff see each other by staff name.
CONTRIBUTOR_SIGNED_IN = gettext_lazy("contributor (signed in)")
CONTRIBUTOR_CLAIM_CODE = gettext_lazy("contributor (claim code)")
STAFF_REMOVED = gettext_lazy("a staff member (account removed)")
SYSTEM = gettext_lazy("Chorus (automatic)")


def actor_shown(actor=None, actor_kind: str | None = None) -> str:
    """How an actor is shown to staff: the one function every admin page uses.

    `actor_kind` is what the record says ("contributor", "staff", "system"); without one,
    it follows from the account (actor_kind_of). A contributor appears only as
    "contributor (signed in)" or "contributor (claim code)", even when the account is a
    staff member's own: only their staff actions carry their name.
    """
    kind = actor_kind or actor_kind_of(actor)
    if kind == "contributor":
        return str(CONTRIBUTOR_SIGNED_IN if actor is not None else CONTRIBUTOR_CLAIM_CODE)
    if kind == "staff":
        if actor is None:
            return str(STAFF_REMOVED)
        return staff_name(actor)
    return str(SYSTEM)


def staff_name(user) -> str:
    """A staff member's name as colleagues see it: their staff name, else their work address."""
    return user.display_name or user.email


class _HeldChain:
    """The chain's head as this transaction last wrote it, while it holds the lock.

    Registered as an on-commit callback after each event: Django drops it from
    `run_on_commit` when the transaction commits or rolls back, or when the savepoint it
    was registered in rolls back (the event written there is gone). So while it is still registered, no other
    writer can have appended (the lock is held to the end of the transaction) and the
    head is exactly `self.head`: a second event in the same transaction needs neither the
    lock nor the read again.
    """

    def __init__(self, head: str) -> None:
        self.head = head

    def __call__(self) -> None:  # on commit: nothing to do, the lock is released
        pass

    def is_current(self) -> bool:
        return any(entry[1] is self for entry in connection.run_on_commit)


def _held() -> _HeldChain | None:
    held = getattr(connection, "_chorus_audit_chain", None)
    return held if held is not None and held.is_current() else None


def _chain_head() -> str:
    """Lock the chain for this transaction and return the newest event's hash."""
    held = _held()
    if held is not None:
        return held.head
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    return ModerationEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""


def _chain_written(head: str) -> None:
    """Remember `head`, just written by this transaction, as the chain's head.

    Registered anew in the current savepoint: if that savepoint rolls back, the event and
    this registration go together, and the next event reads the head again."""
    held = _HeldChain(head)
    transaction.on_commit(held)
    connection._chorus_audit_chain = held


def _chain_forget() -> None:
    # Events built here are written by the caller (a bulk COPY): the head is read again.
    connection._chorus_audit_chain = None


def _chained(events: Sequence[ModerationEvent]) -> list[ModerationEvent]:
    previous = _chain_head()
    for event in events:
        event.note_digest = digest_of(event.note)
        event.prev_hash = previous
        event.hash = previous = event.compute_hash()
    return list(events)


# No savepoint inside a caller's transaction: an event that fails to be written fails
# the whole transaction, which is what the chain needs anyway, and a savepoint costs two
# round trips while the chain is locked.
@transaction.atomic(savepoint=False)
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
    _chain_written(event.hash)
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
    _chain_forget()
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
