"""Every search statement uses its intended index, on a small table and on a large one.

A plan that depends on the planner's guess at one table size is not a result: at 300,000
accounts the planner once preferred a partial B-tree over the 1-in-16 sample to the GIN
index and tested every sample vector (25 times slower). Each query shape of the benchmark
mix (bench/search/mix.py) is run through search(); every statement it sends is replayed
under EXPLAIN (FORMAT JSON) with the same settings, on a handful of entries and again
after 50,000 generated entries have been analysed.

PostgreSQL only: SQLite has one way to run each statement (FTS5, or the covering index).
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from archive.search import search
from archive.vocabulary import Status
from bench.search.mix import QUERIES, search_query
from tests.factories import make_story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL plans"),
]

TABLE = "search_searchentry"
GIN = "search_entry_vector_idx"
DATES = "search_entry_recent_idx"
PKEY = "search_searchentry_pkey"
LARGE = 50_000


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _scans(sql: str) -> list[tuple[str, str | None]]:
    """(node type, index name) of every scan of the entry table in the statement's plan."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        document = cursor.fetchone()[0]
    if isinstance(document, str):
        document = json.loads(document)
    return [
        (node["Node Type"], node.get("Index Name"))
        for node in _nodes(document[0]["Plan"])
        if node.get("Relation Name") == TABLE or node.get("Index Name", "").startswith("search_")
    ]


def _intended(sql: str, walking_dates: bool) -> set[str | None]:
    if "AS picked(id)" in sql:  # candidates read for the total, tested on their rows by id
        return {PKEY}
    if "@@" in sql:
        main = {DATES} if walking_dates else {GIN}
        if "= ANY(ARRAY(" in sql:  # a phrase's candidates, read back by id to check it
            return main | {PKEY}
        return main | {PKEY} if " JOIN " in sql else main  # candidates joined back by id
    if "id = ANY(" in sql:  # the page's rows, by id
        return {PKEY}
    if "ORDER BY published_at" in sql:  # browsing everything by date
        return {DATES}
    return {PKEY, DATES, "search_entry_story_id_key"} | {None}  # count(*) of everything


def check_every_statement(name: str, params: dict) -> list[str]:
    """Problems with the plans of one query shape (empty when each uses its index)."""
    with CaptureQueriesContext(connection) as captured:
        search(search_query(params))
    problems = []
    with transaction.atomic():
        for query in captured.captured_queries:
            sql = query["sql"]
            settings, reset = "", ""
            if ";\n" in sql:
                # One round trip: "<SET LOCAL ...>;\n<statement>;\n<reset>" (postgres.py).
                settings, sql, reset = sql.split(";\n")
                with connection.cursor() as cursor:
                    cursor.execute(settings)
            walking_dates = "enable_bitmapscan = off" in settings
            problems += _check(name, sql, walking_dates)
            if reset:
                with connection.cursor() as cursor:
                    cursor.execute(reset)
        transaction.set_rollback(True)
    return problems


def _check(name: str, sql: str, walking_dates: bool) -> list[str]:
    """Problems with the plan of one statement (empty when it uses its intended index)."""
    if sql.startswith("EXPLAIN") or f"FROM {TABLE}" not in sql:
        return []
    if f"FROM {TABLE} )" in sql or sql.endswith(f"FROM {TABLE}"):
        return []  # reads every entry by design (browse of a small index): any path
    problems = []
    scans = _scans(sql)
    used = {index for node, index in scans if node != "Bitmap Heap Scan"}
    wanted = _intended(sql, walking_dates)
    if any(node == "Seq Scan" for node, _ in scans) or not used or not used <= wanted:
        problems.append(f"{name}: {scans} for {sql[:160]}")
    if "@@" in sql and wanted != {PKEY} and not used & (wanted - {PKEY}):
        problems.append(f"{name}: {wanted} not used for {sql[:160]}")
    return problems


def _generate(count: int) -> None:
    """`count` published stories and their entries, in two INSERT ... SELECT statements.

    Theme words at the benchmark's rates (rare, 1.5 %, 7 %, a phrase, #MeToo in most).
    """
    template = make_story(status=Status.PUBLISHED, body="Template.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = "
            "'archive_story' AND column_name NOT IN ('id', 'public_id', 'public_body', 'claim_code_hash') "
            "ORDER BY ordinal_position"
        )
        columns = [row[0] for row in cursor.fetchall()]
        body = (
            "'We talked about work and the long road home, the weather and the team ' || "
            "CASE WHEN i %% 67 = 0 THEN 'manager ' ELSE '' END || "
            "CASE WHEN i %% 14 = 0 THEN 'afraid ' ELSE '' END || "
            "CASE WHEN i %% 5000 = 0 THEN 'storeroom ' ELSE '' END || "
            "CASE WHEN i %% 200 = 0 THEN 'silence ' ELSE '' END || "
            "CASE WHEN i %% 100 = 0 THEN 'my first job ' ELSE '' END || 'day ' || i"
        )
        cursor.execute(
            f"INSERT INTO archive_story (public_id, public_body, {', '.join(columns)}) "  # noqa: S608
            f"SELECT 'p' || i, {body}, {', '.join('t.' + c for c in columns)} "
            "FROM archive_story t, generate_series(1, %s) i WHERE t.id = %s",
            [count, template.pk],
        )
        langs = "(ARRAY['en','fr','es','de','it','pt','nl','sv'])[1 + s.id %% 8]"
        cursor.execute(
            f"""
            INSERT INTO {TABLE} (story_id, public_id, version, language, search_config, title,
                body, hashtags, tags_text, year, country, setting, content_notes,
                published_at, in_sample, indexed_at)
            SELECT s.id, s.public_id, s.version, {langs}, 'chorus_english', 'An account',
                s.public_body,
                CASE WHEN s.id %% 5 < 3 THEN '["metoo"]'::jsonb ELSE '[]'::jsonb END,
                CASE WHEN s.id %% 5 < 3 THEN 'metoo me too' ELSE '' END,
                1975 + s.id %% 51, (ARRAY['GB','US','FR','ES'])[1 + s.id %% 4],
                (ARRAY['workplace','home','online','education'])[1 + s.id %% 4],
                CASE WHEN s.id %% 6 = 0 THEN '["rape"]'::jsonb ELSE '[]'::jsonb END,
                now() - make_interval(secs => s.id), s.id %% 16 = 0, now()
            FROM archive_story s WHERE s.public_id LIKE 'p%%'
            """,  # noqa: S608 - constants only
            [],
        )
        cursor.execute(f"ANALYZE {TABLE}")


def test_each_query_shape_uses_its_index_on_a_small_table(published):
    for i in range(30):
        published(f"Account {i}: my manager, afraid, my first job, silence. #MeToo", year=2016)

    problems = [p for name, params in QUERIES for p in check_every_statement(name, params)]

    assert problems == [], "\n".join(problems)


def test_each_query_shape_uses_its_index_on_a_large_analysed_table():
    _generate(LARGE)

    with CaptureQueriesContext(connection) as captured:
        problems = [p for name, params in QUERIES for p in check_every_statement(name, params)]

    assert problems == [], "\n".join(problems)
    # The mix went through each way of reading matches, so each plan above was checked:
    # an exact match set, a sample's set, candidates ranked by id, a phrase's candidates
    # taken from its loose set, and the date walk.
    sql = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("EXPLAIN")]
    sets = [s for s in sql if "WITH m AS MATERIALIZED (SELECT id, published_at," in s]
    assert any("'=s16'" not in s and "'=s256'" not in s for s in sets)
    assert any("'=s16'" in s for s in sets)
    assert any("WHERE id = ANY(" in s and "ts_rank_cd" in s for s in sql)
    assert any("AS picked(id)" in s for s in sql)
    assert any("enable_bitmapscan = off" in s for s in sql)


def test_a_phrase_on_a_large_table_reads_a_bounded_sample_and_finds_only_the_phrase():
    # 'my first job' in 1 % of 50,000 (500 candidates, above PHRASE_CHECK_LIMIT): the total
    # comes from the candidates of the 1-in-16 sample, the page from a bounded set of them.
    _generate(LARGE)

    with CaptureQueriesContext(connection) as captured:
        results = search(search_query({"q": '"first job"'}))

    # Estimated from the sample, or exact where the generator's every-100th account
    # and the sample's every-16th id hardly meet.
    assert 350 <= results.total <= 650
    assert len(results.hits) == 20
    assert all("first job" in "".join(p.text for p in h.snippet).lower() for h in results.hits)
    assert results.ranked_among is not None and results.ranked_among <= results.total
    sql = [q["sql"] for q in captured.captured_queries]
    # The phrase's matches in the sample are read once: for the share and for the facets.
    phrase_sets = [s for s in sql if "WITH m AS MATERIALIZED" in s and "<->" in s]
    assert len(phrase_sets) == 1 and "'=s16'" in phrase_sets[0]
    assert len([s for s in sql if "= ANY(ARRAY(SELECT id FROM c))" in s]) == 1
