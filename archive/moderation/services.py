"""Moderation services: what the admin workstation writes, without the admin.

Every write here is a service (keyword-only, atomic, named `<entity>_<action>`) that
records what it did in the hash-chained audit trail. Status changes go through
archive.stories.lifecycle. Concurrent editing is refused with an optimistic check: each review
page carries the story's `edit_token` (its `updated_at`), and a save whose token is no
longer current raises StaleEdit instead of silently overwriting another moderator's work.
Every service that changes a story touches `updated_at`, so the token moves on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.anonymise.render import term_spans
from archive.models import ModerationEvent, Redaction, Report, Story
from archive.moderation.selectors import edit_token, open_reports
from archive.stories import audit, lifecycle, redactions, services
from archive.stories.public_view import public_view_changed
from archive.stories.states import Capability, require
from archive.vocabulary import ContentNote, Decision, RedactionSource

Action = ModerationEvent.Action

# Which permission each moderation action needs. The admin checks these before showing a
# button, and the services check them again before acting.
ACTION_PERMISSIONS: dict[str, str] = {
    Action.START_REVIEW: "archive.review_story",
    Action.REQUEST_CHANGES: "archive.review_story",
    Action.REDACTIONS_APPROVED: "archive.review_story",
    Action.NOTE: "archive.review_story",
    Action.PUBLISH: "archive.publish_story",
    Action.REJECT: "archive.reject_story",
    Action.WITHDRAW: "archive.withdraw_story",
    Action.ERASE: "archive.erase_story",
    Action.VIEW_ORIGINAL: "archive.view_original",
}
# Actions whose note is required: the contributor reads it, or it justifies the act.
NOTE_REQUIRED = {Action.REQUEST_CHANGES, Action.REJECT, Action.WITHDRAW}


class StaleEdit(Exception):
    """Someone else changed the story after this page was loaded; nothing was saved."""


class ModerationError(Exception):
    """A moderation request that cannot be carried out; the message says why."""


def _require(actor, action: str) -> None:
    perm = ACTION_PERMISSIONS[action]
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _lock_current(story: Story, token: str | None, what: str | None = Capability.MODERATE) -> Story:
    """The story, locked; refused if it changed since `token` or does not allow `what`."""
    locked = lifecycle.lock(story)
    if what is not None:
        require(locked, what)
    if token is not None and edit_token(locked) != token:
        raise StaleEdit(
            _(
                "Someone else changed this account while you were reading it. Nothing was "
                "saved: the page now shows their changes, please check them and try again."
            )
        )
    return locked


def _touch(story: Story) -> None:
    story.updated_at = timezone.now()
    Story.objects.filter(pk=story.pk).update(updated_at=story.updated_at)


# --- Services --------------------------------------------------------------------------


@transaction.atomic
def report_create(*, story: Story, reason: str, details: str = "") -> Report:
    """Record a visitor's report on a published story; it raises the story in the queue.

    Nothing about the visitor is stored.
    """
    if not Story.objects.public().filter(pk=story.pk).exists():
        raise ModerationError(_("This account is not published."))
    return Report.objects.create(story=story, reason=reason, details=details.strip()[:2000])


@transaction.atomic
def reports_resolve(*, story: Story, actor) -> int:
    """Mark every open report on `story` as dealt with. Returns how many were open."""
    _require(actor, Action.NOTE)
    count = open_reports().filter(story=story).update(resolved_at=timezone.now(), resolved_by=actor)
    if count:
        audit.event_record(
            story=story,
            action=Action.NOTE,
            actor=actor,
            note=f"Resolved {count} visitor report(s).",
        )
    return count


@transaction.atomic
def story_details_update(
    *,
    story: Story,
    actor,
    token: str,
    content_notes: list[str],
    tags: list[str],
    language: str,
    year: int | None,
    country: str,
    setting: str,
    embargo_until: date | None,
) -> list[str]:
    """Change a story's content notes, tags and coarse metadata. Returns the changed fields.

    Raises StaleEdit if the story changed since `token` was issued. A published story whose
    public metadata changes gets a new version, so its search entry is rebuilt.
    """
    _require(actor, Action.NOTE)
    locked = _lock_current(story, token)
    wanted = {
        "content_notes": sorted(set(content_notes)),
        "tags": sorted({t.strip().lower() for t in tags if t.strip()}),
        "language": language,
        "year": year,
        "country": country.upper(),
        "setting": setting,
        "embargo_until": embargo_until,
    }
    changed = [name for name, value in wanted.items() if getattr(locked, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(locked, name, wanted[name])
    locked.save(update_fields=[*changed, "updated_at"])
    audit.event_record(
        story=locked,
        action=Action.EDIT,
        actor=actor,
        note="Moderator changed: " + ", ".join(changed),
    )
    public_view_changed(locked)
    story.updated_at = locked.updated_at
    return changed


@transaction.atomic
def redactions_decide(
    *, story: Story, actor, token: str, decisions: Mapping[int, tuple[str, str]]
) -> int:
    """Record the moderator's decision (and optional replacement) on redaction spans.

    `decisions` maps a Redaction id of this story to (decision, replacement). Returns how
    many spans changed. The public text is re-rendered from the accepted spans.
    """
    _require(actor, Action.NOTE)
    locked = _lock_current(story, token)
    try:
        changed = redactions.redactions_decide(
            story=locked, decisions=decisions, actor=actor, allowed=Decision.values
        )
    except ValueError:
        raise ModerationError(_("Unknown decision.")) from None
    if changed:
        _redactions_changed(locked, actor, f"Moderator decided {changed} redaction(s).")
    story.updated_at = locked.updated_at
    return changed


@transaction.atomic
def redaction_add(*, story: Story, actor, token: str, words: str, kind: str) -> int:
    """Hide every occurrence of `words` in the original title and account.

    The words themselves are not stored, only the offsets they were found at. Returns the
    number of new spans; raises ModerationError if the words do not occur.
    """
    _require(actor, Action.NOTE)
    locked = _lock_current(story, token)
    if not words.strip():
        raise ModerationError(_("Type the words to hide."))
    existing = set(locked.redactions.values_list("field", "start", "end"))
    now = timezone.now()
    new = []
    for field, text in ((Redaction.Field.TITLE, locked.title), (Redaction.Field.BODY, locked.body)):
        for span in term_spans(text, [words]):
            if (field, span.start, span.end) in existing:
                continue
            new.append(
                Redaction(
                    story=locked,
                    field=field,
                    start=span.start,
                    end=span.end,
                    kind=kind,
                    source=RedactionSource.MODERATOR,
                    decision=Decision.ACCEPTED,
                    decided_by=actor,
                    decided_at=now,
                    created_at=now,
                )
            )
    if not new:
        raise ModerationError(
            _("Those words do not appear in the account, or they are already hidden.")
        )
    Redaction.objects.bulk_create(new)
    _redactions_changed(locked, actor, f"Moderator hid {len(new)} more span(s).")
    story.updated_at = locked.updated_at
    return len(new)


def _redactions_changed(story: Story, actor, note: str) -> None:
    _touch(story)
    audit.event_record(story=story, action=Action.EDIT, actor=actor, note=note)
    public_view_changed(story)


@transaction.atomic
def redactions_approve(*, story: Story, actor, token: str) -> ModerationEvent:
    """Approve the redactions as they stand: every span must be decided.

    Under the two-person rule this approval is what a different moderator publishes on.
    """
    _require(actor, Action.REDACTIONS_APPROVED)
    locked = _lock_current(story, token)
    if locked.redactions.filter(decision=Decision.PENDING).exists():
        raise ModerationError(_("Decide every highlighted detail before approving."))
    event = audit.event_record(story=locked, action=Action.REDACTIONS_APPROVED, actor=actor)
    _touch(locked)
    story.updated_at = locked.updated_at
    return event


@transaction.atomic
def note_add(*, story: Story, actor, text: str) -> ModerationEvent:
    """An internal note for other moderators. Never shown to the contributor."""
    _require(actor, Action.NOTE)
    if not text.strip():
        raise ModerationError(_("The note is empty."))
    return audit.event_record(story=story, action=Action.NOTE, actor=actor, note=text.strip())


@transaction.atomic
def original_view_record(*, story: Story, actor) -> ModerationEvent:
    """Record that `actor` is about to read the original, unredacted text."""
    _require(actor, Action.VIEW_ORIGINAL)
    if story.erased_at is not None:
        raise ModerationError(_("The original of this account has been erased."))
    return audit.event_record(story=story, action=Action.VIEW_ORIGINAL, actor=actor)


@transaction.atomic
def story_moderate(
    *, story: Story, action: str, actor, note: str = "", token: str | None = None
) -> Story:
    """Carry out one moderation action on a story, as `actor`.

    Checks the actor's permission, the edit token (when given), the note where one is
    required, and, for publishing, the two-person rule; then moves the story through the
    lifecycle (or erases it). Raises PermissionDenied, StaleEdit, ModerationError or
    lifecycle.TransitionNotAllowed; nothing is written when it raises.
    """
    if action not in ACTION_PERMISSIONS or action in (
        Action.NOTE,
        Action.VIEW_ORIGINAL,
        Action.REDACTIONS_APPROVED,
    ):
        raise ModerationError(_("Unknown moderation action."))
    _require(actor, action)
    note = note.strip()
    if action in NOTE_REQUIRED and not note:
        raise ModerationError(_("Please write a short message: it is required for this action."))
    # The action itself is checked by the lifecycle (or the erasure) below.
    locked = _lock_current(story, token, what=None)
    if action == Action.ERASE:
        return services.story_erase(story=locked, actor=actor)
    lifecycle.transition(locked, action, actor=actor, note=note)
    return locked


def moderator_preferences_update(
    *, moderator, hidden_content_notes: list[str], break_reminder_after: int
) -> None:
    """A moderator's own wellbeing settings: content notes hidden from their queue, and
    after how many accounts a break is suggested."""
    known = {choice.value for choice in ContentNote}
    moderator.hidden_content_notes = sorted(n for n in set(hidden_content_notes) if n in known)
    moderator.break_reminder_after = max(1, min(int(break_reminder_after), 500))
    moderator.save(update_fields=["hidden_content_notes", "break_reminder_after"])
