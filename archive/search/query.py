"""The search contract shared by the page, the API and both backends.

`search(SearchQuery) -> SearchResults` is the one function every caller uses; backends
(PostgreSQL, SQLite FTS5) implement it over index entries of public stories only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The deepest result a query can page to (page * page_size). Deep offsets cost as much as
# ranking everything; people refine a search long before, and the API lists every
# published account page by page at /api/v1/stories/.
MAX_RESULTS = 1000
# Largest page size the search accepts (larger requests are clamped).
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""  # websearch syntax: words, "quoted phrases", OR, -excluded
    languages: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    countries: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    hide_content_notes: tuple[str, ...] = ()
    sort: str = "relevance"  # "relevance" | "date" (newest first)
    page: int = 1
    page_size: int = 20
    with_facets: bool = True
    # The visitor's interface language: "Did you mean" prefers words of it (after any
    # languages filtered on). Never a filter.
    visitor_language: str = ""


@dataclass(frozen=True)
class SnippetPart:
    text: str
    highlighted: bool  # render as <mark>; text is plain and must be escaped


@dataclass(frozen=True)
class Hit:
    story_id: int
    public_id: str
    # The Story.version the entry was built from: a page shows the hit only while it is
    # the story's current public version (archive/public/selectors.only_public_hits).
    version: int
    title: str
    snippet: tuple[SnippetPart, ...]
    language: str
    year: int | None
    country: str
    setting: str
    content_notes: tuple[str, ...]
    published_at: datetime | None
    rank: float = 0.0


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[Hit, ...]
    total: int
    page: int
    page_size: int
    # facet name ("language", "year", "country", "setting", "hashtag") -> [(value, count)]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # Other queries (search-box text) that do have results; only when `total` is 0.
    suggestions: tuple[str, ...] = ()
    # True when the facet counts are estimated from a fixed 1-in-16 sample of the index
    # (queries matching more than settings.SEARCH["FACET_EXACT_LIMIT"] accounts); show
    # them as "about N". Hits are always exact.
    facets_estimated: bool = False
    # True when `total` is estimated (PostgreSQL, queries matching more than
    # settings.SEARCH["COUNT_EXACT_LIMIT"] accounts, counted in a fixed sample of the
    # index and scaled); show it as "about N". The hits themselves are always exact.
    total_estimated: bool = False
    # When `total` is 0 and filters were applied: how many accounts the same words find
    # without any filter (so the page can offer to clear them); otherwise None.
    unfiltered_total: int | None = None
    # How many results can be paged through, in this order: the total, but at most
    # MAX_RESULTS, and for relevance order over a bounded candidate set (very broad
    # queries) the number of candidates ranked. None means min(total, MAX_RESULTS).
    reachable: int | None = None
    # Set when relevance order ranks only a candidate set of the matches (its size): the
    # page says so and offers date order to page through more of them.
    ranked_among: int | None = None
    # The query with misspelt words replaced by the closest words of the public index's
    # vocabulary, when it finds accounts ("Did you mean …?"); else "".
    did_you_mean: str = ""

    @property
    def page_count(self) -> int:
        """Pages that hold results: never a page that would come back empty."""
        reachable = min(self.total, MAX_RESULTS) if self.reachable is None else self.reachable
        return max(1, -(-reachable // self.page_size))
