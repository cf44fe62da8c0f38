"""PostgreSQL backend: a weighted tsvector per entry (its language's configuration), GIN.

The cost model behind every choice below: a GIN lookup is cheap, but each match it yields
is rechecked on its row, and reading a row costs ~10 µs once the table outgrows shared
buffers (1M accounts are ~1 GB of rows and ~1.2 GB of vectors). So no step reads more
than a few thousand rows, whatever the number of matches:

1. The search-box text is parsed once (text.parse_query) and read by every language's
   configuration with websearch_to_tsquery; the distinct readings are ORed (they differ
   only by stemming, so a French account matches the French stems, an English one the
   English stems). An excluded word is excluded in every reading. Filters are index terms
   ('=lang=fr', '=year=2017', '=tag=metoo', '=cn=rape' to hide) that GIN intersects with
   the words before any row is read.
2. The total: exact when the planner expects at most COUNT_EXACT_LIMIT matches (or too
   few for a sample to hold enough); otherwise counted in a fixed 1-in-256 or 1-in-16
   sample of the entries (a term of the vector ANDed into the query), scaled, and
   flagged `total_estimated` (a sample holding too few falls back to exact). Either way
   the matches counted are read once as a MatchSet (their small columns only), which
   also gives the facets and the page's candidates: GIN is asked once per set.
3. The page: by date, from the exact set's ids, else walking the date index when the
   matches are dense enough to fill the page within DATE_WALK_LIMIT rows, else sorting
   the matches' dates. By relevance, ts_rank_cd (against each entry's own reading) over
   every match up to RANK_ALL_LIMIT; beyond, over RANK_CANDIDATES candidates: the most
   recent matches when they are cheap to find (from the exact set, or dense on the date
   index), else the newest of the sample the total was counted in. Every hit is a true
   match of a public story either way; only which matches compete for the top is bounded.
4. Snippets: ts_headline for the page's rows only, with private markers, parsed into
   plain-text parts.
5. Facets: exact up to FACET_EXACT_LIMIT matches (counted with the exact set); beyond,
   counted in the smallest sample that holds about that many, scaled, and flagged
   `facets_estimated`.
6. Phrases: GIN keeps no positions, so each entry holding a phrase's words is read to
   check their order. Beyond PHRASE_CHECK_LIMIT such candidates (the "loose" match, the
   phrase read as AND, which GIN answers alone), the total is the loose total scaled by
   the phrase's share in a sample's candidates, the page checks a bounded set of
   candidates, and the facets come from a sample (Plan.loose).

Each statement is sent with its settings in one round trip (fetch_with_settings) and runs
with enable_seqscan off (evaluating `@@` on every row would read
every vector), jit off (compiling costs more than these queries) and enough work_mem for
an exact bitmap (a lossy one rechecks whole pages).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.conf import settings

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
from archive.search.models import SAMPLE_EVERY, UPDATE_FIELDS
from archive.search.query import MAX_RESULTS
from archive.search.round_trip import fetch_with_settings
from config.db_router import read_connection

TABLE = "search_searchentry"
# Fixed samples of the index, 1 in 16 and 1 in 256 entries by story id, marked by a term
# in the entry's vector (migration 0008). A sample is ANDed into the one tsquery, so the
# one GIN index intersects it with the words: there is no second index for the planner
# to prefer at some table size (a partial B-tree over the sample once made it test every
# sample vector, 25 times slower).
SAMPLE_MIN_MATCHES = 200
# An expected-small match set is read whole up to this many times COUNT_EXACT_LIMIT
# matches (the planner's guess for a word with several filters was 6 times too low at
# 1,000,000 accounts); beyond, the total is estimated from a sample after all.
EXACT_SET_CAP = 4
# A phrase's share of its candidates is scaled only when the checked ones hold this many.
PHRASE_MIN_FOUND = 10
SAMPLES = {16: "'=s16'", 256: "'=s256'"}
CONFIGS = [*dict.fromkeys(text.LANGUAGE_CONFIGS.values()), text.SIMPLE_CONFIG]
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, "
    f"MaxFragments=2, FragmentDelimiter={FRAGMENT}"
)


@dataclass(frozen=True)
class Plan:
    # The tsquery every match satisfies, or None: nothing can match.
    match: str | None
    # Text only, every configuration's reading ORed: what ts_rank_cd scores.
    rank: str | None
    # Configuration -> its reading of the words, for ts_headline.
    by_config: dict[str, str]
    # No filter and no text: every entry matches.
    everything: bool = False
    # For a phrase: `match` with the phrases' word order dropped (`a <-> b` read as
    # `a & b`). GIN answers it exactly from the index; the phrase itself it cannot (it
    # keeps no positions), so each of its candidates is rechecked on the row, reading the
    # vector from TOAST. None when the query has no phrase (or excludes one).
    loose: str | None = None
    # Figures learnt while answering this one search (the loose total), read by the
    # later steps.
    memo: dict = field(default_factory=dict, compare=False)
    # Filters only (no words): the same selection over the entry's plain columns, which
    # the date walk tests on each row it passes instead of reading its vector from
    # TOAST. The vector's filter terms are built from exactly these columns (migration
    # 0008). None when there are words.
    columns: tuple[str, list] | None = None

    def where(self) -> tuple[str, list]:
        """The WHERE clause (without the keyword) selecting the matches, and its values."""
        return "vector @@ %s::tsquery", [self.match]

    def sampled(self, every: int) -> tuple[str, list]:
        """The WHERE clause selecting the matches in the 1-in-`every` sample."""
        if self.everything:
            return "vector @@ %s::tsquery", [SAMPLES[every]]
        return "vector @@ %s::tsquery", [f"({self.match}) & {SAMPLES[every]}"]


@dataclass(frozen=True)
class MatchSet:
    """The matches of a plan (all of them, or those in one sample), read once.

    One statement reads each match's row once, for its small columns only (never the
    vector or the text): how many there are, their facet counts, and their ids newest
    first. The total, the facets and the page's candidates of one search are all taken
    from it, so GIN intersects the query's posting lists once per set instead of once
    per step (at 1,000,000 accounts a word with a year range and two countries cost
    ~15 ms of GIN each time, three times).
    """

    count: int
    # Their facet counts; None when there were too many to count them all (see _set).
    facets: dict[str, dict[str, int]] | None
    # Ids of the newest matches, newest first: every match when there are at most
    # set_ids() of them.
    newest: list[int]
    # Read with a cap and more matches than the cap: nothing else here is complete.
    overflow: bool = False


def set_ids() -> int:
    """Ids a set keeps: enough to rank every match, or to page by date to MAX_RESULTS."""
    return max(search_setting("RANK_ALL_LIMIT"), search_setting("RANK_CANDIDATES"), MAX_RESULTS)


def _filter_columns(filters: Filters) -> tuple[str, list]:
    """The filters as conditions on the entry's columns, equal to their vector terms."""
    conditions, params = ["TRUE"], []
    if filters.languages:
        conditions.append("language = ANY(%s::text[])")
        params.append(list(filters.languages))
    if filters.years:
        conditions.append("year BETWEEN %s AND %s")
        params += list(filters.years)
    if filters.countries:
        conditions.append("lower(country) = ANY(%s::text[])")
        params.append([v.lower() for v in filters.countries])
    if filters.settings:
        conditions.append("setting = ANY(%s::text[])")
        params.append(list(filters.settings))
    if filters.hashtags:
        conditions.append("hashtags ?| %s::text[]")
        params.append(list(filters.hashtags))
    if filters.hide_content_notes:
        conditions.append("NOT content_notes ?| %s::text[]")
        params.append(list(filters.hide_content_notes))
    return " AND ".join(conditions), params


# A tsquery's phrase operators (<->, <N>) outside its quoted lexemes.
_PHRASE_OP = re.compile(r"('(?:[^']|'')*')|<(?:-|\d+)>")


def _has_phrase(tsquery: str) -> bool:
    return any(m.group(1) is None for m in _PHRASE_OP.finditer(tsquery))


def _loosen(tsquery: str) -> str:
    """The tsquery with every phrase operator read as AND: a superset GIN answers alone."""
    return _PHRASE_OP.sub(lambda m: m.group(1) or "&", tsquery)


def phrase_check_limit() -> int:
    return int(settings.SEARCH.get("PHRASE_CHECK_LIMIT", 400))


def _term(lexeme: str) -> str:
    return f"'{lexeme}'"


def _any(lexemes: list[str]) -> str:
    return "(" + " | ".join(_term(x) for x in lexemes) + ")"


def _readings(found: list[str]) -> str:
    return "(" + " | ".join(f"({q})" for q in dict.fromkeys(found)) + ")"


class PostgresBackend(Backend):
    def plan(self, parsed: text.ParsedQuery, filters: Filters) -> Plan:
        if filters.years and filters.years[0] > filters.years[1]:
            return Plan(None, None, {})
        if not parsed:
            return self._filters_only_plan(filters)
        # The positive part and each exclusion, read by every language's configuration.
        positive = tuple(g for g in parsed if not (len(g) == 1 and g[0].negated))
        excluded = [g[0] for g in parsed if len(g) == 1 and g[0].negated]
        sources = [text.to_websearch(positive)] if positive else []
        sources += [text.to_websearch(((text.Term(t.words),),)) for t in excluded]
        with read_connection().cursor() as cursor:
            cursor.execute(
                "SELECT c, s.i, websearch_to_tsquery(c::regconfig, s.t)::text "
                "FROM unnest(%s::text[]) AS c, unnest(%s::text[]) WITH ORDINALITY AS s(t, i) "
                "ORDER BY s.i, c",
                [CONFIGS, sources],
            )
            rows = cursor.fetchall()
        readings: dict[int, list[str]] = {}
        by_config: dict[str, str] = {}
        for config, index, query in rows:
            if query:
                readings.setdefault(index, []).append(query)
                if positive and index == 1:
                    by_config[config] = query
        parts: list[str] = []
        if positive:
            if not by_config:  # only stop words in every language
                return Plan(None, None, {})
            # A match is a match in any language's reading: the readings differ only by
            # stemming, and an account in one language rarely holds another's stems.
            parts.append(_readings(list(by_config.values())))
        else:
            parts.append(_term("=all"))
        for index in range(2 if positive else 1, len(sources) + 1):
            # Excluded in every reading: an excluded word never slips through a language
            # that stems it differently.
            if readings.get(index):
                parts.append("!" + _readings(readings[index]))
        rank = _readings(list(by_config.values())) if by_config else None
        filters_part = self._filter_terms(filters)
        loose = None
        if positive and _has_phrase(parts[0]) and not any(_has_phrase(p) for p in parts[1:]):
            loose = " & ".join([_loosen(parts[0]), *parts[1:], *filters_part])
        return Plan(" & ".join(parts + filters_part), rank, by_config, loose=loose)

    def _filters_only_plan(self, filters: Filters) -> Plan:
        parts = self._filter_terms(filters)
        everything = not filters.any
        if not [p for p in parts if not p.startswith("!")]:
            # GIN needs one positive term; exclusions alone cannot use it.
            parts.insert(0, _term("=all"))
        return Plan(" & ".join(parts), None, {}, everything, columns=_filter_columns(filters))

    def _filter_terms(self, filters: Filters) -> list[str]:
        """Filters as index terms ('=lang=fr'): GIN intersects them with the words before
        any row is read, which is what keeps a broad word with a narrow filter cheap."""
        parts: list[str] = []
        if filters.languages:
            parts.append(_any(["=lang=" + v for v in filters.languages]))
        if filters.years:
            low, high = filters.years
            parts.append(_any([f"=year={y}" for y in range(low, high + 1)]))
        if filters.countries:
            parts.append(_any(["=country=" + v.lower() for v in filters.countries]))
        if filters.settings:
            parts.append(_any(["=setting=" + v for v in filters.settings]))
        if filters.hashtags:
            parts.append(_any(["=tag=" + v for v in filters.hashtags]))
        parts.extend("!" + _term("=cn=" + v) for v in filters.hide_content_notes)
        return parts

    # --- queries --------------------------------------------------------------------------

    def _fetch(self, sql: str, params: list, *, walk_dates: bool = False) -> list[tuple]:
        # Enough memory for an exact bitmap of every match: a lossy page would be
        # rechecked row by row, reading each vector from TOAST.
        settings = (
            "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off"
        )
        if walk_dates:
            # Only the date index can give the order: a walk, never a bitmap.
            settings += "; SET LOCAL enable_bitmapscan = off"
        elif "@@" in sql:
            # Only GIN can answer @@ from the index; a B-tree walk that tests each row's
            # vector is what a planner's guess at LIMIT or at some table size picks, and
            # it reads a vector from TOAST for every row it passes. Made impossible.
            settings += "; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off"
        return fetch_with_settings(settings, sql, params)

    def count(self, plan: Plan) -> int:
        """Exact number of matches. Reads every match's row: use total() for broad ones."""
        if plan.match is None:
            return 0
        if plan.everything:
            rows = self._fetch(f"SELECT count(*) FROM {TABLE}", [])
        else:
            where, params = plan.where()
            rows = self._fetch(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)
        return rows[0][0]

    def total(self, plan: Plan) -> tuple[int, bool]:
        """Exact when the matches are few; else counted in a sample and scaled.

        Counting reads every match's row (GIN results are checked on the heap), which
        at ~10 µs a row is what made broad counts cost most of a second. Every count
        here is of a MatchSet, read once per search and reused by the facets and the
        page's candidates, so GIN intersects the query's lists once per set:

        - when the planner expects at most COUNT_EXACT_LIMIT matches, or too few for
          even the 1-in-16 sample to hold SAMPLE_MIN_MATCHES, every match is read
          (capped at EXACT_SET_CAP times COUNT_EXACT_LIMIT: the planner's guess for
          several filters can be several times too low);
        - else the matches of the 1-in-256 sample, and only when that holds too few to
          scale, of the 1-in-16 sample: the first that holds at least
          SAMPLE_MIN_MATCHES and stands for more than COUNT_EXACT_LIMIT gives the
          estimate (remembered: the facets and the candidates come from it);
        - else every match is read.
        """
        if plan.match is None:
            return 0, False
        if plan.loose:
            return self._phrase_total(plan)
        if plan.everything:
            return self.count(plan), False
        limit = search_setting("COUNT_EXACT_LIMIT")
        estimate = self._estimate(plan)
        if estimate <= max(limit, SAMPLE_MIN_MATCHES * 16):
            # A phrase's loose total only scales the phrase's share: beyond
            # COUNT_EXACT_LIMIT a sample does as well, and costs less than reading more.
            cap = limit if plan.memo.get("loose") else EXACT_SET_CAP * limit
            exact = self._set(plan, 1, cap=cap)
            if not exact.overflow:
                return exact.count, False
        for every in sorted(SAMPLES, reverse=True):
            if every > 16 and estimate * EXACT_SET_CAP < SAMPLE_MIN_MATCHES * every:
                # Even at EXACT_SET_CAP times the planner's guess this sample would hold
                # too few to scale from: not read.
                continue
            # At least SAMPLE_MIN_MATCHES in the sample keeps the estimate within ~7 %.
            found = self._set(plan, every).count
            if found >= SAMPLE_MIN_MATCHES and found * every > limit:
                plan.memo["sample"] = every
                return found * every, True
        return self._set(plan, 1).count, False

    def _set(self, plan: Plan, every: int, cap: int | None = None) -> MatchSet:
        """The plan's matches (every=1) or those in the 1-in-`every` sample, read once
        per search (remembered in the plan): see MatchSet. With `cap`, at most cap + 1
        rows are read and a larger set comes back flagged `overflow` (and is not kept).

        The facets are counted only when the set holds at most FACET_EXACT_LIMIT matches
        (aggregating costs a few µs a row, ~10 ms for 2,700 matches on a busy machine),
        or is the largest sample: beyond, facets() takes them from a sparser sample.
        """
        sets = plan.memo.setdefault("sets", {})
        if every in sets:
            return sets[every]
        if every > 1:
            where, params = plan.sampled(every)
        else:
            where, params = plan.where()
        limit = "LIMIT %s" if cap is not None else ""
        # facets() reads a set's facets only when it holds at most FACET_EXACT_LIMIT
        # matches, or is the largest sample.
        facet_limit = None if every == max(SAMPLES) else search_setting("FACET_EXACT_LIMIT")
        if plan.memo.get("loose"):  # a phrase's loose match: counted, never faceted
            facet_limit = 0
        sql = (
            f"WITH m AS MATERIALIZED (SELECT id, published_at, language, year, country, "
            f"setting, hashtags FROM {TABLE} WHERE {where} {limit}), "
            "f AS (SELECT * FROM m WHERE %s::int IS NULL OR (SELECT count(*) FROM m) <= %s) "
            "SELECT 'language', language, count(*), NULL::int[] FROM f GROUP BY 2 "
            "UNION ALL SELECT 'year', year::text, count(*), NULL FROM f "
            "WHERE year IS NOT NULL GROUP BY 2 "
            "UNION ALL SELECT 'country', country, count(*), NULL FROM f GROUP BY 2 "
            "UNION ALL SELECT 'setting', setting, count(*), NULL FROM f GROUP BY 2 "
            "UNION ALL SELECT 'hashtag', t, count(*), NULL "
            "FROM f CROSS JOIN LATERAL jsonb_array_elements_text(f.hashtags) t GROUP BY 2 "
            "UNION ALL SELECT 'matched', '', count(*), ARRAY(SELECT id FROM m "
            "ORDER BY published_at DESC, id DESC LIMIT %s) FROM m"
        )
        params = [
            *params,
            *([cap + 1] if cap is not None else []),
            facet_limit,
            facet_limit,
            set_ids(),
        ]
        raw: dict[str, dict[str, int]] = {}
        newest: list[int] = []
        for name, value, count, ids in self._fetch(sql, params):
            raw.setdefault(name, {})[value] = count
            if name == "matched":
                newest = list(ids or [])
        matched = raw.pop("matched", {}).get("", 0)
        if cap is not None and matched > cap:
            return MatchSet(matched, None, [], overflow=True)
        counted = facet_limit is None or matched <= facet_limit
        sets[every] = MatchSet(matched, raw if counted else None, newest)
        return sets[every]

    def _estimate(self, plan: Plan) -> int:
        """The planner's estimate of the matches (statistics only, nothing read)."""
        where, params = plan.where()
        rows = self._fetch(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {where}", params)
        document = rows[0][0]
        if isinstance(document, str):
            document = json.loads(document)
        return int(document[0]["Plan"]["Plan Rows"])

    def _loose_plan(self, plan: Plan) -> Plan:
        return Plan(plan.loose, plan.rank, plan.by_config, memo={"loose": True})

    def _phrase_total(self, plan: Plan) -> tuple[int, bool]:
        """A phrase's total, reading about PHRASE_CHECK_LIMIT vectors (rarely twice as many).

        Its words found together (the loose match) are counted from the index alone, as
        any words are. When they are few, the phrase is counted exactly (one vector read
        per candidate); else the share of candidates that hold the phrase is measured on
        the candidates of the 1-in-16 sample (up to twice PHRASE_CHECK_LIMIT of them),
        or of the 1-in-256 sample beyond, and the loose total scaled by it (flagged as
        estimated).
        """
        loose = plan.memo["loose_plan"] = self._loose_plan(plan)
        loose_total, _ = self.total(loose)
        plan.memo["loose_total"] = loose_total
        limit = phrase_check_limit()
        if loose_total <= limit:
            plan.memo["total"] = self.count(plan)
            return plan.memo["total"], False
        # Every candidate of a whole sample, not the first few in table order: those are
        # the oldest accounts (or, in the benchmark, one language), which measured a
        # share of 36 % where the whole sample held 52 %.
        every = 16 if loose_total <= 32 * limit else 256
        checked = self._set(loose, every).count  # from the index and small columns
        if checked <= 8 * limit:
            # The phrase's own set in that sample: its matches' vectors read once, for
            # this share and again never (its facets are this set's).
            found = self._set(plan, every).count
        else:
            where, params = loose.sampled(every)
            found, checked = self._fetch(
                "SELECT count(*) FILTER (WHERE vector @@ %s::tsquery), count(*) FROM "
                f"(SELECT vector FROM {TABLE} WHERE {where} LIMIT %s) c",
                [plan.match, *params, 8 * limit],  # a cap for words in nearly every account
            )[0]
        if found < PHRASE_MIN_FOUND:
            # Too rare among its candidates to scale: counted exactly (every candidate
            # read). The one step not bounded in rows read.
            total = self.count(plan)
            plan.memo["total"] = total
            return total, False
        plan.memo["total"] = round(loose_total * found / checked)
        return plan.memo["total"], True

    def ranked_among(self, plan, total: int, sort: str) -> int | None:
        """A phrase with many candidates is ranked among those whose order was checked."""
        loose_total = plan.memo.get("loose_total", 0) if isinstance(plan, Plan) else 0
        if sort == "relevance" and plan.rank and loose_total > phrase_check_limit():
            # Checked on the first page's candidates; later pages check more.
            checked = self._phrase_candidates(plan, loose_total, 0)
            return max(1, min(total, round(checked * total / loose_total)))
        among = super().ranked_among(plan, total, sort)
        if among is not None and isinstance(plan, Plan):
            picked = self._candidates(plan, total)
            if picked is not None:  # a sample's matches may be fewer than RANK_CANDIDATES
                return max(1, min(among, len(picked)))
        return among

    def ranks(self, plan: Plan) -> bool:
        return plan.rank is not None

    def exists(self, plan: Plan) -> bool:
        if plan.match is None:
            return False
        where, params = plan.where()
        return bool(self._fetch(f"SELECT 1 FROM {TABLE} WHERE {where} LIMIT 1", params))

    def _dense(self, total: int, rows_needed: int) -> bool:
        """Whether walking the date index reaches `rows_needed` matches after few rows."""
        if total == 0:
            return False
        estimated_rows = self._table_size()
        return rows_needed * estimated_rows / total <= search_setting("DATE_WALK_LIMIT")

    def _table_size(self) -> int:
        rows = self._fetch("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [TABLE])
        return max(1, rows[0][0] if rows else 1)

    def _rank(self, plan: Plan, alias: str = "") -> tuple[str, list]:
        """ts_rank_cd of an entry against its own configuration's reading of the words
        (the reading its headline uses), or all readings ORed when its configuration
        has none. Scoring against every reading cost ~3 times as much CPU per entry
        (50 µs against 20 µs for "me too silence", four readings), for readings the
        entry, stemmed by its own configuration, rarely holds a term of."""
        column = f"{alias}." if alias else ""
        configs = list(plan.by_config)
        if not configs:
            return f"ts_rank_cd({column}vector, %s::tsquery)", [plan.rank]
        whens = " ".join("WHEN %s THEN %s::tsquery" for _ in configs)
        params = [value for c in configs for value in (c, plan.by_config[c])]
        sql = f"ts_rank_cd({column}vector, CASE {column}search_config {whens} ELSE %s::tsquery END)"
        return sql, [*params, plan.rank]

    def _candidates(self, plan: Plan, total: int) -> list[int] | None:
        """The ids relevance order ranks when a set read for this search gives them:
        every match of an exact set (up to RANK_ALL_LIMIT) or its RANK_CANDIDATES newest;
        for an estimated total that the date index cannot meet soon, the newest
        RANK_CANDIDATES matches of the sample it was counted in (a fixed sample spread
        over the whole archive, found by GIN with the sample's term as its rarest list,
        instead of the first matches the index yields, which cost a bitmap of every
        match: ~20-45 ms for a word in 7 % of 1,000,000 accounts). None: page() finds
        them itself."""
        if "candidates" in plan.memo:
            return plan.memo["candidates"]
        picked = None
        exact = plan.memo.get("sets", {}).get(1)
        wanted = search_setting("RANK_CANDIDATES")
        if exact is not None:
            if total > search_setting("RANK_ALL_LIMIT"):
                picked = exact.newest[:wanted]
            elif len(exact.newest) >= exact.count:
                picked = exact.newest
        elif (
            plan.memo.get("sample")
            and total > search_setting("RANK_ALL_LIMIT")
            and total > search_setting("SORT_CANDIDATES_LIMIT")
            and not self._dense(total, wanted)
        ):
            picked = self._set(plan, plan.memo["sample"]).newest[:wanted]
        plan.memo["candidates"] = picked
        return picked

    def page(self, plan: Plan, total: int, sort: str, offset: int, limit: int):
        where, params = plan.where()
        exact = plan.memo.get("sets", {}).get(1)
        if sort == "date" or plan.rank is None:
            if exact is not None and len(exact.newest) >= min(exact.count, offset + limit):
                # Every match was read, newest first, for the total.
                return [(entry_id, 0) for entry_id in exact.newest[offset : offset + limit]]
            order = "ORDER BY published_at DESC, id DESC LIMIT %s OFFSET %s"
            if plan.everything:
                return self._fetch(f"SELECT id, 0 FROM {TABLE} {order}", [limit, offset])
            if self._dense(total, offset + limit):
                if plan.columns:  # filters only: test the columns, not the vector
                    where, params = plan.columns
                sql = f"SELECT id, 0 FROM {TABLE} WHERE {where} {order}"
                return self._fetch(sql, [*params, limit, offset], walk_dates=True)
            sql = (
                f"WITH m AS MATERIALIZED (SELECT id, published_at FROM {TABLE} WHERE {where}) "
                f"SELECT id, 0 FROM m {order}"
            )
            return self._fetch(sql, [*params, limit, offset])
        order = "ORDER BY r DESC, published_at DESC, id DESC LIMIT %s OFFSET %s"
        loose_total = plan.memo.get("loose_total", 0)
        if plan.loose and loose_total > phrase_check_limit():
            return self._phrase_page(plan, loose_total, offset, limit)
        rank, rank_params = self._rank(plan)
        picked = self._candidates(plan, total)
        if picked is not None:
            # Read back by primary key: GIN is not asked again.
            sql = f"SELECT id, {rank} AS r FROM {TABLE} WHERE id = ANY(%s) {order}"
            return self._fetch(sql, [*rank_params, picked, limit, offset])
        if total <= search_setting("RANK_ALL_LIMIT"):
            sql = f"SELECT id, {rank} AS r FROM {TABLE} WHERE {where} {order}"
            return self._fetch(sql, [*rank_params, *params, limit, offset])
        candidates = search_setting("RANK_CANDIDATES")
        walk = self._dense(total, candidates)
        if walk or total <= search_setting("SORT_CANDIDATES_LIMIT"):
            # The most recent matches, found on the date index or by sorting their dates.
            pick = (
                f"SELECT id FROM {TABLE} WHERE {where} ORDER BY published_at DESC, id DESC LIMIT %s"
            )
            if not walk:
                pick = (
                    f"SELECT id FROM (SELECT id, published_at FROM {TABLE} WHERE {where} "
                    "OFFSET 0) m ORDER BY published_at DESC, id DESC LIMIT %s"
                )
            joined, joined_params = self._rank(plan, "e")
            sql = (
                f"WITH c AS MATERIALIZED ({pick}) SELECT e.id, {joined} "
                f"AS r FROM c JOIN {TABLE} e ON e.id = c.id "
                "ORDER BY r DESC, e.published_at DESC, e.id DESC LIMIT %s OFFSET %s"
            )
            return self._fetch(
                sql, [*params, candidates, *joined_params, limit, offset], walk_dates=walk
            )
        # Too many matches to sort by date cheaply, too few to meet them soon on the
        # date index, and no sample counted: rank the first candidates the index yields
        # (table order, about the order accounts were indexed in).
        sql = (
            f"SELECT id, r FROM (SELECT id, {rank} AS r, published_at FROM {TABLE} "
            f"WHERE {where} LIMIT %s) c {order}"
        )
        return self._fetch(sql, [*rank_params, *params, candidates, limit, offset])

    def _phrase_candidates(self, plan: Plan, loose_total: int, needed: int) -> int:
        """How many of a phrase's loose matches to check: PHRASE_CHECK_LIMIT, or enough
        to hold `needed` phrase matches at the share the total measured (at most eight
        times the limit; a phrase rarer than that among its words gets a short page)."""
        total = max(1, plan.memo.get("total", loose_total))
        limit = phrase_check_limit()
        wanted = -(-needed * loose_total * 5 // (total * 4))  # 25 % to spare
        return min(loose_total, max(limit, min(wanted, 8 * limit)))

    def _phrase_page(self, plan: Plan, loose_total: int, offset: int, limit: int):
        """Relevance order for a phrase whose words are together in many accounts: the
        PHRASE_CHECK_LIMIT candidates of its loose match are picked as any word's are
        (the most recent when cheap, else the newest of the loose set or sample its total
        was counted in, else the first the index yields), from the index alone; only they
        are read to check the phrase, and the matches among them ranked."""
        loose = plan.memo.get("loose_plan") or self._loose_plan(plan)
        where, params = loose.where()
        candidates = self._phrase_candidates(plan, loose_total, offset + limit)
        walk = self._dense(loose_total, candidates)
        counted = loose.memo.get("sets", {}).get(loose.memo.get("sample", 1))
        if walk:
            pick = (
                f"SELECT id FROM {TABLE} WHERE {where} ORDER BY published_at DESC, id DESC LIMIT %s"
            )
        elif counted is not None and len(counted.newest) >= candidates:
            # Already read for the loose total: no second bitmap of every loose match.
            where, params = "", [counted.newest[:candidates]]
            pick = "SELECT id FROM unnest(%s::int[]) AS picked(id) LIMIT %s"
        elif loose_total <= search_setting("SORT_CANDIDATES_LIMIT"):
            pick = (
                f"SELECT id FROM (SELECT id, published_at FROM {TABLE} WHERE {where} "
                "OFFSET 0) m ORDER BY published_at DESC, id DESC LIMIT %s"
            )
        else:
            pick = f"SELECT id FROM {TABLE} WHERE {where} LIMIT %s"
        # The candidates' rows by primary key, the phrase tested in the select list (a
        # WHERE `vector @@ phrase` would let the planner read every candidate of the
        # whole index through GIN instead), ranked only where it holds.
        rank, rank_params = self._rank(plan, "e")
        sql = (
            f"WITH c AS MATERIALIZED ({pick}) SELECT id, r FROM (SELECT e.id, e.published_at, "
            f"CASE WHEN e.vector @@ %s::tsquery THEN {rank} END AS r "
            f"FROM {TABLE} e WHERE e.id = ANY(ARRAY(SELECT id FROM c)) OFFSET 0) x "
            "WHERE r IS NOT NULL ORDER BY r DESC, published_at DESC, id DESC LIMIT %s OFFSET %s"
        )
        return self._fetch(
            sql, [*params, candidates, plan.match, *rank_params, limit, offset], walk_dates=walk
        )

    def hits(self, plan: Plan, ranked: list[tuple[int, float]]):
        if not ranked:
            return []
        ids = [entry_id for entry_id, _ in ranked]
        configs = list(plan.by_config)
        queries = [plan.by_config[c] for c in configs]
        columns = ", ".join(f"e.{c}" for c in HIT_COLUMNS)
        sql = (
            f"SELECT {columns}, "
            "CASE WHEN h.q IS NOT NULL THEN ts_headline(e.search_config::regconfig, e.body, h.q, %s) END, "
            "CASE WHEN h.q IS NULL THEN left(e.body, 1000) END "
            f"FROM {TABLE} e LEFT JOIN unnest(%s::text[], %s::tsquery[]) AS h(cfg, q) "
            "ON h.cfg = e.search_config WHERE e.id = ANY(%s)"
        )
        # Through _fetch: by primary key even on a table small enough for a scan.
        rows = {row[0]: row for row in self._fetch(sql, [HEADLINE_OPTIONS, configs, queries, ids])}
        hits = []
        for entry_id, rank in ranked:
            row = rows.get(entry_id)
            if row is None:  # removed between the two statements: never show it
                continue
            record = dict(zip(HIT_COLUMNS, row, strict=False))
            headline, opening = row[len(HIT_COLUMNS)], row[len(HIT_COLUMNS) + 1]
            snippet = snippet_parts(headline) if headline else lead(opening or "")
            hits.append(make_hit(record, snippet, rank))
        return hits

    def facets(self, plan: Plan, total: int) -> tuple[dict, bool]:
        if plan.match is None or total == 0:
            return sort_facets({}), False
        exact = plan.memo.get("sets", {}).get(1)
        if exact is not None and exact.facets is not None:
            # Every match was read for the total, and counted: exact facets, no read.
            return sort_facets(exact.facets), False
        exact_limit = search_setting("FACET_EXACT_LIMIT")
        # The smallest sample that still holds about FACET_EXACT_LIMIT matches.
        every = 1
        for size in sorted(SAMPLES):
            if total > exact_limit * every:  # the current level would read too many rows
                every = size
        loose_total = plan.memo.get("loose_total", 0)
        if plan.loose and loose_total > phrase_check_limit():
            # Each of a phrase's candidates costs a vector read: the sample that holds
            # at most about twice PHRASE_CHECK_LIMIT of them.
            every = max(every, 16 if loose_total <= 32 * phrase_check_limit() else 256)
        found = self._set(plan, every)
        if found.facets is None:  # more matches than counted: a sparser sample
            every = max(SAMPLES)
            found = self._set(plan, every)
        estimated = every > 1
        if estimated and found.count == 0:
            # The sample holds none of the matches: say so rather than guess.
            return sort_facets({}), True
        scale = total / found.count if estimated else 1.0
        return sort_facets(found.facets, scale), estimated


# --- batch indexing ------------------------------------------------------------------

# Column -> PostgreSQL array type of the batch upsert (jsonb travels as text).
_PG_COLUMNS = {
    "story_id": "bigint",
    "public_id": "text",
    "version": "integer",
    "language": "text",
    "search_config": "text",
    "title": "text",
    "body": "text",
    "hashtags": "text",
    "tags_text": "text",
    "year": "smallint",
    "country": "text",
    "setting": "text",
    "content_notes": "text",
    "published_at": "timestamptz",
    "in_sample": "boolean",
}
_JSON_COLUMNS = {"hashtags", "content_notes"}
_PG_UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(_PG_COLUMNS)}, indexed_at) "
    f"SELECT {', '.join(f'{c}::jsonb' if c in _JSON_COLUMNS else c for c in _PG_COLUMNS)}, "
    "now() FROM unnest("
    + ", ".join(f"%s::{t}[]" for t in _PG_COLUMNS.values())
    + f") AS b({', '.join(_PG_COLUMNS)}) "
    "ON CONFLICT (story_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in UPDATE_FIELDS)
)


class EntryWriter:
    """Writes lists of unsaved SearchEntry objects in the caller's transaction, one
    statement per list, on a background thread, so that building the next list in Python
    overlaps PostgreSQL's work on this one (to_tsvector, TOAST, GIN: about half of batch
    indexing, on the database's core).

    Each list is one INSERT ... SELECT FROM unnest(arrays) ON CONFLICT (story_id) DO UPDATE:
    one parameter per column, bound server-side, instead of the 15 literals per row that
    Django's client-side binding interpolates into the SQL text (building and parsing that
    text cost ~0.2 ms an account). At most one statement is in flight, and leaving the
    `with` block waits for it and re-raises its error, so the caller never touches the
    connection while the thread uses it and the transaction sees every write or an error.
    """

    def __init__(self, connection) -> None:
        connection.ensure_connection()
        self._raw = connection.connection
        # Bound here, on the caller's thread (`connection` resolves per thread): errors in
        # the thread become Django's (OperationalError and so on), which the index tasks
        # retry, and mark the caller's connection as Django's own cursors would.
        self._errors = connection.wrap_database_errors
        self._pool = None
        self._pending = None

    def __enter__(self) -> EntryWriter:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
        return self

    def write(self, entries: list) -> None:
        columns: dict[str, list] = {c: [] for c in _PG_COLUMNS}
        for entry in entries:
            for column in _PG_COLUMNS:
                value = getattr(entry, column)
                columns[column].append(json.dumps(value) if column in _JSON_COLUMNS else value)
        self._wait()
        self._pending = self._pool.submit(self._execute, list(columns.values()))

    def _execute(self, params: list) -> None:
        import psycopg

        # Django's cursors bind client-side; a plain psycopg cursor binds server-side.
        with self._errors, psycopg.Cursor(self._raw) as cursor:
            # Never a named prepared statement: like Django's own cursors, so a
            # transaction-pooling proxy in front of PostgreSQL stays an option.
            cursor.execute(_PG_UPSERT, params, prepare=False)

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __exit__(self, *exc) -> None:
        try:
            self._wait()
        finally:
            self._pool.shutdown(wait=True)


__all__ = ["PostgresBackend", "SAMPLE_EVERY", "EntryWriter"]
