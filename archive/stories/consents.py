"""Consent services: what a contributor allows, append-only and versioned.

A change of mind is a new ConsentRecord; the previous one only gets its `withdrawn_at`.
Withdrawing consent to publish (or moving an embargo into the future) takes a published
story off every public surface in the same transaction, through the public-view hook.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive.models import ConsentRecord, ModerationEvent, Story
from archive.stories import audit, lifecycle
from archive.stories.public_view import figures_changed, public_view_changed
from archive.stories.states import Capability, require
from archive.vocabulary import ConsentMethod, Status

Action = ModerationEvent.Action


def current_consent_version() -> str:
    return settings.CHORUS["CONSENT_VERSION"]


def contact_kept(scopes: dict[str, bool], address: str) -> str:
    """The contact address to keep: only with consent to be contacted."""
    return address.strip() if scopes.get("contact") else ""


def consent_record(
    *, story: Story, scopes: dict[str, bool], method: str, actor=None, first: bool = False
) -> ConsentRecord:
    """Record what the contributor allows now; the previous record is marked withdrawn.

    A changed answer to "publish" on a published story goes through the public-view hook,
    so the story leaves (or returns to) every public surface with this transaction.

    `first=True`: `story` was inserted in the caller's transaction (`story_create`), so it
    has no record to withdraw and no other transaction can reach it: none is looked for,
    and the one insert needs no savepoint of its own.
    """
    if first:
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError(
                "consent_record(first=True) needs the transaction that created the story."
            )
        return _record(story, scopes, method, now=timezone.now())
    with transaction.atomic():
        now = timezone.now()
        previous = story.consents.select_for_update().filter(withdrawn_at__isnull=True).first()
        if previous is not None:
            previous.withdrawn_at = now
            previous.save(update_fields=["withdrawn_at"])
        record = _record(story, scopes, method, now=now)
        if previous is not None:
            audit.event_record(
                story=story,
                action=Action.CONSENT_CHANGE,
                actor=actor,
                actor_kind="contributor" if actor is None or not actor.is_staff else None,
                note=", ".join(s for s in ConsentRecord.SCOPES if getattr(record, s)) or "none",
            )
            if previous.publish != record.publish:
                public_view_changed(story)
            elif previous.statistics != record.statistics:
                figures_changed(story)  # counted or not: the public text is the same
        return record


def _record(story: Story, scopes: dict[str, bool], method: str, *, now) -> ConsentRecord:
    record = ConsentRecord.objects.create(
        story=story,
        consent_version=current_consent_version(),
        method=method,
        given_at=now,
        **{scope: bool(scopes.get(scope, False)) for scope in ConsentRecord.SCOPES},
    )
    if not record.contact and story.contact_address:
        story.contact_address = ""
        story.save(update_fields=["contact_address", "updated_at"])
    return record


@transaction.atomic
def consent_change(
    *,
    story: Story,
    scopes: dict[str, bool],
    contact_address: str = "",
    embargo_until: date | None = None,
    method: str = ConsentMethod.WEB,
    actor=None,
) -> ConsentRecord:
    """The contributor's new answers to every consent scope, plus contact and embargo.

    Append-only (a new ConsentRecord). An imported story awaiting consent goes to review.
    If the story stops being public (no consent to publish, or an embargo in the future)
    it leaves the search index in this transaction. Raises TransitionNotAllowed for a
    withdrawn or erased story.
    """
    locked = lifecycle.lock(story)
    require(locked, Capability.CHANGE_CONSENT)
    embargo_moved = locked.embargo_until != embargo_until
    locked.embargo_until = embargo_until
    locked.contact_address = contact_kept(scopes, contact_address)
    locked.save(update_fields=["embargo_until", "contact_address", "updated_at"])
    previous = locked.current_consent()
    record = consent_record(story=locked, scopes=scopes, method=method, actor=actor)
    publish_changed = previous is not None and previous.publish != record.publish
    if embargo_moved and not publish_changed:  # (consent_record has called the hook)
        public_view_changed(locked)
    if locked.status == Status.AWAITING_CONSENT:
        # An imported account: the contributor's answers send it to the moderators.
        lifecycle.transition(locked, Action.RECEIVE_CONSENT, actor=actor, actor_kind="contributor")
    return record
