"""Search and statistics against a real PostgreSQL streaming replica (.ci/pg-pair).

Every read of a visitor's public page, the search backend's and the statistics' raw SQL
included, comes from the one database `read_database()` chose for the request; the
primary is asked only for its public version. With the replica's replay paused, a search
entry dropped on the primary behind the public-view hook's back shows where a search
read; a withdrawal goes through the hook and leaves search at once, read from the
primary until the replica has replayed it; with the replica too far behind or down,
searches read the primary.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from archive.public import page_cache
from archive.stories import services
from archive.vocabulary import Status
from config.db_router import PRIMARY, REPLICA, replica_state
from tests.factories import make_story
from tests.replica.pair import (
    caught_up,
    pause_replay,
    received_not_replayed,
    replica_sql,
    sql,
    wait_until,
)

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_REPLICA_URL"), reason="needs DATABASE_REPLICA_URL"
    ),
    pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA]),
]

WORD = "pangolin"
SEARCH_API = f"/api/v1/search/?q={WORD}"
SEARCH_PAGE = f"/search/?q={WORD}"


@pytest.fixture(autouse=True)
def _every_account_counts(settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 1}


def _publish(body: str = f"A {WORD} account.", **fields):
    return make_story(status=Status.PUBLISHED, body=body, country="IS", tags=["gullfoss"], **fields)


def _indexed_on_replica(story) -> bool:
    query = "SELECT count(*) FROM search_searchentry WHERE story_id = %s"
    return replica_sql(query, [story.pk]) == (1,)


def _seen(client, story) -> dict:
    """What a visitor's search (API and page) and statistics show of `story`."""
    api = client.get(SEARCH_API)
    page = client.get(SEARCH_PAGE).content.decode()
    found = api.json()
    return {
        "count": found["count"],
        "hit": story.public_id in api.content.decode(),
        "facet": {"value": "gullfoss", "count": 1} in found["facets"]["hashtag"],
        "page": story.public_id in page and "gullfoss" in page,
        "browse": client.get("/api/v1/search/").json()["count"],
        "statistics": client.get("/api/v1/stats/").json()["total"],
    }


def _shown(n: int = 1) -> dict:
    shown = n > 0
    # Statistics say nothing (None) below the threshold of 1.
    return {
        "count": n,
        "hit": shown,
        "facet": shown,
        "page": shown,
        "browse": n,
        "statistics": n or None,
    }


def _entry_lost_on_the_primary_only(story) -> None:
    """Drop `story`'s search entry on the primary behind the public-view hook's back (the
    public version stays the same on both, so the replica keeps serving visitors): whether
    a visitor's search still finds it says which database the search read."""
    sql(
        PRIMARY, "DELETE FROM search_searchentry WHERE story_id = %s RETURNING story_id", [story.pk]
    )
    wait_until(received_not_replayed)


def _published_and_replayed():
    story = _publish()
    caught_up()
    wait_until(lambda: _indexed_on_replica(story))
    return story


def test_search_reads_the_replica(client, real_replica, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # the paused replica still serves visitors
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}
    story = _published_and_replayed()
    pause_replay()
    _entry_lost_on_the_primary_only(story)

    seen = _seen(client, story)
    assert {k: seen[k] for k in ("count", "hit", "facet", "page")} == {
        "count": 1,
        "hit": True,
        "facet": True,
        "page": True,
    }

    replica_sql("SELECT pg_wal_replay_resume()")
    caught_up()
    assert client.get(SEARCH_API).json()["count"] == 0


def test_a_replica_read_page_asks_the_primary_only_its_public_version(client, real_replica):
    story = _published_and_replayed()
    pages = [
        "/",
        "/stories/",
        f"/stories/{story.public_id}/",
        "/search/",
        SEARCH_PAGE,
        "/search/?q=pangolni",  # misspelt: "did you mean" reads the vocabulary
        f"/search/?q={WORD}&country=FR",  # nothing found: suggestions
        '/search/?q="a+pangolin"&sort=date',
        "/statistics/",
        "/api/v1/stories/",
        f"/api/v1/stories/{story.public_id}/",
        SEARCH_API,
        "/api/v1/stats/",
    ]
    for path in pages:
        with (
            CaptureQueriesContext(connections[PRIMARY]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            response = client.get(path)
        assert response.status_code == 200, path
        assert response[page_cache.HEADER] == "miss", path
        # The one question for the primary: is the replica's public view the same?
        asked = [q["sql"] for q in primary.captured_queries]
        assert len(asked) == 1 and "archive_publicversion" in asked[0], (path, asked)
        assert len(replica.captured_queries) > 1, path


def test_a_withdrawal_leaves_search_at_once_before_the_replica_replays_it(
    client, real_replica, settings
):
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # however patient the lag limit
    story = _published_and_replayed()
    assert _seen(client, story) == _shown(1)
    assert client.get(SEARCH_API)[page_cache.HEADER] == "hit"

    pause_replay()
    services.story_withdraw(story=story)
    wait_until(received_not_replayed)
    assert _indexed_on_replica(story)  # the replica still has it

    assert _seen(client, story) == _shown(0)

    replica_sql("SELECT pg_wal_replay_resume()")
    caught_up()
    wait_until(lambda: not _indexed_on_replica(story))
    assert _seen(client, story) == _shown(0)


def test_search_reads_the_primary_while_the_replica_lags(client, real_replica, settings):
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}
    story = _published_and_replayed()
    pause_replay()
    _entry_lost_on_the_primary_only(story)
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    time.sleep(0.6)

    assert not replica_state.usable()
    assert client.get(SEARCH_API).json()["count"] == 0


def test_search_and_statistics_read_the_primary_when_the_replica_is_down(client, real_replica):
    real_replica.close()
    # Nothing listens on this port of the pair's range: the connection is refused.
    real_replica.settings_dict = {**real_replica.settings_dict, "PORT": 5449}
    replica_state.forget()
    story = _publish()

    assert _seen(client, story) == _shown(1)
