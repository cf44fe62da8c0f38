from __future__ import annotations

import pytest
from django.db import transaction

from archive.models import ModerationEvent, Story
from archive.stories import audit, consents, lifecycle, states
from archive.vocabulary import Status
from tests.factories import make_story

Action = lifecycle.Action

EXPECTED = {
    # (action, from) -> to, for every allowed pair; every other pair must raise.
    (Action.SUBMIT, Status.DRAFT): Status.SUBMITTED,
    (Action.SUBMIT, Status.CHANGES_REQUESTED): Status.SUBMITTED,
    (Action.RECEIVE_CONSENT, Status.AWAITING_CONSENT): Status.SUBMITTED,
    (Action.START_REVIEW, Status.SUBMITTED): Status.IN_REVIEW,
    (Action.PUBLISH, Status.SUBMITTED): Status.PUBLISHED,
    (Action.PUBLISH, Status.IN_REVIEW): Status.PUBLISHED,
    (Action.REQUEST_CHANGES, Status.SUBMITTED): Status.CHANGES_REQUESTED,
    (Action.REQUEST_CHANGES, Status.IN_REVIEW): Status.CHANGES_REQUESTED,
    (Action.REJECT, Status.AWAITING_CONSENT): Status.REJECTED,
    (Action.REJECT, Status.SUBMITTED): Status.REJECTED,
    (Action.REJECT, Status.IN_REVIEW): Status.REJECTED,
    (Action.REJECT, Status.PUBLISHED): Status.REJECTED,
    (Action.EDIT, Status.SUBMITTED): Status.SUBMITTED,
    (Action.EDIT, Status.IN_REVIEW): Status.SUBMITTED,
    (Action.EDIT, Status.CHANGES_REQUESTED): Status.SUBMITTED,
    (Action.EDIT, Status.PUBLISHED): Status.SUBMITTED,
    **{(Action.WITHDRAW, s): Status.WITHDRAWN for s in Status if s != Status.WITHDRAWN},
}
ALL_PAIRS = [(a, s) for a in states.TRANSITIONS for s in Status]


def test_the_transition_table_is_exactly_the_documented_one():
    table = {
        (action, source): target
        for action, (sources, target) in states.TRANSITIONS.items()
        for source in sources
    }
    assert table == EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), [p for p in ALL_PAIRS if p in EXPECTED])
def test_allowed_transition_moves_the_story_and_writes_an_event(action, status):
    story = make_story(status=status)
    events_before = story.events.count()

    event = lifecycle.transition(story, action, actor_kind="system", note="why")

    story.refresh_from_db()
    assert story.status == EXPECTED[(action, status)]
    assert story.events.count() == events_before + 1
    assert (event.action, event.from_status, event.to_status, event.note) == (
        action,
        status,
        story.status,
        "why",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), [p for p in ALL_PAIRS if p not in EXPECTED])
def test_forbidden_transition_raises_and_changes_nothing(action, status):
    story = make_story(status=status)
    events_before = story.events.count()

    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.transition(story, action, actor_kind="system")

    story.refresh_from_db()
    assert story.status == status
    assert story.events.count() == events_before


@pytest.mark.django_db
def test_unknown_action_raises():
    story = make_story(status=Status.SUBMITTED)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.transition(story, "teleport")


@pytest.mark.django_db
def test_publish_without_consent_to_publish_is_refused():
    story = make_story(status=Status.IN_REVIEW, consent={"publish": False})
    with pytest.raises(lifecycle.TransitionNotAllowed, match="consented"):
        lifecycle.transition(story, Action.PUBLISH)
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


@pytest.mark.django_db
def test_publish_with_undecided_redactions_is_refused():
    story = make_story(status=Status.IN_REVIEW, body="Write to me at someone@example.org")
    story.redactions.update(decision="pending")
    with pytest.raises(lifecycle.TransitionNotAllowed, match="not been decided"):
        lifecycle.transition(story, Action.PUBLISH)


@pytest.mark.django_db
def test_publishing_and_unpublishing_bump_the_version():
    story = make_story(status=Status.IN_REVIEW)
    v = story.version
    lifecycle.transition(story, Action.PUBLISH)
    assert story.version == v + 1
    lifecycle.transition(story, Action.WITHDRAW)
    assert story.version == v + 2


@pytest.mark.django_db
def test_follow_up_work_is_scheduled_on_commit_not_before(django_capture_on_commit_callbacks):
    story = make_story(status=Status.IN_REVIEW)
    with django_capture_on_commit_callbacks() as callbacks:
        lifecycle.transition(story, Action.PUBLISH)
        assert not hasattr(story, "search_entry") or story.search_entry is None
    # The index task, sent only when the transaction commits (the audit chain's marker of
    # its held lock is registered there too, and does nothing: archive/stories/audit.py).
    work = [c for c in callbacks if not isinstance(c, audit._HeldChain)]
    assert len(work) == 1


@pytest.mark.django_db
def test_publish_renders_public_text_from_accepted_redactions():
    story = make_story(status=Status.IN_REVIEW, body="Mail me: someone@example.org today.")
    lifecycle.transition(story, Action.PUBLISH)
    story.refresh_from_db()
    assert "someone@example.org" not in story.public_body
    assert story.public_body == "Mail me: [e-mail] today."


@pytest.mark.django_db
def test_every_event_is_chained_to_the_previous_one():
    make_story(status=Status.PUBLISHED)
    events = list(ModerationEvent.objects.order_by("id"))
    assert events[0].prev_hash == ""
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.hash == event.compute_hash()


# What each status allows besides transitions: the only status guards in the code base.
EVERY = set(Status)
EXPECTED_CAPABILITIES = {
    states.Capability.SAVE_DRAFT: {Status.DRAFT},
    states.Capability.DETECT: EVERY - {Status.PUBLISHED, Status.REJECTED, Status.WITHDRAWN},
    states.Capability.ANONYMISE: {Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED},
    states.Capability.CHANGE_CONSENT: EVERY - {Status.WITHDRAWN},
    states.Capability.ERASE: EVERY,
    states.Capability.MODERATE: EVERY,
}


def test_the_capabilities_table_is_exactly_the_documented_one():
    others = {k: set(v) for k, v in states.CAPABILITIES.items() if k not in states.TRANSITIONS}
    assert others == EXPECTED_CAPABILITIES
    for action, (sources, _target) in states.TRANSITIONS.items():
        assert states.CAPABILITIES[action] == sources


@pytest.mark.django_db
@pytest.mark.parametrize("what", list(EXPECTED_CAPABILITIES))
def test_an_erased_story_allows_nothing(what):
    story = make_story(status=Status.SUBMITTED)
    from archive.stories import services

    services.story_erase(story=story)
    story.refresh_from_db()
    assert not states.can(story, what)
    with pytest.raises(states.TransitionNotAllowed):
        states.require(story, what)


@pytest.mark.django_db
def test_a_refusal_explains_itself_in_plain_words():
    story = make_story(status=Status.WITHDRAWN)
    with pytest.raises(states.TransitionNotAllowed, match="withdrawn account has no consent"):
        states.require(story, states.Capability.CHANGE_CONSENT)


@pytest.mark.django_db(transaction=True)  # no test transaction around the call
def test_a_transition_on_a_row_the_caller_holds_needs_the_callers_transaction():
    story = make_story(status=Status.DRAFT)

    with pytest.raises(transaction.TransactionManagementError):
        lifecycle.transition(story, Action.SUBMIT, locked=True)

    story.refresh_from_db()
    assert story.status == Status.DRAFT
    assert not story.events.filter(action=Action.SUBMIT).exists()


@pytest.mark.django_db(transaction=True)
def test_a_first_consent_is_recorded_only_in_the_transaction_that_created_the_story():
    story = make_story(status=Status.AWAITING_CONSENT)  # an import: no consent yet

    with pytest.raises(transaction.TransactionManagementError):
        consents.consent_record(story=story, scopes={"publish": True}, method="web", first=True)

    assert not story.consents.exists()


@pytest.mark.django_db
def test_a_refused_transition_on_a_held_row_writes_nothing_and_leaves_the_transaction_usable():
    story = make_story(status=Status.PUBLISHED)
    events_before = story.events.count()
    with transaction.atomic():
        held = lifecycle.lock(story)
        with pytest.raises(states.TransitionNotAllowed):
            lifecycle.transition(held, Action.SUBMIT, locked=True)
        # No savepoint was opened, so nothing may have been written before the refusal,
        # and the transaction goes on.
        lifecycle.transition(held, Action.WITHDRAW, locked=True)

    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    assert story.events.count() == events_before + 1  # the withdrawal's only
    assert not list(audit.verify_chain())
