"""The browse cache is an optimisation: an unreachable cache never fails an index write.

The cache here is a real Redis client pointed at a port nothing listens on, so every call
raises redis-py's ConnectionError, as it does when Redis is down.
"""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings

from archive import shared_cache, tasks
from archive.search import SearchQuery, search
from archive.search.models import SearchEntry
from archive.stories import lifecycle
from archive.vocabulary import Status
from tests.factories import make_story

UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 9: the discard service, closed here; connecting is refused at once.
        "LOCATION": "redis://127.0.0.1:9/10",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def cache_down():
    shared_cache._warned.clear()
    with override_settings(CACHES=UNREACHABLE_CACHE):
        yield
    shared_cache._warned.clear()


@pytest.mark.django_db(transaction=True)  # so the after-commit cache delete really runs
def test_an_index_task_succeeds_and_logs_once_when_the_cache_is_unreachable(cache_down, caplog):
    story = make_story(status=Status.PUBLISHED, body="The night at the lighthouse.")

    with caplog.at_level(logging.WARNING, logger="archive.shared_cache"):
        result = tasks.index_story_task.apply(args=[story.pk])

    assert result.state == "SUCCESS", result.traceback
    assert result.result is True
    assert SearchEntry.objects.filter(story=story, version=story.version).exists()
    warnings = [r for r in caplog.records if r.name == "archive.shared_cache"]
    # Two deletes failed (before and after commit), one line in the log.
    assert len(warnings) == 1
    assert "127.0.0.1" not in warnings[0].getMessage()


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_still_removes_the_entry_and_search_still_answers(cache_down):
    story = make_story(status=Status.PUBLISHED, body="The night at the lighthouse.")
    assert tasks.index_story_task.apply(args=[story.pk]).state == "SUCCESS"
    assert search(SearchQuery()).total == 1  # the browse reads and stores without a cache

    lifecycle.transition(story, lifecycle.Action.WITHDRAW, actor_kind="contributor")

    assert not SearchEntry.objects.filter(story=story).exists()
    assert search(SearchQuery()).total == 0
    assert search(SearchQuery(text="lighthouse")).hits == ()
