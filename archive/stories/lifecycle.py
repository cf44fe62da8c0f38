"""The story lifecycle: the one place a story changes status.

    draft ─submit─▶ submitted ─start_review─▶ in_review ─publish─▶ published
    awaiting_consent ─receive_consent─▶ submitted
    submitted | in_review ─request_changes─▶ changes_requested ─submit─▶ submitted
    submitted | in_review | awaiting_consent | published ─reject─▶ rejected
    submitted | in_review | changes_requested | published ─edit─▶ submitted
    any state but withdrawn ─withdraw─▶ withdrawn

Every transition locks the story row, writes a ModerationEvent, and schedules follow-up
work on commit. Leaving `published` removes the story from the search index inside the
same transaction, so a withdrawn story is gone from every public surface when the request
returns, whether or not a worker is running.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from archive.anonymise import render as redaction
from archive.models import ModerationEvent, Story
from archive.stories import audit
from archive.vocabulary import Decision, Status

Action = ModerationEvent.Action

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Action.SUBMIT: (frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}), Status.SUBMITTED),
    Action.RECEIVE_CONSENT: (frozenset({Status.AWAITING_CONSENT}), Status.SUBMITTED),
    Action.START_REVIEW: (frozenset({Status.SUBMITTED}), Status.IN_REVIEW),
    Action.PUBLISH: (frozenset({Status.SUBMITTED, Status.IN_REVIEW}), Status.PUBLISHED),
    Action.REQUEST_CHANGES: (
        frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
        Status.CHANGES_REQUESTED,
    ),
    Action.REJECT: (
        frozenset({Status.AWAITING_CONSENT, Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED}),
        Status.REJECTED,
    ),
    Action.EDIT: (
        frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.PUBLISHED}),
        Status.SUBMITTED,
    ),
    Action.WITHDRAW: (frozenset(set(Status) - {Status.WITHDRAWN}), Status.WITHDRAWN),
}

# The shortest way from a new story (draft, submitted or awaiting consent) to each state:
# demo data and tests use it to put stories where they need them, through real transitions.
ROUTES: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (),
    Status.AWAITING_CONSENT: (),
    Status.SUBMITTED: (),
    Status.IN_REVIEW: (Action.START_REVIEW,),
    Status.PUBLISHED: (Action.START_REVIEW, Action.PUBLISH),
    Status.CHANGES_REQUESTED: (Action.START_REVIEW, Action.REQUEST_CHANGES),
    Status.REJECTED: (Action.REJECT,),
    Status.WITHDRAWN: (Action.WITHDRAW,),
}

# After an edit the original needs checking again (story_create enqueues the first check).
_NEEDS_DETECTION = {Action.EDIT}


class TransitionNotAllowed(Exception):
    """The action is not allowed from the story's current state, or a guard refused it."""


def allowed_actions(story: Story) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if story.status in sources]


def can(story: Story, action: str) -> bool:
    sources, _target = TRANSITIONS.get(action, (frozenset(), ""))
    return story.status in sources


def publish_blockers(story: Story, actor=None) -> list[str]:
    """Why the story cannot be published now, by `actor` (empty when it can)."""
    from archive.moderation.services import two_person_blockers

    blockers = []
    consent = story.current_consent()
    if consent is None or not consent.publish:
        blockers.append(gettext("The contributor has not consented to public publication."))
    if story.redactions.filter(decision=Decision.PENDING).exists():
        blockers.append(gettext("Some identifying details have not been decided yet."))
    if story.erased_at is not None:
        blockers.append(gettext("The story has been erased."))
    # settings.CHORUS["TWO_PERSON_RULE"]: the publisher differs from the redaction approver.
    blockers.extend(two_person_blockers(story, actor))
    return blockers


@transaction.atomic
def transition(
    story: Story, action: str, *, actor=None, actor_kind: str | None = None, note: str = ""
) -> ModerationEvent:
    """Move `story` through `action`, or raise TransitionNotAllowed.

    The story row is locked for the rest of the transaction and re-read, so two moderators
    acting at once cannot both succeed from the same state.
    """
    if action not in TRANSITIONS:
        raise TransitionNotAllowed(f"Unknown action {action!r}.")
    locked = Story.objects.select_for_update().get(pk=story.pk)
    sources, target = TRANSITIONS[action]
    if locked.status not in sources:
        raise TransitionNotAllowed(
            f"Cannot {action.replace('_', ' ')} a story that is {locked.get_status_display()}."
        )
    if action == Action.PUBLISH and (blockers := publish_blockers(locked, actor=actor)):
        raise TransitionNotAllowed(" ".join(blockers))

    now = timezone.now()
    previous = locked.status
    locked.status = target
    if action in (Action.SUBMIT, Action.RECEIVE_CONSENT, Action.EDIT):
        locked.submitted_at = now
    if target == Status.PUBLISHED:
        redaction.refresh_public_text(locked)
        locked.published_at = now
    if target == Status.WITHDRAWN:
        locked.withdrawn_at = now
    if Status.PUBLISHED in (previous, target):
        # The public view changes: entries built from an older version are stale.
        locked.version += 1
    locked.save()

    event = audit.event_record(
        story=locked,
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        from_status=previous,
        to_status=target,
        note=note,
    )
    _after_transition(locked, action, previous, target)

    # Keep the caller's instance in step with the database.
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
        setattr(story, field, getattr(locked, field))
    return event


def _after_transition(story: Story, action: str, previous: str, target: str) -> None:
    from archive import tasks
    from archive.queue import enqueue_on_commit
    from archive.search import index

    if previous == Status.PUBLISHED and target != Status.PUBLISHED:
        # In the request, not a task: the story must vanish now, worker or no worker.
        index.remove_story(story.pk)
    if target == Status.PUBLISHED:
        enqueue_on_commit(tasks.index_story_task, story.pk)
    if action in _NEEDS_DETECTION:
        enqueue_on_commit(tasks.detect_pii_task, story.pk)
