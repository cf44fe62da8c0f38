"""Moderation services and selectors: what the admin workstation does, without the admin.

Every write here is a service (keyword-only, atomic, named `<entity>_<action>`) that
records what it did in the hash-chained audit trail. Status changes go through
archive.stories.lifecycle. Concurrent editing is refused with an optimistic check: each review
page carries the story's `edit_token` (its `updated_at`), and a save whose token is no
longer current raises StaleEdit instead of silently overwriting another moderator's work.
Every service that changes a story touches `updated_at`, so the token moves on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.anonymise.render import refresh_public_text, term_spans
from archive.models import ModerationEvent, Redaction, Report, Story
from archive.stories import audit, lifecycle, services
from archive.vocabulary import ContentNote, Decision, RedactionSource, Status

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


def edit_token(story: Story) -> str:
    """The value a review page sends back to prove it saw the current story."""
    return story.updated_at.isoformat()


def _lock_current(story: Story, token: str | None) -> Story:
    locked = Story.objects.select_for_update().get(pk=story.pk)
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


# --- Selectors ------------------------------------------------------------------------------


def content_note_condition(note: str):
    """A filter condition true when a story's content_notes JSON list holds `note`.

    PostgreSQL uses jsonb containment (`@>`); SQLite has no JSON containment lookup, so it
    looks inside the list with json_each. Either way, "assault" never matches inside
    "sexual_assault": whole list elements are compared.
    """
    if connection.vendor == "postgresql":
        return Q(content_notes__contains=[note])
    table = connection.ops.quote_name(Story._meta.db_table)
    column = connection.ops.quote_name(Story._meta.get_field("content_notes").column)
    # Only quoted identifiers are interpolated; the note itself is a bound parameter.
    sql = f"EXISTS (SELECT 1 FROM json_each({table}.{column}) AS note WHERE note.value = %s)"  # noqa: S608
    return Q(RawSQL(sql, [note], output_field=BooleanField()))  # noqa: S611


def without_content_notes(queryset: QuerySet[Story], notes: Iterable[str]) -> QuerySet[Story]:
    """`queryset` minus every story carrying any of `notes` (a moderator's hidden notes)."""
    known = {choice.value for choice in ContentNote}
    for note in notes:
        if note in known:
            queryset = queryset.exclude(content_note_condition(note))
    return queryset


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(resolved_at__isnull=True)


def queue_first_marks(queryset: QuerySet[Story]) -> QuerySet[Story]:
    """Annotate `is_first_from_contributor`: a signed-in contributor's first account.

    Accounts sent with only a claim code have no known contributor and are not marked.
    """
    earlier = Story.objects.filter(
        contributor=OuterRef("contributor"), created_at__lt=OuterRef("created_at")
    )
    return queryset.annotate(
        is_first_from_contributor=ExpressionWrapper(
            Q(contributor__isnull=False) & ~Exists(earlier), output_field=BooleanField()
        )
    )


def reported_story_ids() -> list[int]:
    """Ids of the stories with an open visitor report (few: reports get dealt with)."""
    return list(open_reports().values_list("story_id", flat=True).distinct().order_by())


def needs_attention(reported: list[int] | None = None) -> Q:
    """The default queue: waiting for review, or reported by a visitor.

    The reported ids are a literal list rather than a correlated EXISTS, so PostgreSQL
    can combine two index scans (status, primary key) instead of scanning every story.
    """
    if reported is None:
        reported = reported_story_ids()
    return Q(status__in=[Status.SUBMITTED, Status.IN_REVIEW]) | Q(pk__in=reported)


def status_counts() -> dict[str, int]:
    """How many stories are in each status, in one query."""
    # COUNT(*), not COUNT(id): PostgreSQL can answer it from the status index alone.
    counts = dict(Story.objects.values_list("status").annotate(n=Count("*")).order_by())
    return {status.value: counts.get(status.value, 0) for status in Status}


def redactions_approval(story: Story) -> ModerationEvent | None:
    """The approval of the current redactions, or None if there is none still valid.

    An approval stops counting as soon as a redaction is added or decided after it, or
    the contributor resubmits the account.
    """
    approval = (
        story.events.filter(action=Action.REDACTIONS_APPROVED)
        .order_by("-created_at", "-id")
        .first()
    )
    if approval is None:
        return None
    changed_since = story.redactions.filter(
        Q(decided_at__gt=approval.created_at) | Q(created_at__gt=approval.created_at)
    ).exists()
    if changed_since or (story.submitted_at and story.submitted_at > approval.created_at):
        return None
    return approval


def two_person_rule_on() -> bool:
    return bool(settings.CHORUS["TWO_PERSON_RULE"])


def two_person_blockers(story: Story, actor) -> list[str]:
    """Why `actor` may not publish `story` under the two-person rule (empty if they may)."""
    if not two_person_rule_on():
        return []
    approval = redactions_approval(story)
    if approval is None:
        return [_("Another moderator has to approve the redactions first (two-person rule).")]
    if actor is not None and approval.actor_id == actor.pk:
        return [
            _(
                "You approved the redactions, so someone else has to publish this account "
                "(two-person rule)."
            )
        ]
    return []


def changes_requested_message(story: Story) -> str:
    """The moderator's message to the contributor, while changes are requested."""
    if story.status != Status.CHANGES_REQUESTED:
        return ""
    event = (
        story.events.filter(action=Action.REQUEST_CHANGES).order_by("-created_at", "-id").first()
    )
    return event.note if event else ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a story's text for the review page: plain, or one redaction span."""

    text: str
    redaction: Redaction | None = None
    number: int = 0


def review_segments(text: str, redactions: Iterable[Redaction], *, reveal: bool) -> list[Segment]:
    """Split `text` into plain pieces and redaction spans, for highlighting.

    With `reveal=False` (the redacted view) a hidden or undecided span shows its
    placeholder, never its words; a span the moderator decided to keep shows its words,
    since they will be public. With `reveal=True` (the original) every span shows its
    words. Overlapping spans are shown as the first one, like the public rendering.
    """
    ordered = sorted(
        (r for r in redactions if 0 <= r.start < r.end <= len(text)), key=lambda r: r.start
    )
    segments: list[Segment] = []
    cursor = 0
    for number, item in enumerate(ordered, start=1):
        if item.start < cursor:
            continue
        if item.start > cursor:
            segments.append(Segment(text[cursor : item.start]))
        words = text[item.start : item.end]
        shown = words if reveal or item.decision == Decision.REJECTED else item.placeholder
        segments.append(Segment(shown, item, number))
        cursor = item.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


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
    if locked.status == Status.PUBLISHED:
        locked.version += 1
    locked.save()
    audit.event_record(
        story=locked,
        action=Action.EDIT,
        actor=actor,
        note="Moderator changed: " + ", ".join(changed),
    )
    if locked.status == Status.PUBLISHED:
        from archive import tasks
        from archive.queue import enqueue_on_commit

        enqueue_on_commit(tasks.index_story_task, locked.pk)
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
    now = timezone.now()
    changed = 0
    for item in locked.redactions.filter(pk__in=list(decisions)):
        decision, replacement = decisions[item.pk]
        if decision not in Decision.values:
            raise ModerationError(_("Unknown decision."))
        replacement = replacement.strip()[:60]
        if (item.decision, item.replacement) == (decision, replacement):
            continue
        item.decision, item.replacement = decision, replacement
        item.decided_by, item.decided_at = actor, now
        item.save(update_fields=["decision", "replacement", "decided_by", "decided_at"])
        changed += 1
    if changed:
        _rerender(locked, actor, f"Moderator decided {changed} redaction(s).")
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
    _rerender(locked, actor, f"Moderator hid {len(new)} more span(s).")
    story.updated_at = locked.updated_at
    return len(new)


def _rerender(story: Story, actor, note: str) -> None:
    refresh_public_text(story)
    if story.status == Status.PUBLISHED:
        story.version += 1
        from archive import tasks
        from archive.queue import enqueue_on_commit

        enqueue_on_commit(tasks.index_story_task, story.pk)
    story.save()
    audit.event_record(story=story, action=Action.EDIT, actor=actor, note=note)


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
    locked = _lock_current(story, token)
    if action == Action.ERASE:
        return services.story_erase(story=locked, actor=actor)
    lifecycle.transition(locked, action, actor=actor, note=note)
    return locked


def publish_blockers(story: Story, actor=None) -> list[str]:
    """Everything that stops `actor` publishing `story` now, for the review page."""
    blockers = list(lifecycle.publish_blockers(story, actor=actor))
    if not lifecycle.can(story, Action.PUBLISH):
        blockers.insert(0, _("Only a submitted or in-review account can be published."))
    return blockers


def moderator_preferences_update(
    *, moderator, hidden_content_notes: list[str], break_reminder_after: int
) -> None:
    """A moderator's own wellbeing settings: content notes hidden from their queue, and
    after how many accounts a break is suggested."""
    known = {choice.value for choice in ContentNote}
    moderator.hidden_content_notes = sorted(n for n in set(hidden_content_notes) if n in known)
    moderator.break_reminder_after = max(1, min(int(break_reminder_after), 500))
    moderator.save(update_fields=["hidden_content_notes", "break_reminder_after"])


def has_risk_flags() -> Q:
    """Stories with at least one re-identification warning (risk_flags is a JSON list)."""
    return ~Q(risk_flags=[])
