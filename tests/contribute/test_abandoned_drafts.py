from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from archive.models import Story
from archive.stories import services
from archive.tasks import erase_abandoned_drafts_task
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def _draft(age: dt.timedelta) -> Story:
    story = services.story_draft_save(body="Words never sent: my boss at Acme.")
    Story.objects.filter(pk=story.pk).update(updated_at=timezone.now() - age)
    return story


def test_drafts_left_for_a_day_are_erased_once_and_sent_stories_are_left_alone():
    old = _draft(dt.timedelta(hours=25))
    recent = _draft(dt.timedelta(hours=1))
    sent = make_story()
    Story.objects.filter(pk=sent.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))

    assert erase_abandoned_drafts_task() == 1
    assert erase_abandoned_drafts_task() == 0  # running twice has one effect

    old.refresh_from_db()
    recent.refresh_from_db()
    sent.refresh_from_db()
    assert old.erased_at is not None and old.body == ""
    assert recent.erased_at is None and recent.body
    assert sent.erased_at is None and sent.body
