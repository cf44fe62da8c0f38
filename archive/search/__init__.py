"""Public search over the index of published accounts.

    from archive.search import SearchQuery, search
    results = search(SearchQuery(text='"first job" manager -school', languages=("en",)))

`search()` is what the search page and GET /api/v1/search/ call. It reads only index
entries, which exist only for stories in Story.objects.public() and hold only their
redacted text; snippets are plain-text parts (SnippetPart), never markup.
"""

from __future__ import annotations

from archive.search.query import (
    MAX_PAGE_SIZE,
    MAX_RESULTS,
    Hit,
    SearchQuery,
    SearchResults,
    SnippetPart,
)


def search(query: SearchQuery) -> SearchResults:
    """Run `query` on the configured database's backend (PostgreSQL or SQLite FTS5).

    Hits and `total` are exact and include only public stories; facet counts may be
    estimated for very broad queries (`SearchResults.facets_estimated`). Never raises on
    user input: any text parses, unknown filter values match nothing, out-of-range pages
    are empty.
    """
    # Imported here: this package is also the Django app, loaded before models are ready.
    from archive.search.backends import get_backend

    return get_backend().search(query)


__all__ = [
    "MAX_PAGE_SIZE",
    "MAX_RESULTS",
    "Hit",
    "SearchQuery",
    "SearchResults",
    "SnippetPart",
    "search",
]
