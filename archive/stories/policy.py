"""The publish policy: everything that must hold before a story may be published.

One place for it: the lifecycle refuses a publication while any blocker stands, and the
review page lists the same blockers so a moderator sees why.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from archive.models import ModerationEvent, Story
from archive.stories.states import can
from archive.vocabulary import Decision

Action = ModerationEvent.Action


def two_person_rule_on() -> bool:
    """settings.CHORUS["TWO_PERSON_RULE"]: the publisher differs from the redaction approver."""
    return bool(settings.CHORUS["TWO_PERSON_RULE"])


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


def _two_person_blockers(story: Story, actor) -> list[str]:
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


def publish_blockers(story: Story, actor=None) -> list[str]:
    """Why `actor` may not publish `story` now; empty when they may."""
    blockers = []
    if story.erased_at is not None:
        return [_("The story has been erased.")]
    if not can(story, Action.PUBLISH):
        blockers.append(_("Only a submitted or in-review account can be published."))
    consent = story.current_consent()
    if consent is None or not consent.publish:
        blockers.append(_("The contributor has not consented to public publication."))
    if story.detected_version < story.text_version:
        blockers.append(
            _(
                "Identifying details have not been looked for in the current text yet. "
                "This happens automatically within a few minutes; reload the page then."
            )
        )
    if story.redactions.filter(decision=Decision.PENDING).exists():
        blockers.append(_("Some identifying details have not been decided yet."))
    blockers.extend(_two_person_blockers(story, actor))
    return blockers
