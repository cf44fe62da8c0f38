"""Deep listing pages start from cached anchors: the same rows as OFFSET, fewer read."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.public import selectors
from archive.public.selectors import PublicPaginator, public_stories
from archive.stories import services
from tests.public.conftest import published_many

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _counts_cached(settings):
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_COUNT_CACHE_SECONDS": 60}
    cache.clear()


def _ids(page) -> list[int]:
    return [story.pk for story in page.object_list]


def test_every_page_read_from_an_anchor_holds_the_rows_offset_would(monkeypatch):
    monkeypatch.setattr(selectors, "ANCHOR_EVERY_PAGES", 2)
    published_many(23)
    plain = Paginator(public_stories(), 2)
    anchored = PublicPaginator(public_stories(), 2)

    assert anchored.num_pages == plain.num_pages == 12
    for number in plain.page_range:
        assert _ids(anchored.page(number)) == _ids(plain.page(number)), number


def test_a_withdrawal_is_never_shown_on_an_anchored_page(monkeypatch):
    monkeypatch.setattr(selectors, "ANCHOR_EVERY_PAGES", 2)
    stories = published_many(12)
    PublicPaginator(public_stories(), 2).page(4)  # anchors computed and cached
    shown = _ids(PublicPaginator(public_stories(), 2).page(3))
    gone = next(s for s in stories if s.pk == shown[0])

    services.story_withdraw(story=gone)
    again = PublicPaginator(public_stories(), 2)

    assert gone.pk not in [pk for n in again.page_range for pk in _ids(again.page(n))]


@pytest.mark.parametrize("accounts", [45, 90])
def test_a_deep_listing_page_runs_the_same_queries_for_more_accounts(
    client, monkeypatch, settings, accounts
):
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}  # the view's own
    monkeypatch.setattr(selectors, "ANCHOR_EVERY_PAGES", 1)
    published_many(accounts)
    client.get("/stories/?page=2")  # anchors cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/stories/?page=2")

    assert response.status_code == 200
    # The removal check for the count, the one for the anchors, and the page's rows.
    assert len(queries) == 3
