"""The search contract shared by the page, the API and both backends.

`search(SearchQuery) -> SearchResults` is the one function every caller uses; backends
(PostgreSQL, SQLite FTS5) implement it over index entries of public stories only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    sort: str = "relevance"  # "relevance" | "date"
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
    suggestions: tuple[str, ...] = ()
