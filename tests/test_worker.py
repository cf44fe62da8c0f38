from __future__ import annotations

import pytest

from archive.search.models import SearchEntry
from archive.stories import lifecycle
from archive.vocabulary import Status
from tests.factories import make_story
from tests.worker import wait_for

pytestmark = pytest.mark.worker


def test_a_published_story_is_indexed_by_a_real_worker_through_redis(celery_worker_process):
    story = make_story(status=Status.IN_REVIEW, body="Indexed by another process. #MeToo")

    lifecycle.transition(story, lifecycle.Action.PUBLISH)

    entry = wait_for(lambda: SearchEntry.objects.filter(story=story).first())
    assert entry is not None, celery_worker_process.log_path.read_text()[-2000:]
    assert entry.version == story.version
    assert "archive.index_story" in celery_worker_process.log_path.read_text()
