"""What both search backends share: normalising the request, filters, snippets, suggestions.

A backend answers `search(SearchQuery) -> SearchResults` over index entries only (which
exist only for public stories and hold only redacted text). It never returns markup:
snippets are SnippetPart tuples of plain text, highlighted or not, built from private
marker characters that indexed text cannot contain (text.clean removes them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from archive.search import browse_cache, text, vocabulary
from archive.search.query import (
    MAX_PAGE_SIZE,
    MAX_RESULTS,
    Hit,
    SearchQuery,
    SearchResults,
    SnippetPart,
)
from archive.vocabulary import YEAR_MAX, YEAR_MIN

START, STOP, FRAGMENT = "\x02", "\x03", "\x04"
_MARKERS = re.compile(f"([{START}{STOP}{FRAGMENT}])")
_SAFE_VALUE = re.compile(r"[^a-z0-9_]")
FACETS = ("language", "year", "country", "setting", "hashtag")
# The index columns both backends read for a hit (make_hit builds it from them).
HIT_COLUMNS = (
    "id",
    "story_id",
    "public_id",
    "version",
    "title",
    "language",
    "year",
    "country",
    "setting",
    "content_notes",
    "published_at",
)
LEAD_WORDS = 40


def search_setting(name: str) -> int:
    return settings.SEARCH[name]


@dataclass(frozen=True)
class Filters:
    """Validated filter values; a value that cannot exist simply matches nothing."""

    languages: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    countries: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    hide_content_notes: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(
            self.languages or self.years or self.countries or self.settings or self.hashtags
        ) or bool(self.hide_content_notes)


def _values(values: tuple[str, ...], *, upper: bool = False) -> tuple[str, ...]:
    cleaned = (_SAFE_VALUE.sub("", str(v).lower())[:40] for v in values)
    return tuple(sorted({v.upper() if upper else v for v in cleaned if v}))


def filters_of(q: SearchQuery) -> Filters:
    years = None
    if q.year_from is not None or q.year_to is not None:
        low = max(YEAR_MIN, q.year_from if q.year_from is not None else YEAR_MIN)
        high = min(timezone.now().year + 1, q.year_to if q.year_to is not None else YEAR_MAX)
        years = (low, high)
    return Filters(
        languages=_values(q.languages),
        years=years,
        countries=_values(q.countries, upper=True),
        settings=_values(q.settings),
        hashtags=tuple(sorted({t for t in map(text.normalise_hashtag, q.hashtags) if t})),
        hide_content_notes=_values(q.hide_content_notes),
    )


def normalised(q: SearchQuery) -> SearchQuery:
    return replace(
        q,
        page=max(1, int(q.page)),
        page_size=min(MAX_PAGE_SIZE, max(1, int(q.page_size))),
        sort=q.sort if q.sort in ("relevance", "date") else "relevance",
    )


def snippet_parts(marked: str) -> tuple[SnippetPart, ...]:
    """Split backend output with START/STOP/FRAGMENT markers into plain-text parts."""
    parts: list[SnippetPart] = []
    highlighted = False
    for piece in _MARKERS.split(marked or ""):
        if piece == START:
            highlighted = True
        elif piece == STOP:
            highlighted = False
        elif piece == FRAGMENT:
            parts.append(SnippetPart(" … ", False))
        elif piece:
            if parts and parts[-1].highlighted == highlighted:
                parts[-1] = SnippetPart(parts[-1].text + piece, highlighted)
            else:
                parts.append(SnippetPart(piece, highlighted))
    return tuple(parts)


def lead(body: str) -> tuple[SnippetPart, ...]:
    """The opening words of a text, unhighlighted: the snippet when nothing was searched."""
    ws = body.split()
    if not ws:
        return ()
    return (SnippetPart(" ".join(ws[:LEAD_WORDS]) + (" …" if len(ws) > LEAD_WORDS else ""), False),)


def make_hit(row: dict, snippet: tuple[SnippetPart, ...], rank: float) -> Hit:
    published = row["published_at"]
    if isinstance(published, str):  # SQLite returns UTC text from raw SQL
        published = datetime.fromisoformat(published)
    if published is not None and timezone.is_naive(published):
        published = published.replace(tzinfo=UTC)
    return Hit(
        story_id=row["story_id"],
        public_id=row["public_id"],
        version=row["version"],
        title=row["title"],
        snippet=snippet,
        language=row["language"],
        year=row["year"],
        country=row["country"],
        setting=row["setting"],
        content_notes=tuple(
            json.loads(notes) if isinstance(notes := row["content_notes"], str) else notes or ()
        ),
        published_at=published,
        rank=float(rank or 0.0),
    )


def sort_facets(raw: dict[str, dict[str, int]], scale: float = 1.0) -> dict[str, list]:
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        counts = {v: max(1, round(c * scale)) for v, c in raw.get(name, {}).items() if v}
        if name == "year":
            facets[name] = sorted(counts.items())
        else:
            ordered = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))
            facets[name] = (
                ordered[: search_setting("HASHTAG_FACET_SIZE")] if name == "hashtag" else ordered
            )
    return facets


class Backend:
    """Template for a backend: subclasses implement the queries, this class the flow."""

    def search(self, q: SearchQuery) -> SearchResults:
        q = normalised(q)
        parsed = text.parse_query(q.text)
        filters = filters_of(q)
        plan = self.plan(parsed, filters)
        browse = not parsed and not filters.any
        browse_at = browse_cache.key() if browse else ""
        cached = browse_cache.read(browse_at) if browse else None
        if cached:
            total, total_estimated = cached[0], cached[3]
        else:
            total, total_estimated = self.total(plan)
        ranked_among = self.ranked_among(plan, total, q.sort)
        reachable = min(total, MAX_RESULTS, ranked_among or total)
        page, ranked, reachable = self._deliverable_page(plan, total, q, reachable)
        hits = self.hits(plan, ranked)
        facets: dict = {}
        estimated = False
        if cached:
            facets, estimated = cached[1], cached[2]
        elif q.with_facets or browse:
            facets, estimated = self.facets(plan, total)
            if browse:
                browse_cache.store(
                    browse_at,
                    (total, facets, estimated, total_estimated),
                    search_setting("BROWSE_CACHE_SECONDS"),
                )
        if not q.with_facets:
            facets, estimated = {}, False
        suggestions: tuple[str, ...] = ()
        unfiltered: int | None = None
        if total == 0 and parsed:
            suggestions = self.suggestions(parsed, filters)
            if filters.any:
                unfiltered = self.total(self.plan(parsed, Filters()))[0]
        did_you_mean = ""
        if parsed and total < settings.SEARCH.get("DID_YOU_MEAN_BELOW", 5):
            did_you_mean = self.did_you_mean(parsed, filters, q.visitor_language)
        return SearchResults(
            hits=tuple(hits),
            total=total,
            page=page,
            page_size=q.page_size,
            facets=facets,
            suggestions=suggestions,
            facets_estimated=estimated,
            total_estimated=total_estimated,
            unfiltered_total=unfiltered,
            reachable=reachable,
            ranked_among=ranked_among,
            did_you_mean=did_you_mean,
        )

    def _deliverable_page(
        self, plan, total: int, q: SearchQuery, reachable: int
    ) -> tuple[int, list[tuple[int, float]], int]:
        """(page number, its [(entry id, rank)], results reachable) for a page that holds
        results: a page past the end is the last page. A page shorter than promised (an
        estimated total that was too high, or entries removed meanwhile) marks the end;
        an empty one is replaced by the last page after an exact count (rare: estimates
        are for totals far above MAX_RESULTS)."""
        page = min(q.page, max(1, -(-reachable // q.page_size)))
        ranked = self._page_rows(plan, total, q, page, reachable)
        offset = (page - 1) * q.page_size
        if len(ranked) < min(q.page_size, reachable - offset):
            if ranked or page == 1:
                return page, ranked, offset + len(ranked)
            reachable = min(offset, self.count(plan))
            page = max(1, -(-reachable // q.page_size))
            ranked = self._page_rows(plan, total, q, page, reachable)
        return page, ranked, reachable

    def _page_rows(self, plan, total: int, q: SearchQuery, page: int, reachable: int):
        offset = (page - 1) * q.page_size
        limit = max(0, min(q.page_size, reachable - offset))
        return self.page(plan, total, q.sort, offset, limit) if limit else []

    def ranked_among(self, plan, total: int, sort: str) -> int | None:
        """How many candidates relevance order ranks, when it does not rank every match."""
        if sort == "relevance" and self.ranks(plan) and total > search_setting("RANK_ALL_LIMIT"):
            return min(total, search_setting("RANK_CANDIDATES"))
        return None

    def did_you_mean(self, parsed: text.ParsedQuery, filters: Filters, visitor: str) -> str:
        """The query with misspelt words corrected from the public vocabulary, if it finds
        something now (so a word of a withdrawn account is never offered); else ""."""
        preferred = [*filters.languages, *([visitor.split("-")[0].lower()] if visitor else [])]
        fixes = vocabulary.corrections(text.positive_words(parsed), tuple(dict.fromkeys(preferred)))
        if not fixes:
            return ""
        corrected = tuple(
            tuple(text.Term(tuple(fixes.get(w, w) for w in t.words), t.negated) for t in group)
            for group in parsed
        )
        if not self.exists(self.plan(corrected, filters)):
            return ""
        return text.to_websearch(corrected)

    def suggestions(self, parsed: text.ParsedQuery, filters: Filters) -> tuple[str, ...]:
        """Looser versions of a query that found nothing, keeping those that find something."""
        terms = [t for group in parsed for t in group]
        positive = [t for t in terms if not t.negated]
        candidates: list[text.ParsedQuery] = []
        if any(len(t.words) > 1 for t in positive):  # unquote phrases
            candidates.append(tuple((text.Term((w,)),) for t in positive for w in t.words))
        if any(t.negated for t in terms) and positive:  # drop exclusions
            candidates.append(tuple((t,) for t in positive))
        singles = [text.Term((w,)) for w in dict.fromkeys(w for t in positive for w in t.words)]
        if len(singles) > 1:  # any of the words, then each word alone
            candidates.append((tuple(singles),))
            candidates.extend(((t,),) for t in singles)
        seen: set[str] = set()
        found: list[str] = []
        original = text.to_websearch(parsed)
        for candidate in candidates:
            spelled = text.to_websearch(candidate)
            if spelled in seen or spelled == original:
                continue
            seen.add(spelled)
            if self.exists(self.plan(candidate, filters)):
                found.append(spelled)
            if len(found) == 3:
                break
        return tuple(found)

    # --- implemented by each backend -----------------------------------------------------

    def plan(self, parsed: text.ParsedQuery, filters: Filters):
        raise NotImplementedError

    def count(self, plan) -> int:
        raise NotImplementedError

    def total(self, plan) -> tuple[int, bool]:
        """(number of matches, whether it is an estimate); exact unless a backend says."""
        return self.count(plan), False

    def exists(self, plan) -> bool:
        return self.count(plan) > 0

    def ranks(self, plan) -> bool:
        """Whether relevance order scores this plan (it has words to rank by)."""
        raise NotImplementedError

    def page(self, plan, total: int, sort: str, offset: int, limit: int) -> list[tuple[int, float]]:
        """[(entry id, rank)] of the requested page, in order."""
        raise NotImplementedError

    def hits(self, plan, ranked: list[tuple[int, float]]) -> list[Hit]:
        raise NotImplementedError

    def facets(self, plan, total: int) -> tuple[dict, bool]:
        raise NotImplementedError
