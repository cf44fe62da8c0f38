"""With the shared cache (Redis) stopped, every read and every submission still works.

Throttles fall back to a per-process count and cached figures to a direct computation
(archive/shared_cache.py), each with one warning per process. The cache here is a real
redis-server that the test started and stopped, not a mock.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from archive import shared_cache
from archive.models import Story
from archive.public import selectors
from archive.search.index import index_story
from archive.vocabulary import Status
from tests.contribute.helpers import submit_story
from tests.contribute.test_submissions_api import URL as SUBMISSIONS
from tests.contribute.test_submissions_api import _rates, payload
from tests.factories import make_story
from tests.reliability.redis_server import stopped_redis_url  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings, stopped_redis_url):  # noqa: F811
    settings.CACHES = {
        **settings.CACHES,  # the process-local ones stay
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": stopped_redis_url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    shared_cache._warned.clear()
    shared_cache.counters.fallback.clear()
    yield
    shared_cache._warned.clear()
    shared_cache.counters.fallback.clear()


@pytest.fixture
def published():
    story = make_story(status=Status.PUBLISHED, body="At the office party my boss grabbed me.")
    index_story(story.pk)
    return story


def _reads(story: Story) -> list[str]:
    return [
        "/",
        reverse("archive:story_list"),
        reverse("archive:story_detail", args=[story.public_id]),
        reverse("archive:statistics"),
        reverse("archive:search"),
        reverse("archive:search") + "?q=office",
        "/api/v1/stories/",
        f"/api/v1/stories/{story.public_id}/",
        "/api/v1/search/?q=office",
        "/api/v1/search/",
        "/api/v1/stats/",
    ]


def test_every_read_works_with_the_cache_stopped(cache_down, published):
    client = Client(raise_request_exception=False)

    answers = {path: client.get(path).status_code for path in _reads(published)}

    assert answers == dict.fromkeys(answers, 200)


def test_an_api_submission_is_stored_and_acknowledged_with_the_cache_stopped(cache_down):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = APIClient().post(SUBMISSIONS, payload(), format="json")

    assert response.status_code == 201
    assert Story.objects.filter(public_id=response.json()["id"]).exists()


def test_the_web_journey_works_with_the_cache_stopped(cache_down, settings):
    # Sessions must not depend on the cache: the draft and the claim live in the session.
    assert settings.SESSION_ENGINE != "django.contrib.sessions.backends.cache"
    with TestCase.captureOnCommitCallbacks(execute=True):
        story, code, response = submit_story(Client(raise_request_exception=False))

    assert response.status_code == 200 and code
    assert story.status == Status.SUBMITTED


def test_throttles_still_limit_per_process_with_the_cache_stopped(cache_down, settings):
    _rates(settings, submissions="2/hour")
    # An address no other test uses: only these three requests count.
    client = APIClient(REMOTE_ADDR="192.0.2.77")

    answers = [client.post(SUBMISSIONS, payload(), format="json").status_code for _ in range(3)]

    assert answers == [201, 201, 429]
    assert Story.objects.count() == 2


def test_cached_counts_are_computed_directly_with_the_cache_stopped(
    cache_down, published, settings
):
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_COUNT_CACHE_SECONDS": 600}
    first = selectors.public_count()
    make_story(status=Status.PUBLISHED)

    # With a working cache the new publication would show when the entry expires; with
    # the cache down nothing is kept, so it shows at once.
    assert (first, selectors.public_count()) == (1, 2)


def test_the_outage_is_logged_once_per_process_without_request_data(cache_down, published, caplog):
    client = Client(raise_request_exception=False, HTTP_X_FORWARDED_FOR="203.0.113.9")
    with caplog.at_level(logging.WARNING, logger="archive.shared_cache"):
        for _ in range(3):
            for path in _reads(published):
                client.get(path)
            APIClient(REMOTE_ADDR="203.0.113.7").post(SUBMISSIONS, payload(), format="json")

    records = caplog.get_records("setup") + caplog.get_records("call")
    warnings = [r.getMessage() for r in records if r.name == "archive.shared_cache"]
    assert len(warnings) == 3  # one each for throttles, cached figures and cached pages
    assert all("ConnectionError" in w for w in warnings)
    logged = " ".join(warnings)
    assert "203.0.113" not in logged and "chorus:" not in logged and "office" not in logged
