"""Paging that never shows an empty page, and "Did you mean" from public words only."""

from __future__ import annotations

import pytest

from archive.search import SearchQuery, search, vocabulary
from archive.search.backends import get_backend
from archive.search.models import SearchWord
from archive.stories import lifecycle
from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def _every_page(**query) -> list[int]:
    """The number of hits on each page the results say exist."""
    first = search(SearchQuery(**query))
    return [len(search(SearchQuery(**query, page=n)).hits) for n in range(1, first.page_count + 1)]


def test_relevance_over_a_candidate_set_pages_only_what_it_ranked(published, settings):
    for i in range(6):
        published(f"Account {i} about the corridor.")
    settings.SEARCH = {**settings.SEARCH, "RANK_ALL_LIMIT": 2, "RANK_CANDIDATES": 3}

    results = search(SearchQuery(text="corridor", page_size=2))

    assert results.total == 6  # the count stays honest about the matches
    assert results.ranked_among == 3
    assert results.page_count == 2
    assert all(_every_page(text="corridor", page_size=2))
    # Date order ranks nothing: every match can be paged through.
    by_date = search(SearchQuery(text="corridor", page_size=2, sort="date"))
    assert by_date.ranked_among is None
    assert _every_page(text="corridor", page_size=2, sort="date") == [2, 2, 2]


def test_a_page_past_the_end_is_the_last_page_not_an_empty_one(published, settings):
    for i in range(6):
        published(f"Account {i} about the corridor.")
    settings.SEARCH = {**settings.SEARCH, "RANK_ALL_LIMIT": 2, "RANK_CANDIDATES": 3}

    results = search(SearchQuery(text="corridor", page_size=2, page=3))

    assert results.page == 2
    assert len(results.hits) == 1


def test_a_total_estimated_too_high_never_leads_to_an_empty_page(published, monkeypatch):
    for i in range(3):
        published(f"Account {i} about the corridor.")
    backend = type(get_backend())
    # The estimate a sample can give for a broad query, here far too high.
    monkeypatch.setattr(backend, "total", lambda self, plan: (10, True))

    results = search(SearchQuery(text="corridor", sort="date", page_size=2, page=5))

    assert results.total == 10 and results.total_estimated
    assert results.page == 2
    assert len(results.hits) == 1
    assert results.page_count == 2


def _published_many(published, body: str, count: int = 3, **fields):
    return [published(body, **fields) for _ in range(count)]


def test_a_misspelt_word_suggests_the_public_word_it_resembles(published):
    _published_many(published, "My manager kept me late.")
    vocabulary.refresh()

    results = search(SearchQuery(text="mnager"))

    assert results.total == 0
    assert results.did_you_mean == "manager"
    assert search(SearchQuery(text="manager")).did_you_mean == ""  # known words are left alone


def test_words_of_accounts_that_are_not_public_are_never_suggested(published):
    published("A public account about the harbour.")
    for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.REJECTED):
        make_story(status=status, body="The lighthousekeeper said nothing.")
    vocabulary.refresh()

    assert not SearchWord.objects.filter(word="lighthousekeeper").exists()
    assert search(SearchQuery(text="lighthousekeper")).did_you_mean == ""


def test_a_word_whose_accounts_were_withdrawn_is_no_longer_suggested(published):
    stories = _published_many(published, "The lighthousekeeper said nothing.")
    published("A public account about the harbour.")
    vocabulary.refresh()
    assert search(SearchQuery(text="lighthousekeper")).did_you_mean == "lighthousekeeper"

    for story in stories:
        lifecycle.transition(story, lifecycle.Action.WITHDRAW, actor_kind="contributor")

    # The vocabulary is recounted later; the suggestion is checked against the index now.
    assert search(SearchQuery(text="lighthousekeper")).did_you_mean == ""
    vocabulary.refresh()
    assert not SearchWord.objects.filter(word="lighthousekeeper").exists()


def test_a_word_only_one_or_two_accounts_use_is_never_kept(published):
    _published_many(published, "We met in Zanzibar.", count=2)
    _published_many(published, "We met in the harbour.", count=3)
    vocabulary.refresh()

    assert not SearchWord.objects.filter(word="zanzibar").exists()
    assert SearchWord.objects.filter(word="harbour").exists()
    assert search(SearchQuery(text="zanzibr")).did_you_mean == ""


def test_suggestions_prefer_words_in_the_visitors_language(published):
    _published_many(published, "Il fallait travailler tard.", language="fr")
    _published_many(published, "Every traveller knew.", language="en")
    vocabulary.refresh()

    french = search(SearchQuery(text="travaller", visitor_language="fr"))
    english = search(SearchQuery(text="travaller", visitor_language="en-gb"))

    assert french.did_you_mean == "travailler"
    assert english.did_you_mean == "traveller"


def test_the_vocabulary_is_recounted_only_when_due(published, settings):
    _published_many(published, "My manager kept me late.")

    assert vocabulary.refresh_if_due() is True  # empty: counted
    assert vocabulary.refresh_if_due() is False  # fresh: left alone
    settings.SEARCH = {**settings.SEARCH, "VOCABULARY_REFRESH_SECONDS": 0}
    assert vocabulary.refresh_if_due() is True


def test_the_search_page_and_api_offer_the_correction(published, client):
    _published_many(published, "My manager kept me late.")
    vocabulary.refresh()

    page = client.get("/search/", {"q": "mnager"})
    api = client.get("/api/v1/search/", {"q": "mnager"})

    assert page.status_code == 200
    assert "Did you mean:" in page.content.decode()
    assert "?q=manager" in page.content.decode()
    assert api.status_code == 200
    assert api.json()["did_you_mean"] == "manager"


def test_the_search_page_says_when_relevance_covers_only_some_matches(published, client, settings):
    for i in range(6):
        published(f"Account {i} about the corridor.")
    settings.SEARCH = {**settings.SEARCH, "RANK_ALL_LIMIT": 2, "RANK_CANDIDATES": 3}

    page = client.get("/search/", {"q": "corridor", "page": "9"}).content.decode()
    api = client.get("/api/v1/search/", {"q": "corridor", "page_size": "2", "page": "9"}).json()

    assert "Relevance order here covers 3 of these accounts" in page
    assert api["ranked_among"] == 3
    assert api["num_pages"] == 2
    assert api["page"] == 2
    assert len(api["results"]) == 1
    assert api["next"] is None


def test_a_misspelling_is_looked_up_once_per_vocabulary_count(published, monkeypatch):
    _published_many(published, "My manager kept me late.")
    vocabulary.refresh()
    lookups = []
    closest = vocabulary.closest
    monkeypatch.setattr(
        vocabulary, "closest", lambda word, langs: lookups.append(word) or closest(word, langs)
    )

    first = search(SearchQuery(text="mnager"))
    again = search(SearchQuery(text="mnager"))
    vocabulary.refresh()
    recounted = search(SearchQuery(text="mnager"))

    assert first.did_you_mean == again.did_you_mean == recounted.did_you_mean == "manager"
    assert lookups == ["mnager", "mnager"]  # once, then once more after the recount


def test_a_word_dropped_at_a_recount_is_not_offered_from_an_earlier_lookup(published):
    stories = _published_many(published, "The lighthousekeeper said nothing.")
    published("A public account about the harbour.")
    vocabulary.refresh()
    assert search(SearchQuery(text="lighthousekeper")).did_you_mean == "lighthousekeeper"

    # Two accounts still use the word: the index finds it, but it is below the
    # vocabulary's minimum once recounted, so it must not come back from the cache.
    lifecycle.transition(stories[0], lifecycle.Action.WITHDRAW, actor_kind="contributor")
    vocabulary.refresh()

    assert search(SearchQuery(text="lighthousekeeper")).total == 2
    assert search(SearchQuery(text="lighthousekeper")).did_you_mean == ""
