from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from archive.models import Story
from archive.stories import consents, services
from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [s for s in Status if s != Status.PUBLISHED])
def test_no_status_but_published_gets_through(status):
    make_story(status=status, body=f"Secret text of a {status} story")
    assert not Story.objects.public().exists()


def test_published_with_consent_gets_through():
    story = make_story(status=Status.PUBLISHED)
    assert list(Story.objects.public()) == [story]


def test_withdrawing_consent_to_publish_hides_a_published_story():
    story = make_story(status=Status.PUBLISHED)
    consents.consent_record(story=story, scopes={"publish": False, "research": True}, method="web")
    assert not Story.objects.public().exists()
    assert story.consents.count() == 2  # append-only: the old record is kept, withdrawn


def test_embargoed_story_waits_for_its_date():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    story = make_story(status=Status.PUBLISHED, embargo_until=tomorrow)
    assert not Story.objects.public().exists()
    Story.objects.filter(pk=story.pk).update(embargo_until=timezone.localdate())
    assert Story.objects.public().count() == 1


def test_erased_story_never_gets_through():
    story = make_story(status=Status.PUBLISHED)
    services.story_erase(story=story, actor_kind="contributor")
    story.refresh_from_db()
    assert not Story.objects.public().exists()
    assert story.status == Status.WITHDRAWN
    assert (story.body, story.title, story.public_body) == ("", "", "")
    assert story.events.filter(action="erase").exists()
