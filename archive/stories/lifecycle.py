"""Story transitions: the one place a story changes status.

The table of what each status allows is archive/stories/states.py. Every transition
locks the story row, checks the table and the publish policy, writes a ModerationEvent
and, when the story enters or leaves `published`, calls the public-view hook
(archive/stories/public_view.py), which removes the index entry inside this transaction
and re-indexes on commit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from archive.models import ModerationEvent, Story
from archive.stories import audit, policy
from archive.stories.public_view import public_view_changed
from archive.stories.states import TRANSITIONS, TransitionNotAllowed, require
from archive.vocabulary import Status

Action = ModerationEvent.Action


def lock(story: Story) -> Story:
    """The story's row, locked until the end of the transaction, freshly read."""
    return Story.objects.select_for_update().get(pk=story.pk)


def transition(
    story: Story,
    action: str,
    *,
    actor=None,
    actor_kind: str | None = None,
    note: str = "",
    locked: bool = False,
) -> ModerationEvent:
    """Move `story` through `action`, or raise TransitionNotAllowed.

    The story row is locked for the rest of the transaction and re-read, so two moderators
    acting at once cannot both succeed from the same state. `story` is updated in place.

    `locked=True`: the caller's transaction already holds the row (it inserted it, or read
    it with `lock`) and `story` is that row as it stands. It is used as it is: no second
    lock, no re-read, and no savepoint, since every check runs before the first write (a
    submission pays each of these round trips while the audit chain is locked).
    """
    if action not in TRANSITIONS:
        raise TransitionNotAllowed(f"Unknown action {action!r}.")
    if locked:
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError(
                "transition(locked=True) needs the caller's transaction."
            )
        return _apply(story, story, action, actor=actor, actor_kind=actor_kind, note=note)
    with transaction.atomic():
        return _apply(lock(story), story, action, actor=actor, actor_kind=actor_kind, note=note)


def _apply(
    locked: Story, story: Story, action: str, *, actor, actor_kind: str | None, note: str
) -> ModerationEvent:
    """Check, then write: nothing is written before a check can raise."""
    require(locked, action)
    if action == Action.PUBLISH and (blockers := policy.publish_blockers(locked, actor=actor)):
        raise TransitionNotAllowed(" ".join(str(b) for b in blockers))

    now = timezone.now()
    previous = locked.status
    target = TRANSITIONS[action][1]
    locked.status = target
    if action in (Action.SUBMIT, Action.RECEIVE_CONSENT, Action.EDIT):
        locked.submitted_at = now
    if target == Status.PUBLISHED:
        locked.published_at = now
    if target == Status.WITHDRAWN:
        locked.withdrawn_at = now
    locked.save(
        update_fields=["status", "submitted_at", "published_at", "withdrawn_at", "updated_at"]
    )
    event = audit.event_record(
        story=locked,
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        from_status=previous,
        to_status=target,
        note=note,
    )
    if Status.PUBLISHED in (previous, target):
        public_view_changed(locked)
    if locked is not story:
        _copy_state(locked, story)
    return event


def _copy_state(source: Story, target: Story) -> None:
    """Keep the caller's instance in step with the row just written."""
    for field in (
        "status",
        "version",
        "submitted_at",
        "published_at",
        "withdrawn_at",
        "public_title",
        "public_body",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))
