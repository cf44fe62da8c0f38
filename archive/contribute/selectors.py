"""What a contributor reads of their own account: messages, consent receipt, previews."""

from __future__ import annotations

from copy import copy

from archive.anonymise.render import render_story
from archive.models import ConsentRecord, ModerationEvent, Redaction, Story
from archive.vocabulary import Decision, Status

Action = ModerationEvent.Action


def moderator_messages(story: Story) -> list[ModerationEvent]:
    """What moderators wrote to the contributor (changes asked, reasons given), newest first."""
    return list(
        story.events.filter(action__in=[Action.REQUEST_CHANGES, Action.REJECT])
        .exclude(note="")
        .order_by("-created_at", "-id")
    )


def consent_receipt(story: Story, record: ConsentRecord) -> dict:
    """A receipt the contributor can keep: what they allowed, when, under which wording.

    Nothing in it identifies them: no text, no address, no account."""
    return {
        "issuer": "Chorus",
        "story": story.public_id,
        "consent_version": record.consent_version,
        "scopes": record.scopes(),
        "given_at": record.given_at.isoformat(),
        "method": record.method,
        "receipt_hash": record.receipt_hash(),
    }


def preview_if_continued(story: Story, redactions: list[Redaction]) -> tuple[str, str]:
    """The (title, body) readers would see if the contributor continued now.

    Undecided details count as hidden, as the anonymise form pre-selects.
    """
    as_decided = []
    for redaction in redactions:
        if redaction.decision == Decision.PENDING:
            redaction = copy(redaction)
            redaction.decision = Decision.ACCEPTED
        as_decided.append(redaction)
    return render_story(story, as_decided)


def changes_requested_message(story: Story) -> str:
    """The moderator's message to the contributor, while changes are requested."""
    if story.status != Status.CHANGES_REQUESTED:
        return ""
    event = (
        story.events.filter(action=Action.REQUEST_CHANGES).order_by("-created_at", "-id").first()
    )
    return event.note if event else ""
