"""PostgreSQL backend: a weighted tsvector per entry (its language's configuration), GIN.

How a query is answered (every step bounded, whatever the number of matches):

1. The search-box text is parsed once (text.parse_query) and turned into one tsquery per
   language configuration with websearch_to_tsquery; configurations giving the same
   tsquery are merged. Each is restricted to entries of its configuration with a filter
   term ('=cfg=chorus_french'), so a French account is matched by the French stemming of
   the words, an English one by the English stemming, and `-word` excludes correctly in
   each. Filters are terms too ('=lang=fr', '=year=2017', '=cn=rape' for hiding), so the
   whole request is one GIN lookup.
2. The total is an exact count from the GIN bitmap (no ranking, no text read).
3. The page: by date, either walking the date index (when the matches are dense enough
   that the page is reached after a few hundred rows) or sorting the matches' dates.
   By relevance, ts_rank_cd over every match when there are at most RANK_ALL_LIMIT;
   beyond that over RANK_CANDIDATES candidates only (ranking every match of a broad query
   is what costs seconds): the most recent matches when they are cheap to find (few enough
   to sort, or dense enough on the date index), else the first the index yields. Every
   hit is a true match either way.
4. Snippets: ts_headline for the page's rows only, with private markers, parsed into
   plain-text parts.
5. Facets: exact over the matches up to FACET_EXACT_LIMIT; beyond, estimated from a fixed
   1-in-16 sample of the index through a small partial GIN index, scaled to the exact
   total, and flagged as estimated.

The planner is told not to scan the whole table (enable_seqscan off): evaluating `@@`
row by row reads every vector from TOAST, which is what a GIN lookup avoids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from archive.search import text
from archive.search.backends.base import (
    FRAGMENT,
    START,
    STOP,
    Backend,
    Filters,
    lead,
    make_hit,
    search_setting,
    snippet_parts,
    sort_facets,
)
from archive.search.models import SAMPLE_EVERY

TABLE = "search_searchentry"
CONFIGS = [*dict.fromkeys(text.LANGUAGE_CONFIGS.values()), text.SIMPLE_CONFIG]
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, "
    f"MaxFragments=2, FragmentDelimiter={FRAGMENT}"
)
_HIT_COLUMNS = (
    "id",
    "story_id",
    "public_id",
    "title",
    "language",
    "year",
    "country",
    "setting",
    "content_notes",
    "published_at",
)


@dataclass(frozen=True)
class Plan:
    # The whole request as one tsquery (text, filters), or None: nothing can match.
    match: str | None
    # Text only, every configuration's reading ORed: what ts_rank_cd scores.
    rank: str | None
    # Configuration -> its tsquery, for ts_headline.
    by_config: dict[str, str]
    # No filter and no text: every entry matches.
    everything: bool = False


def _term(lexeme: str) -> str:
    return f"'{lexeme}'"


def _any(lexemes: list[str]) -> str:
    return "(" + " | ".join(_term(x) for x in lexemes) + ")"


class PostgresBackend(Backend):
    def plan(self, parsed: text.ParsedQuery, filters: Filters) -> Plan:
        parts: list[str] = []
        by_config: dict[str, str] = {}
        rank = None
        if parsed:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c, websearch_to_tsquery(c::regconfig, %s)::text "
                    "FROM unnest(%s::text[]) AS c",
                    [text.to_websearch(parsed), CONFIGS],
                )
                by_config = {c: q for c, q in cursor.fetchall() if q}
            if not by_config:  # only stop words in every language
                return Plan(None, None, {})
            grouped: dict[str, list[str]] = {}
            for config, query in by_config.items():
                grouped.setdefault(query, []).append(config)
            if len(grouped) == 1 and len(by_config) == len(CONFIGS):
                # Every language reads the words the same way: no need to tell them apart.
                parts.append(f"({next(iter(grouped))})")
            else:
                parts.append(
                    "("
                    + " | ".join(
                        f"(({query}) & {_any(['=cfg=' + c for c in configs])})"
                        for query, configs in grouped.items()
                    )
                    + ")"
                )
            rank = " | ".join(f"({query})" for query in grouped)
        if filters.languages:
            parts.append(_any(["=lang=" + v for v in filters.languages]))
        if filters.years:
            low, high = filters.years
            if low > high:
                return Plan(None, None, {})
            parts.append(_any([f"=year={y}" for y in range(low, high + 1)]))
        if filters.countries:
            parts.append(_any(["=country=" + v.lower() for v in filters.countries]))
        if filters.settings:
            parts.append(_any(["=setting=" + v for v in filters.settings]))
        if filters.hashtags:
            parts.append(_any(["=tag=" + v for v in filters.hashtags]))
        everything = not parts
        if everything:  # GIN needs one positive term; exclusions alone cannot use it
            parts.insert(0, _term("=all"))
        parts.extend("!" + _term("=cn=" + v) for v in filters.hide_content_notes)
        return Plan(" & ".join(parts), rank, by_config, everything and not filters.any)

    # --- queries --------------------------------------------------------------------------

    def _fetch(self, sql: str, params: list, *, walk_dates: bool = False) -> list[tuple]:
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            if walk_dates:
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            # Inside a caller's transaction SET LOCAL would outlive this query.
            cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL enable_bitmapscan = on")
            return rows

    def count(self, plan: Plan) -> int:
        if plan.match is None:
            return 0
        if plan.everything:
            rows = self._fetch(f"SELECT count(*) FROM {TABLE}", [])
        else:
            rows = self._fetch(
                f"SELECT count(*) FROM {TABLE} WHERE vector @@ %s::tsquery",
                [plan.match],
            )
        return rows[0][0]

    def _dense(self, total: int, rows_needed: int) -> bool:
        """Whether walking the date index reaches `rows_needed` matches after few rows."""
        if total == 0:
            return False
        estimated_rows = self._table_size()
        return rows_needed * estimated_rows / total <= search_setting("DATE_WALK_LIMIT")

    def _table_size(self) -> int:
        rows = self._fetch("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [TABLE])
        return max(1, rows[0][0] if rows else 1)

    def page(self, plan: Plan, total: int, sort: str, offset: int, limit: int):
        where = "vector @@ %s::tsquery"
        if sort == "date" or plan.rank is None:
            order = "ORDER BY published_at DESC, id DESC LIMIT %s OFFSET %s"
            if plan.everything or self._dense(total, offset + limit):
                sql = f"SELECT id, 0 FROM {TABLE} WHERE {where} {order}"
                if plan.everything:
                    sql = f"SELECT id, 0 FROM {TABLE} {order}"
                    return self._fetch(sql, [limit, offset])
                return self._fetch(sql, [plan.match, limit, offset], walk_dates=True)
            sql = (
                f"WITH m AS MATERIALIZED (SELECT id, published_at FROM {TABLE} WHERE {where}) "
                f"SELECT id, 0 FROM m {order}"
            )
            return self._fetch(sql, [plan.match, limit, offset])
        rank = "ts_rank_cd(e.vector, %s::tsquery)"
        order = "ORDER BY r DESC, e.published_at DESC, e.id DESC LIMIT %s OFFSET %s"
        if total <= search_setting("RANK_ALL_LIMIT"):
            sql = f"SELECT e.id, {rank} AS r FROM {TABLE} e WHERE e.{where} {order}"
            return self._fetch(sql, [plan.rank, plan.match, limit, offset])
        candidates = search_setting("RANK_CANDIDATES")
        pick = f"SELECT id FROM {TABLE} WHERE {where} ORDER BY published_at DESC, id DESC LIMIT %s"
        sql = (
            f"WITH c AS MATERIALIZED ({pick}) "
            f"SELECT e.id, {rank} AS r FROM c JOIN {TABLE} e ON e.id = c.id {order}"
        )
        walk = self._dense(total, candidates)
        if not walk and total <= search_setting("SORT_CANDIDATES_LIMIT"):
            pick_sorted = (
                f"SELECT id FROM (SELECT id, published_at FROM {TABLE} WHERE {where} OFFSET 0) m "
                "ORDER BY published_at DESC, id DESC LIMIT %s"
            )
            sql = sql.replace(pick, pick_sorted)
        elif not walk:
            # Too many matches to sort by date cheaply and too few to meet them soon on the
            # date index: take the first candidates the index yields (table order, about
            # the order accounts were indexed in), reading no more rows than that.
            sql = sql.replace(pick, f"SELECT id FROM {TABLE} WHERE {where} LIMIT %s")
        return self._fetch(sql, [plan.match, candidates, plan.rank, limit, offset], walk_dates=walk)

    def hits(self, plan: Plan, ranked: list[tuple[int, float]]):
        if not ranked:
            return []
        ids = [entry_id for entry_id, _ in ranked]
        configs = list(plan.by_config)
        queries = [plan.by_config[c] for c in configs]
        columns = ", ".join(f"e.{c}" for c in _HIT_COLUMNS)
        sql = (
            f"SELECT {columns}, "
            "CASE WHEN h.q IS NOT NULL THEN ts_headline(e.search_config::regconfig, e.body, h.q, %s) END, "
            "CASE WHEN h.q IS NULL THEN left(e.body, 1000) END "
            f"FROM {TABLE} e LEFT JOIN unnest(%s::text[], %s::tsquery[]) AS h(cfg, q) "
            "ON h.cfg = e.search_config WHERE e.id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [HEADLINE_OPTIONS, configs, queries, ids])
            rows = {row[0]: row for row in cursor.fetchall()}
        hits = []
        for entry_id, rank in ranked:
            row = rows.get(entry_id)
            if row is None:  # removed between the two statements: never show it
                continue
            record = dict(zip(_HIT_COLUMNS, row, strict=False))
            headline, opening = row[len(_HIT_COLUMNS)], row[len(_HIT_COLUMNS) + 1]
            snippet = snippet_parts(headline) if headline else lead(opening or "")
            hits.append(make_hit(record, snippet, rank))
        return hits

    def facets(self, plan: Plan, total: int) -> tuple[dict, bool]:
        if plan.match is None or total == 0:
            return sort_facets({}), False
        estimated = total > search_setting("FACET_EXACT_LIMIT")
        conditions = []
        params: list = []
        if not plan.everything:
            conditions.append("vector @@ %s::tsquery")
            params.append(plan.match)
        if estimated:
            conditions.append("in_sample")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = (
            f"WITH m AS MATERIALIZED (SELECT language, year, country, setting, hashtags "
            f"FROM {TABLE} {where}) "
            "SELECT 'language', language, count(*) FROM m GROUP BY 2 "
            "UNION ALL SELECT 'year', year::text, count(*) FROM m WHERE year IS NOT NULL GROUP BY 2 "
            "UNION ALL SELECT 'country', country, count(*) FROM m GROUP BY 2 "
            "UNION ALL SELECT 'setting', setting, count(*) FROM m GROUP BY 2 "
            "UNION ALL SELECT 'hashtag', t, count(*) "
            "FROM m CROSS JOIN LATERAL jsonb_array_elements_text(m.hashtags) t GROUP BY 2 "
            "UNION ALL SELECT 'matched', '', count(*) FROM m"
        )
        raw: dict[str, dict[str, int]] = {}
        for name, value, count in self._fetch(sql, params):
            raw.setdefault(name, {})[value] = count
        matched = raw.pop("matched", {}).get("", 0)
        if estimated and matched == 0:
            # The sample holds none of the matches: say so rather than guess.
            return sort_facets({}), True
        scale = total / matched if estimated else 1.0
        return sort_facets(raw, scale), estimated


__all__ = ["PostgresBackend", "SAMPLE_EVERY"]
