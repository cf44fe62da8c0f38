"""Public views run a bounded number of queries whatever the number of accounts shown."""

from __future__ import annotations

import pytest

from tests.public.conftest import published

pytestmark = pytest.mark.django_db

# URL -> the most queries it may run, measured (sessions are read from the database, so a
# visitor who chose to hide content notes costs one more: measured separately below).
BOUNDS = {
    "/": 2,
    "/stories/": 2,
    "/stories/?page=2": 2,
    "/stories/{id}/": 1,
    # The engine's own queries (count, page, facets, suggestions) plus one to re-check that
    # the page's hits are public; the backends differ slightly, hence a little room.
    "/search/?q=storeroom": 8,
    "/search/?q=storeroom&sort=date&country=FR&setting=workplace": 8,
    "/search/": 8,
    "/statistics/": 5,
    "/api/v1/stories/": 2,
    "/api/v1/stories/?page_size=50": 2,
    "/api/v1/stories/{id}/": 1,
    "/api/v1/search/?q=storeroom&page_size=50": 8,
    "/api/v1/stats/": 5,
}


@pytest.mark.parametrize("accounts", [5, 50])
@pytest.mark.parametrize("url", list(BOUNDS))
def test_public_view_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries, accounts, url
):
    stories = [
        published(
            title=f"Account {i}",
            body=f"storeroom account {i} #MeToo",
            year=2015 + i % 5,
            country=["FR", "DE", "GB"][i % 3],
            setting="workplace",
            content_notes=["harassment", "stalking"],
        )
        for i in range(accounts)
    ]

    with django_assert_max_num_queries(BOUNDS[url]):
        response = client.get(url.format(id=stories[0].public_id))

    assert response.status_code == 200


@pytest.mark.parametrize("accounts", [5, 50])
def test_remembered_content_note_choice_costs_one_query(
    client, django_assert_max_num_queries, accounts
):
    for i in range(accounts):
        published(title=f"Account {i}", content_notes=["harassment"] if i % 2 else [])
    client.get("/stories/?hide_set=1&hide=stalking")

    with django_assert_max_num_queries(BOUNDS["/stories/"] + 1):
        response = client.get("/stories/")

    assert response.status_code == 200
