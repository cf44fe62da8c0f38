"""Public views run a bounded number of queries whatever the number of accounts shown."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public.conftest import published, published_many

pytestmark = pytest.mark.django_db

# URL -> the most queries it may run, measured (sessions are read from the database, so a
# visitor who chose to hide content notes costs one more: measured separately below).
# Counts are measured with a cold cache: a cached total (archive/public_cache.py) costs two
# queries to validate and store, and one once warm.
BOUNDS = {
    # The home page also shows both totals and the month timeline: the statistics' cache
    # (as below) and the charts' own cached inputs (two for the cache, seven counts:
    # archive/public/charts.py). Warm, the page costs 4.
    "/": 20,
    "/stories/": 4,
    "/stories/?page=2": 4,
    "/stories/{id}/": 1,
    # The engine's own queries (count, page, facets, suggestions) plus one to re-check that
    # the page's hits are public. See _bound() for PostgreSQL.
    "/search/?q=storeroom": 8,
    "/search/?q=storeroom&sort=date&country=FR&setting=workplace": 8,
    "/search/": 8,
    # Two for the cache, then the counts (one scan on PostgreSQL, five on SQLite), and the
    # charts' cached inputs as on the home page. Warm, the page costs 2.
    "/statistics/": 16,
    "/api/v1/stories/": 4,
    "/api/v1/stories/?page_size=50": 4,
    "/api/v1/stories/{id}/": 1,
    "/api/v1/search/?q=storeroom&page_size=50": 8,
    "/api/v1/search/?q=storeroom&facets=false": 8,
    "/api/v1/stats/": 7,
}


# Each page first reads the public version for the page cache (archive/public/page_cache.py);
# the first request of each test renders the page, so the view's own queries follow.
PAGE_CACHE = 1


def _bound(url: str) -> int:
    # On PostgreSQL the engine brackets each statement with two `SET LOCAL` planner hints
    # (archive/search/backends/postgres.py), which Django counts as queries too.
    if "search/" in url and connection.vendor == "postgresql":
        return BOUNDS[url] * 3 + PAGE_CACHE
    return BOUNDS[url] + PAGE_CACHE


def _stories(n: int):
    return published_many(
        n, year=2017, country="FR", setting="workplace", content_notes=["harassment", "stalking"]
    )


@pytest.mark.parametrize("accounts", [5, 50])
@pytest.mark.parametrize("url", list(BOUNDS))
def test_public_view_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries, accounts, url
):
    stories = _stories(accounts)

    with django_assert_max_num_queries(_bound(url)):
        response = client.get(url.format(id=stories[0].public_id))

    assert response.status_code == 200


def test_every_public_view_runs_the_same_queries_for_5_and_50_accounts(client):
    def counts(first_id: str) -> dict[str, int]:
        measured = {}
        for url in BOUNDS:
            cache.clear()  # measure the statistics computed, not served from the cache
            with CaptureQueriesContext(connection) as queries:
                client.get(url.format(id=first_id))
            measured[url] = len(queries.captured_queries)
        return measured

    stories = _stories(5)
    few = counts(stories[0].public_id)
    _stories(45)
    many = counts(stories[0].public_id)

    assert many == few


@pytest.mark.parametrize("accounts", [5, 50])
def test_remembered_content_note_choice_costs_one_query(
    client, django_assert_max_num_queries, accounts
):
    for i in range(accounts):
        published(title=f"Account {i}", content_notes=["harassment"] if i % 2 else [])
    client.get("/stories/?hide_set=1&hide=stalking")

    with django_assert_max_num_queries(_bound("/stories/") + 1):
        response = client.get("/stories/")

    assert response.status_code == 200
