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

    @property
    def page_count(self) -> int:
        """Pages that can be shown: results past MAX_RESULTS are counted, not paged."""
        reachable = min(self.total, MAX_RESULTS)
        return max(1, -(-reachable // self.page_size))
