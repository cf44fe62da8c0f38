"""The public page cache against a real PostgreSQL streaming replica (.ci/pg-pair).

A visitor's public read goes to the replica, but the search backends read their entries
through the default connection, the primary. With the replica's replay paused, a search
page holds the primary's newer state under the replica's unchanged version: only the
primary's version in the key keeps a withdrawal on the primary from being served again
(its count and facets: the story's tags and country).
"""

from __future__ import annotations

import os

import pytest

from archive.public import page_cache
from archive.stories import services
from archive.vocabulary import Status
from config.db_router import PRIMARY, REPLICA
from tests.factories import make_story
from tests.replica.pair import received_not_replayed, wait_until

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_REPLICA_URL"), reason="needs DATABASE_REPLICA_URL"
    ),
    pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA]),
]


def test_a_search_hit_withdrawn_on_the_primary_is_not_served_while_the_replica_lags(
    client,
    paused_replica,
    settings,
):
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # the paused replica still serves visitors
    story = make_story(
        status=Status.PUBLISHED, body="A pangolin account.", country="IS", tags=["gullfoss"]
    )
    wait_until(received_not_replayed)
    search = "/api/v1/search/?q=pangolin"

    # The count and facets come from the entries, on the primary; the hits are read back
    # through the router, from the replica, which has not seen the story yet.
    first = client.get(search).json()
    assert first["count"] == 1 and {"value": "gullfoss", "count": 1} in first["facets"]["hashtag"]
    assert client.get(search)[page_cache.HEADER] == "hit"

    services.story_withdraw(story=story)

    again = client.get(search)
    assert again[page_cache.HEADER] == "miss"
    assert again.json()["count"] == 0 and "gullfoss" not in again.content.decode()
