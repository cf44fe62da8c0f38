"""`manage.py run_schedule`: the periodic tasks for the embedded default (no broker)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from archive.management.commands.run_schedule import run_due
from archive.models import Story
from archive.stories import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_every_periodic_task_runs_and_keeps_its_promise(no_broker):
    # An abandoned draft is erased without any worker or beat: the promise holds on SQLite.
    story = services.story_draft_save(body="Words never sent: my boss at Acme.")
    Story.objects.filter(pk=story.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))

    call_command("run_schedule", "--once")

    story.refresh_from_db()
    assert story.erased_at is not None and story.body == ""


def test_a_failing_task_is_logged_and_the_others_still_run(no_broker, caplog):
    schedule = {
        "broken": {"task": "archive.no_such_task", "schedule": 60},
        "drafts": {"task": "archive.erase_abandoned_drafts", "schedule": 3600},
    }
    story = services.story_draft_save(body="Words never sent.")
    Story.objects.filter(pk=story.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    due: dict[str, float] = {}

    with caplog.at_level(logging.ERROR):
        assert run_due(schedule, due, now=100.0) == ["broken"]

    story.refresh_from_db()
    assert story.erased_at is not None
    assert "broken" in caplog.text
    # Each runs again at its own interval, not before.
    assert due == {"broken": 160.0, "drafts": 3700.0}
    assert run_due(schedule, due, now=159.0) == []


def test_with_a_broker_it_refuses_so_nothing_runs_twice(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with pytest.raises(CommandError, match="celery -A config beat"):
        call_command("run_schedule", "--once")
