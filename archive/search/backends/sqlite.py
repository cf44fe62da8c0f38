"""SQLite backend: an FTS5 external-content table over the entries, bm25 and snippet().

Tokenizer: `porter unicode61 remove_diacritics 2`. Accents and case are folded for every
language; stemming is the English Porter stemmer for all languages. SQLite has no other
stemmers built in, and stemming the French text with the French rules would need a
stemmer in Python for both the index and every query. The trade-off: English plurals and
tenses match; in other languages only the exact (folded) word and the few forms Porter
happens to share ("harcèlement"/"harcelement" match, "harcelée"/"harcelé" do not). The
PostgreSQL backend stems each language with its own rules.

Filters are plain SQL over the small columns, which two covering indexes hold (migration
0007), so filters, the join from FTS5 matches and facet counts never read the text.
Ranking: bm25 with weights title 10, text 1, tags 3, over every match up to RANK_ALL_LIMIT
and over the RANK_CANDIDATES most recently indexed matches beyond. Facets: exact up to
FACET_EXACT_LIMIT matches, estimated from the 1-in-16 sample beyond (as on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.search import text
from archive.search.backends.base import (
    FRAGMENT,
    HIT_COLUMNS,
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
from config.db_router import read_connection

TABLE = "search_searchentry"


@dataclass(frozen=True)
class Plan:
    match: str | None  # FTS5 expression of the text, or None when there is no text
    exclude: str | None  # FTS5 expression of excluded terms with no positive term
    where: str  # SQL over the entry `e`, with %s placeholders
    params: tuple
    impossible: bool = False
    everything: bool = False


def _fts(term: text.Term) -> str:
    # Words are \w+ only (text.words), so quoting cannot be broken out of.
    return '"' + " ".join(term.words) + '"'


def _in(column: str, values: tuple) -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


class SqliteBackend(Backend):
    def plan(self, parsed: text.ParsedQuery, filters: Filters) -> Plan:
        positive: list[str] = []
        negative: list[str] = []
        for group in parsed:
            if len(group) == 1 and group[0].negated:
                negative.append(_fts(group[0]))
            else:
                positive.append("(" + " OR ".join(_fts(t) for t in group if not t.negated) + ")")
        match = exclude = None
        if positive:
            match = " AND ".join(positive)
            if negative:
                match = f"({match}) NOT ({' OR '.join(negative)})"
        elif negative:
            exclude = " OR ".join(negative)

        conditions: list[str] = []
        params: list = []
        if filters.languages:
            sql, values = _in("e.language", filters.languages)
            conditions.append(sql)
            params += values
        if filters.years:
            conditions.append("e.year BETWEEN %s AND %s")
            params += list(filters.years)
        if filters.countries:
            sql, values = _in("e.country", filters.countries)
            conditions.append(sql)
            params += values
        if filters.settings:
            sql, values = _in("e.setting", filters.settings)
            conditions.append(sql)
            params += values
        if filters.hashtags:
            sql, values = _in("j.value", filters.hashtags)
            conditions.append(f"EXISTS (SELECT 1 FROM json_each(e.hashtags) j WHERE {sql})")
            params += values
        if filters.hide_content_notes:
            sql, values = _in("j.value", filters.hide_content_notes)
            conditions.append(
                f"NOT EXISTS (SELECT 1 FROM json_each(e.content_notes) j WHERE {sql})"
            )
            params += values
        if exclude:
            conditions.append(
                "e.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            )
            params.append(exclude)
        impossible = bool(parsed) and match is None and exclude is None
        return Plan(
            match,
            exclude,
            " AND ".join(conditions) or "1",
            tuple(params),
            impossible=impossible,
            everything=not parsed and not conditions,
        )

    def _source(self, plan: Plan) -> tuple[str, list]:
        """FROM and WHERE selecting the matching entries `e` (and `search_fts` if text)."""
        if plan.match:
            return (
                f"FROM search_fts JOIN {TABLE} e ON e.id = search_fts.rowid "
                f"WHERE search_fts MATCH %s AND {plan.where}",
                [plan.match, *plan.params],
            )
        return f"FROM {TABLE} e WHERE {plan.where}", list(plan.params)

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        # The default connection here (SQLite has no replica); read_connection() as on
        # PostgreSQL, so both backends read where the router reads.
        with read_connection().cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, plan: Plan) -> int:
        if plan.impossible:
            return 0
        if plan.match and plan.where == "1":  # text only: FTS5 alone, no join
            sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s"
            return self._fetch(sql, [plan.match])[0][0]
        source, params = self._source(plan)
        return self._fetch(f"SELECT count(*) {source}", params)[0][0]

    def ranks(self, plan: Plan) -> bool:
        return bool(plan.match)

    def page(self, plan: Plan, total: int, sort: str, offset: int, limit: int):
        source, params = self._source(plan)
        if sort == "date" or not plan.match:
            sql = f"SELECT e.id, 0 {source} ORDER BY e.published_at DESC, e.id DESC LIMIT %s OFFSET %s"
        else:
            if total > search_setting("RANK_ALL_LIMIT"):
                # Rank only the most recently indexed candidates (FTS5 walks its doclists
                # by descending rowid cheaply, and a rowid range bounds the bm25 work).
                skip = search_setting("RANK_CANDIDATES") - 1
                if plan.where == "1":  # no filter: FTS5 alone, in its native rowid order
                    floor = self._fetch(
                        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                        "ORDER BY rowid DESC LIMIT 1 OFFSET %s",
                        [plan.match, skip],
                    )
                else:
                    floor = self._fetch(
                        f"SELECT e.id {source} ORDER BY e.id DESC LIMIT 1 OFFSET %s",
                        [*params, skip],
                    )
                if floor:
                    source += " AND search_fts.rowid >= %s"
                    params = [*params, floor[0][0]]
            # bm25 is lower for better matches; Hit.rank is higher for better.
            sql = (
                f"SELECT e.id, -bm25(search_fts, 10.0, 1.0, 3.0) AS r {source} "
                "ORDER BY r DESC, e.published_at DESC, e.id DESC LIMIT %s OFFSET %s"
            )
        return self._fetch(sql, [*params, limit, offset])

    def hits(self, plan: Plan, ranked: list[tuple[int, float]]):
        if not ranked:
            return []
        ids = [entry_id for entry_id, _ in ranked]
        marks = ", ".join(["%s"] * len(ids))
        columns = ", ".join(f"e.{c}" for c in HIT_COLUMNS)
        rows = {
            row[0]: row
            for row in self._fetch(
                f"SELECT {columns}, substr(e.body, 1, 1000) FROM {TABLE} e WHERE e.id IN ({marks})",
                ids,
            )
        }
        snippets: dict[int, str] = {}
        if plan.match:
            for entry_id, marked in self._fetch(
                f"SELECT rowid, snippet(search_fts, 1, %s, %s, %s, 24) FROM search_fts "
                f"WHERE search_fts MATCH %s AND rowid IN ({marks})",
                [START, STOP, FRAGMENT, plan.match, *ids],
            ):
                snippets[entry_id] = marked
        hits = []
        for entry_id, rank in ranked:
            row = rows.get(entry_id)
            if row is None:  # removed between the two statements: never show it
                continue
            record = dict(zip(HIT_COLUMNS, row, strict=False))
            marked = snippets.get(entry_id, "")
            snippet = snippet_parts(marked) if START in marked else lead(row[-1] or "")
            hits.append(make_hit(record, snippet, rank))
        return hits

    def facets(self, plan: Plan, total: int) -> tuple[dict, bool]:
        if plan.impossible or total == 0:
            return sort_facets({}), False
        estimated = total > search_setting("FACET_EXACT_LIMIT")
        source, params = self._source(plan)
        if estimated:
            source += " AND e.in_sample"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT e.language, e.year, e.country, e.setting, e.hashtags {source}) "
            "SELECT 'language', language, count(*) FROM m GROUP BY 2 "
            "UNION ALL SELECT 'year', CAST(year AS TEXT), count(*) FROM m WHERE year IS NOT NULL GROUP BY 2 "
            "UNION ALL SELECT 'country', country, count(*) FROM m GROUP BY 2 "
            "UNION ALL SELECT 'setting', setting, count(*) FROM m GROUP BY 2 "
            "UNION ALL SELECT 'hashtag', j.value, count(*) FROM m, json_each(m.hashtags) j GROUP BY 2 "
            "UNION ALL SELECT 'matched', '', count(*) FROM m"
        )
        raw: dict[str, dict[str, int]] = {}
        for name, value, count in self._fetch(sql, params):
            raw.setdefault(name, {})[str(value)] = count
        matched = raw.pop("matched", {}).get("", 0)
        if estimated and matched == 0:
            return sort_facets({}), True
        scale = total / matched if estimated else 1.0
        return sort_facets(raw, scale), estimated
