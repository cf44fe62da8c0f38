"""Moderation actions through the lifecycle, one at a time and in bulk, and the
two-person rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from archive.contribute.selectors import changes_requested_message
from archive.models import ModerationEvent, Story
from archive.moderation import selectors
from archive.moderation import services as moderation
from archive.stories import lifecycle
from archive.vocabulary import Decision, Status
from tests.factories import UserFactory, make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
NO_PUBLISH = {
    "publish": False,
    "research": True,
    "quote": False,
    "statistics": True,
    "contact": False,
}


@pytest.fixture
def senior(client, senior_moderator):
    sign_in_with_otp(client, senior_moderator)
    return client


def act(client, story, action, follow=True, **data):
    story.refresh_from_db()
    return client.post(
        reverse("admin:archive_story_moderate", args=[story.pk, action]),
        {"token": selectors.edit_token(story), **data},
        follow=follow,
    )


def test_publishing_puts_the_redacted_account_on_the_public_site(senior, senior_moderator, client):
    story = make_story(
        body="Paul Marchand did it. #MeToo", redact_terms=["Paul Marchand"], status=Status.IN_REVIEW
    )

    act(senior, story, Action.PUBLISH)

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert Story.objects.public().filter(pk=story.pk).exists()
    assert story.events.filter(action=Action.PUBLISH, actor=senior_moderator).exists()
    home = client.get(reverse("home")).text
    assert "[removed] did it." in home and "Paul Marchand" not in home


def test_publishing_is_refused_without_consent_to_publish(senior):
    story = make_story(status=Status.IN_REVIEW, consent=NO_PUBLISH)

    page = senior.get(reverse("admin:archive_story_change", args=[story.pk])).text
    response = act(senior, story, Action.PUBLISH)

    assert "has not consented to public publication" in page
    assert "has not consented to public publication" in response.text
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_publishing_is_refused_while_a_redaction_is_undecided(senior):
    story = make_story(
        status=Status.IN_REVIEW, body="Ask Paul Marchand.", redact_terms=["Paul Marchand"]
    )
    story.redactions.update(decision=Decision.PENDING)

    response = act(senior, story, Action.PUBLISH)

    assert "not been decided" in response.text
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_publishing_with_an_embargo_waits_for_the_date(senior):
    story = make_story(
        status=Status.IN_REVIEW, embargo_until=timezone.localdate() + timedelta(days=10)
    )

    response = act(senior, story, Action.PUBLISH)

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert not Story.objects.public().filter(pk=story.pk).exists()
    assert "when the embargo ends" in response.text


def test_asking_for_changes_needs_a_message_that_the_contributor_will_see(client, moderator):
    sign_in_with_otp(client, moderator)
    story = make_story(status=Status.IN_REVIEW)

    refused = act(client, story, Action.REQUEST_CHANGES, note="  ")
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert "it is required for this action" in refused.text

    act(client, story, Action.REQUEST_CHANGES, note="Could you leave out the street name?")
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED
    assert changes_requested_message(story) == "Could you leave out the street name?"


def test_the_changes_message_is_gone_once_the_contributor_resubmits(moderator):
    story = make_story(status=Status.IN_REVIEW)
    moderation.story_moderate(
        story=story, action=Action.REQUEST_CHANGES, actor=moderator, note="Please."
    )
    lifecycle.transition(story, Action.SUBMIT, actor_kind="contributor")

    assert changes_requested_message(story) == ""


def test_rejecting_needs_a_reason_and_records_it(senior, senior_moderator):
    story = make_story(status=Status.IN_REVIEW)

    act(senior, story, Action.REJECT, note="")
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW

    act(senior, story, Action.REJECT, note="This describes someone else's experience.")
    story.refresh_from_db()
    event = story.events.get(action=Action.REJECT)
    assert story.status == Status.REJECTED
    assert (event.actor, event.note) == (
        senior_moderator,
        "This describes someone else's experience.",
    )


def test_withdrawing_on_request_takes_a_published_account_off_the_site_at_once(senior, client):
    story = make_story(status=Status.PUBLISHED, body="A very particular account. #MeToo")
    assert "A very particular account" in client.get(reverse("home")).text

    act(senior, story, Action.WITHDRAW, note="Asked by e-mail on 2 March.")

    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    assert "A very particular account" not in client.get(reverse("home")).text


def test_erasing_needs_an_explicit_confirmation(senior, senior_moderator):
    story = make_story(status=Status.PUBLISHED, body="Erase me, please.")

    act(senior, story, Action.ERASE)
    story.refresh_from_db()
    assert story.erased_at is None and story.body == "Erase me, please."

    act(senior, story, Action.ERASE, confirm="on")
    story.refresh_from_db()
    assert story.erased_at is not None and story.body == "" and not story.redactions.exists()
    assert [e.action for e in story.events.order_by("-id")[:2]] == [Action.ERASE, Action.WITHDRAW]
    assert (
        "has been erased" in senior.get(reverse("admin:archive_story_change", args=[story.pk])).text
    )


def test_an_action_not_allowed_from_the_current_state_is_refused(senior):
    # (A draft is not even shown to moderators: test_review.py.)
    story = make_story(status=Status.CHANGES_REQUESTED)

    response = act(senior, story, Action.PUBLISH)

    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED
    assert "Cannot publish" in response.text


def test_an_unknown_action_is_not_found(senior):
    story = make_story()
    assert act(senior, story, "explode", follow=False).status_code == 404


def bulk(client, action, stories, **data):
    return client.post(
        reverse("admin:archive_story_changelist") + "?queue=all",
        {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in stories], **data},
        follow=True,
    )


def test_bulk_publish_publishes_what_it_can_and_says_what_it_could_not(senior):
    ready = make_story(status=Status.IN_REVIEW)
    no_consent = make_story(status=Status.IN_REVIEW, consent=NO_PUBLISH)
    for story in (ready, no_consent):
        senior.get(reverse("admin:archive_story_change", args=[story.pk]))

    response = bulk(senior, "publish_selected", [ready, no_consent], apply="1")

    ready.refresh_from_db()
    no_consent.refresh_from_db()
    assert ready.status == Status.PUBLISHED
    assert no_consent.status == Status.IN_REVIEW
    assert no_consent.public_id in response.text
    assert f"Published: {ready.public_id}." in response.text


def test_bulk_publish_asks_for_confirmation_and_leaves_out_accounts_nobody_opened(senior):
    opened = make_story(status=Status.IN_REVIEW)
    unopened = make_story(status=Status.IN_REVIEW)
    senior.get(reverse("admin:archive_story_change", args=[opened.pk]))

    confirm = bulk(senior, "publish_selected", [opened, unopened])
    assert "Publish these accounts?" in confirm.text
    assert all(Story.objects.get(pk=s.pk).status == Status.IN_REVIEW for s in (opened, unopened))

    done = bulk(senior, "publish_selected", [opened, unopened], apply="1")
    assert Story.objects.get(pk=opened.pk).status == Status.PUBLISHED
    assert Story.objects.get(pk=unopened.pk).status == Status.IN_REVIEW
    assert f"Not published: {unopened.public_id}. Open it and read it first." in done.text


def test_bulk_reject_asks_for_a_reason_first(senior):
    stories = [make_story(), make_story()]

    form = bulk(senior, "reject_selected", stories)
    assert "Why these accounts are not published" in form.text
    assert all(Story.objects.get(pk=s.pk).status == Status.SUBMITTED for s in stories)

    bulk(senior, "reject_selected", stories, apply="1", reason="Not an account of harassment.")
    assert all(Story.objects.get(pk=s.pk).status == Status.REJECTED for s in stories)


def test_bulk_start_review_is_open_to_moderators_but_bulk_publish_is_not(client, moderator):
    sign_in_with_otp(client, moderator)
    story = make_story()

    client.get(reverse("admin:archive_story_change", args=[story.pk]))
    bulk(client, "publish_selected", [story], apply="1")
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED

    bulk(client, "start_review_selected", [story])
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_the_queue_offers_each_role_only_its_own_bulk_actions(client, moderator, senior_moderator):
    make_story()
    sign_in_with_otp(client, moderator)
    offered = (
        client.get(reverse("admin:archive_story_changelist"))
        .context["action_form"]
        .fields["action"]
        .choices
    )
    names = {name for name, _label in offered}
    assert "start_review_selected" in names and "publish_selected" not in names

    sign_in_with_otp(client, senior_moderator)
    offered = (
        client.get(reverse("admin:archive_story_changelist"))
        .context["action_form"]
        .fields["action"]
        .choices
    )
    assert {"publish_selected", "reject_selected"} <= {name for name, _label in offered}


# --- Two-person rule -----------------------------------------------------------------


@pytest.fixture
def two_person_rule(settings):
    settings.CHORUS = {**settings.CHORUS, "TWO_PERSON_RULE": True}


def approve(story, actor):
    story.refresh_from_db()
    return moderation.redactions_approve(
        story=story, actor=actor, token=selectors.edit_token(story)
    )


def test_two_person_rule_refuses_publishing_without_an_approval(two_person_rule, senior_moderator):
    story = make_story(status=Status.IN_REVIEW)

    with pytest.raises(lifecycle.TransitionNotAllowed, match="approve the redactions first"):
        moderation.story_moderate(story=story, action=Action.PUBLISH, actor=senior_moderator)


def test_two_person_rule_refuses_the_approver_as_publisher(two_person_rule, senior_moderator):
    story = make_story(status=Status.IN_REVIEW)
    approve(story, senior_moderator)

    with pytest.raises(lifecycle.TransitionNotAllowed, match="someone else has to publish"):
        moderation.story_moderate(story=story, action=Action.PUBLISH, actor=senior_moderator)


def test_two_person_rule_lets_a_second_person_publish(two_person_rule, moderator, senior_moderator):
    story = make_story(status=Status.IN_REVIEW)
    approve(story, moderator)

    moderation.story_moderate(story=story, action=Action.PUBLISH, actor=senior_moderator)

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_two_person_rule_voids_an_approval_when_a_redaction_changes_afterwards(
    two_person_rule, moderator, senior_moderator
):
    story = make_story(
        status=Status.IN_REVIEW, body="Ask Paul Marchand.", redact_terms=["Paul Marchand"]
    )
    approve(story, moderator)
    redaction = story.redactions.first()
    story.refresh_from_db()
    moderation.redactions_decide(
        story=story,
        actor=senior_moderator,
        token=selectors.edit_token(story),
        decisions={redaction.pk: (Decision.REJECTED, "")},
    )

    with pytest.raises(lifecycle.TransitionNotAllowed, match="approve the redactions first"):
        moderation.story_moderate(story=story, action=Action.PUBLISH, actor=senior_moderator)


def test_approving_redactions_needs_every_span_decided(moderator):
    story = make_story(body="Ask Paul Marchand.", redact_terms=["Paul Marchand"])
    story.redactions.update(decision=Decision.PENDING)

    with pytest.raises(moderation.ModerationError):
        approve(story, moderator)
    assert not story.events.filter(action=Action.REDACTIONS_APPROVED).exists()


def test_without_the_rule_the_approver_may_publish(senior_moderator):
    story = make_story(status=Status.IN_REVIEW)
    approve(story, senior_moderator)

    moderation.story_moderate(story=story, action=Action.PUBLISH, actor=senior_moderator)

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_two_person_rule_through_the_admin(two_person_rule, client, moderator, senior_moderator):
    story = make_story(status=Status.IN_REVIEW)
    sign_in_with_otp(client, senior_moderator)
    change = reverse("admin:archive_story_change", args=[story.pk])
    story.refresh_from_db()
    client.post(change, {"op": "approve", "token": selectors.edit_token(story)})

    refused = act(client, story, Action.PUBLISH)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert "someone else has to publish" in refused.text

    sign_in_with_otp(client, UserFactory(role="senior moderator"))
    act(client, story, Action.PUBLISH)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_services_check_roles_even_when_called_directly(moderator, researcher):
    story = make_story(status=Status.IN_REVIEW)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        moderation.story_moderate(story=story, action=Action.PUBLISH, actor=moderator)
    with pytest.raises(PermissionDenied):
        moderation.note_add(story=story, actor=researcher, text="hello")
    with pytest.raises(PermissionDenied):
        moderation.original_view_record(story=story, actor=researcher)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW and not story.events.filter(action=Action.NOTE).exists()
