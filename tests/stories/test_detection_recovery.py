"""A lost detection task can never publish a contributor's hidden words.

What the fault test found: with the broker's queue lost, submissions never had detection
run, nothing ran it again, and with no redaction rows at all they could be published,
the contributor's own "hide these words" included.
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import TestCase

from archive import queue, tasks
from archive.anonymise.render import render_story
from archive.models import ModerationEvent, Story
from archive.stories import lifecycle, policy, services
from archive.stories.states import TransitionNotAllowed
from archive.vocabulary import Decision, Status

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
BODY = "Nadia Okoro at Brightwell Foods cornered me. Write to nadia.okoro@example.org."


def _submitted_while_the_broker_lost_everything(monkeypatch) -> Story:
    lost: list = []
    monkeypatch.setattr(queue, "send", lambda name, *args: lost.append((name, args)))
    with TestCase.captureOnCommitCallbacks(execute=True):
        story, _code = services.story_create(
            body=BODY, consent={"publish": True}, redact_terms=["Brightwell Foods"]
        )
    monkeypatch.undo()
    assert lost == [(queue.DETECT_PII, (story.pk,))]
    story.refresh_from_db()
    return story


def test_the_contributors_own_words_are_hidden_in_the_request_itself(monkeypatch):
    story = _submitted_while_the_broker_lost_everything(monkeypatch)
    shown = render_story(story)[1]
    assert "Brightwell" not in shown
    assert story.redactions.get().decision == Decision.ACCEPTED


def test_a_story_detection_never_saw_cannot_be_published_and_says_why(monkeypatch):
    story = _submitted_while_the_broker_lost_everything(monkeypatch)
    blockers = policy.publish_blockers(story)
    assert any("not been looked for" in str(b) for b in blockers)
    with pytest.raises(TransitionNotAllowed, match="not been looked for"):
        lifecycle.transition(story, Action.PUBLISH)
    assert Story.objects.get(pk=story.pk).status == Status.SUBMITTED


def test_the_sweep_detects_it_again_and_then_it_can_be_published(monkeypatch):
    story = _submitted_while_the_broker_lost_everything(monkeypatch)

    assert tasks.reconcile_detection_task() == 1  # the task runs in-process in tests
    story.refresh_from_db()
    assert story.detected_version == story.text_version
    assert tasks.reconcile_detection_task() == 0

    found = {story.body[r.start : r.end] for r in story.redactions.all()}
    assert {"Nadia Okoro", "nadia.okoro@example.org", "Brightwell Foods"} <= found
    story.redactions.update(decision=Decision.ACCEPTED)
    lifecycle.transition(story, Action.PUBLISH)
    story.refresh_from_db()
    assert "Nadia" not in story.public_body and "Brightwell" not in story.public_body


def test_an_edit_needs_a_new_detection_before_publication():
    from tests.factories import make_story

    story = make_story(status=Status.IN_REVIEW, body=BODY)
    assert not policy.publish_blockers(story)
    story.detected_version = story.text_version - 1
    story.save(update_fields=["detected_version"])
    assert policy.publish_blockers(story)


def test_a_lost_message_says_which_sweep_will_find_it(caplog, monkeypatch):
    def broker_down(name):
        raise ConnectionError("the broker is down")

    monkeypatch.setattr(queue, "_task", broker_down)
    with caplog.at_level(logging.WARNING, logger="archive.queue"):
        queue.send(queue.DETECT_PII, 12345)
    assert "archive.reconcile_detection will find it again" in caplog.text
    assert (
        tasks.reconcile_detection_task.name
        in settings.CELERY_BEAT_SCHEDULE["reconcile-detection"]["task"]
    )
