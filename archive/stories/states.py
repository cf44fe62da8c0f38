"""What each status of a story allows: the state machine's table and its guards.

    draft ─submit─▶ submitted ─start_review─▶ in_review ─publish─▶ published
    awaiting_consent ─receive_consent─▶ submitted
    submitted | in_review ─request_changes─▶ changes_requested ─submit─▶ submitted
    submitted | in_review | awaiting_consent | published ─reject─▶ rejected
    submitted | in_review | changes_requested | published ─edit─▶ submitted
    any state but withdrawn ─withdraw─▶ withdrawn

`CAPABILITIES` says which statuses allow each transition and each other change (saving
a draft, anonymising, changing consent, erasing, moderating); `can` and `require` are the
only status guards in the code base. An erased story allows nothing. Transitions
themselves are carried out by archive/stories/lifecycle.py.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from archive.models import ModerationEvent, Story
from archive.vocabulary import Status

Action = ModerationEvent.Action
_EVERY = frozenset(Status)

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
    Action.WITHDRAW: (_EVERY - {Status.WITHDRAWN}, Status.WITHDRAWN),
}


class Capability:
    """Changes that are not transitions, named for `can` / `require`."""

    SAVE_DRAFT = "save_draft"
    DETECT = "detect"
    ANONYMISE = "anonymise"
    CHANGE_CONSENT = "change_consent"
    ERASE = "erase"
    MODERATE = "moderate"


# What each status allows: every transition (from its source statuses) and every other
# change. The contributor anonymises before a moderator has the account in hand; a story
# a reader can see goes back to review through EDIT first, so nothing changes on a public
# page without a moderator.
CAPABILITIES: dict[str, frozenset[str]] = {
    **{action: sources for action, (sources, _target) in TRANSITIONS.items()},
    Capability.SAVE_DRAFT: frozenset({Status.DRAFT}),
    # Detection follows the text until publication; a published text does not change.
    Capability.DETECT: _EVERY - {Status.PUBLISHED, Status.REJECTED, Status.WITHDRAWN},
    Capability.ANONYMISE: frozenset({Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED}),
    Capability.CHANGE_CONSENT: _EVERY - {Status.WITHDRAWN},
    Capability.ERASE: _EVERY,
    Capability.MODERATE: _EVERY,
}

# What a refused change tells the person who asked (the API returns it with 409).
REFUSALS = {
    Capability.SAVE_DRAFT: _("This account has already been sent."),
    Capability.ANONYMISE: _("This account cannot be changed now."),
    Capability.CHANGE_CONSENT: _("A withdrawn account has no consent to change."),
    Action.EDIT: _("This account cannot be changed any more."),
    Action.SUBMIT: _("This account has already been sent."),
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


class TransitionNotAllowed(Exception):
    """The change is not allowed in the story's current state, or a guard refused it."""


def can(story: Story, what: str) -> bool:
    """Whether `story`, as it stands, allows `what` (a transition or a Capability)."""
    if story.erased_at is not None:
        return False
    return story.status in CAPABILITIES.get(what, frozenset())


def require(story: Story, what: str) -> None:
    """Raise TransitionNotAllowed unless `story` allows `what`."""
    if what not in CAPABILITIES:
        raise TransitionNotAllowed(f"Unknown action {what!r}.")
    if story.erased_at is not None:
        raise TransitionNotAllowed(str(_("This account has been erased.")))
    if not can(story, what):
        refusal = REFUSALS.get(what)
        raise TransitionNotAllowed(
            str(refusal)
            if refusal
            else f"Cannot {what.replace('_', ' ')} a story that is {story.get_status_display()}."
        )
