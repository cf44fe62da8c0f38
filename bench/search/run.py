"""Search benchmark: N published accounts, a fixed 16-query mix, at one size or several.

    # 100k, 300k and 1M accounts, each in its own database chorus_search_bench_<N>
    # (created, migrated and filled when missing; reused when already filled):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_search_bench \
        .venv/bin/python bench/search/run.py --sizes 100000,300000,1000000 --reuse
    # One size, in the database DATABASE_URL names (empty and migrated; --reuse: filled):
    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/search/run.py 100000

On PostgreSQL the accounts are generated in the database (bench/search/fill.py: INSERT ...
SELECT over generate_series, words drawn by their real frequency) and indexed by one
INSERT ... SELECT with the GIN index built afterwards; `--index-app K` also times the
app's batch indexing of K of them. On SQLite they are generated in Python and indexed by
the app. Prints one JSON object:

- search: p50/p95 ms over the whole mix (16 queries with facets, REPEATS timed runs each
  after one untimed round) of the function the view calls (archive.search.search), of
  the HTTP endpoint GET /api/v1/search/ (through Django's test client: middleware, DRF
  and JSON, not a network socket), and of naive raw SQL doing the same work (exact count,
  rank all matches, top 20, headline of 20, exact facets), with the ratios raw/app;
- per query: the number of matches and the medians;
- with --sizes, one such object per size and a table of the summaries.

Theme words are injected at fixed rates: a rare word (0.02 %), a 1.5 % word, a 7 % word.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production mode (no per-query debug bookkeeping), with throwaway keys for a local run.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL", "false")

from bench.search.mix import QUERIES, search_query  # noqa: E402

LANGUAGES = {
    "en": 0.50,
    "fr": 0.15,
    "es": 0.12,
    "de": 0.08,
    "it": 0.06,
    "pt": 0.04,
    "nl": 0.03,
    "sv": 0.02,
}
COUNTRIES = {
    "en": ["GB", "US", "IE", "CA", "AU", "IN"],
    "fr": ["FR", "BE", "CA", "CH"],
    "es": ["ES", "MX", "AR", "CO"],
    "de": ["DE", "AT", "CH"],
    "it": ["IT", "CH"],
    "pt": ["BR", "PT"],
    "nl": ["NL", "BE"],
    "sv": ["SE", "FI"],
}
HASHTAGS = {
    "en": ["MeToo", "WhyIDidntReport", "TimesUp"],
    "fr": ["MeToo", "BalanceTonPorc", "MoiAussi"],
    "es": ["MeToo", "YoTambien", "Cuentalo"],
    "de": ["MeToo", "Aufschrei"],
    "it": ["MeToo", "QuellaVoltaChe"],
    "pt": ["MeToo", "EuTambem"],
    "nl": ["MeToo"],
    "sv": ["MeToo"],
}
SETTINGS = [
    "workplace",
    "education",
    "home",
    "public_space",
    "online",
    "healthcare",
    "sport",
    "other",
]
NOTES = ["harassment", "assault", "rape", "stalking", "online_abuse", "institutional"]
# Theme words injected into every language's texts at fixed rates (share of accounts).
THEMES = [("storeroom", 0.0002), ("manager", 0.015), ("afraid", 0.07), ("silence", 0.005)]
PHRASE = ("first job", 0.01)
INDEX_SAMPLE = 20_000  # SQLite: the slice the raw build is timed on
REPEATS = 5


def setup_django():
    import django

    django.setup()


# --- data -----------------------------------------------------------------------------------


def vocabularies() -> dict[str, tuple[list[str], list[float]]]:
    import wordfreq

    vocab = {}
    for lang in LANGUAGES:
        words = [w for w in wordfreq.top_n_list(lang, 4000) if w.isalpha()]
        weights = [wordfreq.word_frequency(w, lang) for w in words]
        cumulative, total = [], 0.0
        for w in weights:
            total += w
            cumulative.append(total)
        vocab[lang] = (words, cumulative)
    return vocab


def make_text(rng: random.Random, lang: str, vocab) -> tuple[str, str]:
    words, cumulative = vocab[lang]
    length = int(min(600, max(20, rng.lognormvariate(5.0, 0.5))))
    body = rng.choices(words, cum_weights=cumulative, k=length)
    for word, rate in THEMES:
        if rng.random() < rate:
            body.insert(rng.randrange(len(body)), word)
    if rng.random() < PHRASE[1]:
        body.insert(rng.randrange(len(body)), PHRASE[0])
    if rng.random() < 0.6:
        body.insert(rng.randrange(len(body)), "#" + rng.choice(HASHTAGS[lang]))
    title = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(3, 9))).capitalize()
    text = " ".join(body)
    sentences = [s.capitalize() for s in text.split(" ") if s]
    # Sentences of ~12 words with a full stop: realistic headline fragments.
    out = []
    for i in range(0, len(sentences), 12):
        out.append(" ".join(sentences[i : i + 12]).capitalize() + ".")
    return title, " ".join(out)


def generate(n: int, seed: int = 2017) -> None:
    """Insert n published stories with a current consent record, in bulk."""
    from tqdm import tqdm

    from archive.identifiers import new_public_id
    from archive.models import ConsentRecord, Story

    rng = random.Random(seed)
    vocab = vocabularies()
    langs, lang_weights = zip(*LANGUAGES.items(), strict=True)
    start = datetime(2017, 10, 15, tzinfo=UTC)
    batch = 2000
    with tqdm(total=n, unit="stories", file=sys.stderr) as progress:
        for offset in range(0, n, batch):
            stories = []
            for i in range(offset, min(n, offset + batch)):
                lang = rng.choices(langs, lang_weights)[0]
                title, body = make_text(rng, lang, vocab)
                published = start + timedelta(seconds=int(i * 280_000_000 / max(n, 1)))
                stories.append(
                    Story(
                        public_id=new_public_id(),
                        public_title=title,
                        public_body=body,
                        language=lang if rng.random() < 0.9 else "",
                        year=rng.randint(1975, 2025) if rng.random() < 0.85 else None,
                        country=rng.choice(COUNTRIES[lang]),
                        setting=rng.choice(SETTINGS),
                        content_notes=sorted(rng.sample(NOTES, rng.randint(0, 2))),
                        status="published",
                        submitted_at=published,
                        published_at=published,
                        created_at=published,
                    )
                )
            created = Story.objects.bulk_create(stories)
            ConsentRecord.objects.bulk_create(
                [
                    ConsentRecord(
                        story_id=s.pk,
                        consent_version="bench",
                        publish=True,
                        research=False,
                        quote=False,
                        statistics=True,
                        contact=False,
                        method="web",
                        given_at=s.published_at,
                    )
                    for s in created
                ]
            )
            progress.update(len(created))
    from archive.stories.public_view import figures_rebuild

    figures_rebuild()  # the bulk insert bypassed the writers: count the accounts once


def index_app(limit: int) -> dict:
    """Time the app's batch indexing over the first `limit` stories."""
    from archive.models import Story

    return index_app_ids(list(Story.objects.order_by("pk").values_list("pk", flat=True)[:limit]))


def index_app_ids(ids: list[int]) -> dict:
    from django.conf import settings

    from archive.search import index, text

    size = settings.SEARCH["BATCH_SIZE"]
    # A worker process loads lingua's models once, at its first detection (~2.4 s here):
    # timed apart, so the figure is the steady rate of a running worker.
    started = time.perf_counter()
    text.detect_languages(["Une phrase en français pour charger les modèles de langue."])
    load = time.perf_counter() - started
    started = time.perf_counter()
    written = 0
    for i in range(0, len(ids), size):
        written += index.index_stories(ids[i : i + size])
    elapsed = time.perf_counter() - started
    return {
        "accounts": written,
        "seconds": round(elapsed, 2),
        "accounts_per_s": round(written / elapsed),
        "batch_size": size,
        "language_models_load_seconds": round(load, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def index_raw(after_id: int) -> dict:
    """Build the remaining entries with one INSERT ... SELECT (no Python per account)."""
    from django.db import connection, transaction

    from archive.search.text import LANGUAGE_CONFIGS

    configs = (
        "CASE s.language "
        + " ".join(f"WHEN '{code}' THEN '{cfg}'" for code, cfg in LANGUAGE_CONFIGS.items())
        + " ELSE 'chorus_simple' END"
    )
    if connection.vendor == "postgresql":
        tags = (
            "coalesce((SELECT jsonb_agg(DISTINCT lower(m[1])) FROM "
            "regexp_matches(s.public_title || ' ' || s.public_body, '#(\\w+)', 'g') m), '[]'::jsonb)"
        )
        tags_text = (
            "coalesce((SELECT string_agg(DISTINCT lower(m[1]), ' ') FROM "
            "regexp_matches(s.public_title || ' ' || s.public_body, '#(\\w+)', 'g') m), '')"
        )
        sample = "(s.id %% 16 = 0)"
        now = "now()"
    else:
        tags, tags_text, sample, now = "'[]'", "''", "(s.id %% 16 = 0)", "datetime('now')"
    sql = f"""
        INSERT INTO search_searchentry (story_id, public_id, version, language, search_config,
            title, body, hashtags, tags_text, year, country, setting, content_notes,
            published_at, in_sample, indexed_at)
        SELECT s.id, s.public_id, s.version, s.language, {configs}, s.public_title,
            s.public_body, {tags}, {tags_text}, s.year, s.country, s.setting,
            s.content_notes, s.published_at, {sample}, {now}
        FROM archive_story s WHERE s.id > %s AND s.status = 'published'
    """
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [after_id])
        written = cursor.rowcount
    elapsed = time.perf_counter() - started
    return {
        "accounts": written,
        "seconds": round(elapsed, 2),
        "accounts_per_s": round(written / max(elapsed, 1e-9)),
    }


# --- queries ----------------------------------------------------------------------------


def raw_pg(params: dict) -> int:
    """The same work done naively: exact count, rank every match, headline 20, exact facets."""
    from django.db import connection

    conditions, args = [], []
    q = params.get("q", "")
    if q:
        conditions.append("vector @@ websearch_to_tsquery('chorus_english', %s)")
        args.append(q.replace("#", ""))
    for column, key in (("language", "language"), ("country", "country"), ("setting", "setting")):
        if params.get(key):
            conditions.append(f"{column} = ANY(%s)")
            args.append(list(params[key]))
    if params.get("year_from"):
        conditions.append("year BETWEEN %s AND %s")
        args += [params["year_from"], params["year_to"]]
    if params.get("hashtag"):
        conditions.append("hashtags ?| %s")
        args.append(list(params["hashtag"]))
    if params.get("hide"):
        conditions.append("NOT content_notes ?| %s")
        args.append(list(params["hide"]))
    where = "WHERE " + " AND ".join(conditions) if conditions else ""
    offset = (params.get("page", 1) - 1) * 20
    with connection.cursor() as c:
        c.execute(f"SELECT count(*) FROM search_searchentry {where}", args)
        total = c.fetchone()[0]
        if q and params.get("sort") != "date":
            c.execute(
                f"SELECT id FROM search_searchentry {where} ORDER BY "
                "ts_rank_cd(vector, websearch_to_tsquery('chorus_english', %s)) DESC LIMIT 20 OFFSET %s",
                [*args, q.replace("#", ""), offset],
            )
        else:
            c.execute(
                f"SELECT id FROM search_searchentry {where} ORDER BY published_at DESC LIMIT 20 OFFSET %s",
                [*args, offset],
            )
        ids = [r[0] for r in c.fetchall()]
        c.execute(
            "SELECT ts_headline('chorus_english', body, websearch_to_tsquery('chorus_english', %s)) "
            "FROM search_searchentry WHERE id = ANY(%s)",
            [q or "x", ids],
        )
        c.fetchall()
        c.execute(
            f"SELECT language, year, country, setting, count(*) FROM search_searchentry {where} "
            "GROUP BY GROUPING SETS ((language), (year), (country), (setting))",
            args,
        )
        c.fetchall()
        c.execute(
            f"SELECT t, count(*) FROM search_searchentry, jsonb_array_elements_text(hashtags) t "
            f"{where} GROUP BY t ORDER BY 2 DESC LIMIT 30",
            args,
        )
        c.fetchall()
    return total


def raw_sqlite(params: dict) -> int:
    from django.db import connection

    conditions, args = [], []
    q = params.get("q", "")
    source = "FROM search_searchentry e"
    if q:
        parts = []
        for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
            if word == "OR":
                parts.append("OR")
            elif word.startswith("-"):
                parts.append('NOT "' + word.strip("-#") + '"')
            else:
                parts.append('"' + (phrase or word).strip("#") + '"')
        terms = " ".join(parts)
        source = "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
        conditions.append("search_fts MATCH %s")
        args.append(terms)
    for column, key in (("language", "language"), ("country", "country"), ("setting", "setting")):
        if params.get(key):
            conditions.append(f"e.{column} IN ({','.join(['%s'] * len(params[key]))})")
            args += list(params[key])
    if params.get("year_from"):
        conditions.append("e.year BETWEEN %s AND %s")
        args += [params["year_from"], params["year_to"]]
    for column, key, negate in (("hashtags", "hashtag", ""), ("content_notes", "hide", "NOT ")):
        if params.get(key):
            marks = ",".join(["%s"] * len(params[key]))
            conditions.append(
                f"{negate}EXISTS (SELECT 1 FROM json_each(e.{column}) x WHERE x.value IN ({marks}))"
            )
            args += list(params[key])
    where = "WHERE " + " AND ".join(conditions) if conditions else ""
    offset = (params.get("page", 1) - 1) * 20
    with connection.cursor() as c:
        c.execute(f"SELECT count(*) {source} {where}", args)
        total = c.fetchone()[0]
        order = "bm25(search_fts)" if q and params.get("sort") != "date" else "e.published_at DESC"
        snippet = "snippet(search_fts, 1, '[', ']', '…', 24)" if q else "substr(e.body, 1, 200)"
        c.execute(
            f"SELECT e.id, {snippet} {source} {where} ORDER BY {order} LIMIT 20 OFFSET %s",
            [*args, offset],
        )
        c.fetchall()
        for column in ("language", "year", "country", "setting"):
            c.execute(f"SELECT e.{column}, count(*) {source} {where} GROUP BY 1", args)
            c.fetchall()
        c.execute(
            f"SELECT j.value, count(*) {source}, json_each(e.hashtags) j {where} GROUP BY 1", args
        )
        c.fetchall()
    return total


def endpoint_params(params: dict) -> dict:
    names = {"language": "lang"}  # the endpoint's parameter names
    return {
        names.get(key, key): value if isinstance(value, list) else str(value)
        for key, value in params.items()
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[k], 2)


def run_queries() -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch

    from archive.search import search

    raw = raw_pg if connection.vendor == "postgresql" else raw_sqlite
    try:
        endpoint = "/api/v1/search/"
        # The mix repeats each search: the public page cache (archive/public/page_cache.py)
        # would answer the repeats without searching. An Authorization header makes it
        # step aside, so the endpoint is timed searching every time (as bench/load's
        # "uncached" pages are).
        client = Client(headers={"Authorization": "Bench uncached"})
        has_endpoint = client.get(endpoint, {"q": "x"}).status_code == 200
    except NoReverseMatch:  # pragma: no cover
        has_endpoint = False

    # Each way of searching runs the whole mix once untimed, then REPEATS times timed, on
    # its own, so the naive raw
    # SQL (which reads hundreds of thousands of rows) does not evict the app's pages
    # between the app's runs, nor the other way round.
    def function(params):
        return search(search_query(params))

    def via_endpoint(params):
        response = client.get(endpoint, endpoint_params(params))
        if response.status_code != 200:
            raise RuntimeError(f"{endpoint} answered {response.status_code}")
        return response

    ways = {"function": function, "raw_sql": raw}
    if has_endpoint:
        ways["endpoint"] = via_endpoint
    times = {way: {name: [] for name, _ in QUERIES} for way in ways}
    answers: dict[str, dict] = {way: {} for way in ways}
    for way, run in ways.items():
        for _, params in QUERIES:  # one untimed round: the figures are steady state
            run(params)
        for _ in range(REPEATS):
            for name, params in QUERIES:
                started = time.perf_counter()
                answers[way][name] = run(params)
                times[way][name].append((time.perf_counter() - started) * 1000)
    timings = {
        way: [t for values in by_query.values() for t in values] for way, by_query in times.items()
    }
    per_query = []
    for name, params in QUERIES:
        results = answers["function"][name]
        per_query.append(
            {
                "query": name,
                "params": params,
                "matches": results.total,
                "total_estimated": results.total_estimated,
                "facets_estimated": results.facets_estimated,
                "raw_sql_matches": answers["raw_sql"][name],
                **{
                    f"{way}_median_ms": round(statistics.median(times[way][name]), 2)
                    for way in ways
                },
                **{f"{way}_max_ms": round(max(times[way][name]), 2) for way in ways},
            }
        )
    summary = {}
    for key, values in timings.items():
        if values:
            summary[key] = {
                "p50_ms": percentile(values, 50),
                "p95_ms": percentile(values, 95),
                "runs": len(values),
            }
    for way in ("function", "endpoint"):
        if way in summary and "raw_sql" in summary:
            summary[f"raw_sql_over_{way}_p95"] = round(
                summary["raw_sql"]["p95_ms"] / summary[way]["p95_ms"], 1
            )
    if not has_endpoint:
        summary["endpoint"] = "GET /api/v1/search/ not available in this build"
    return {"summary": summary, "queries": per_query}


def fill_postgres(n: int, index_app_count: int) -> dict:
    """Generate n accounts in SQL and build their entries in bulk (see fill.py)."""
    from django.db import connection

    from archive.search.models import SearchEntry
    from bench.search import fill

    result = {
        "generate": fill.fill(
            n,
            languages=LANGUAGES,
            countries=COUNTRIES,
            hashtags=HASHTAGS,
            settings=SETTINGS,
            notes=NOTES,
            themes=THEMES,
            phrase=PHRASE,
        )
    }
    with connection.cursor() as cursor:
        # What autovacuum does after a large load: without statistics the planner reads
        # every consent record to check a batch's stories are public.
        cursor.execute("ANALYZE archive_story")
        cursor.execute("ANALYZE archive_consentrecord")
    if index_app_count:
        result["indexing_app_batch"] = index_app(min(n, index_app_count))
    last = SearchEntry.objects.order_by("-story_id").values_list("story_id", flat=True).first()
    with connection.cursor() as cursor:
        # A bulk load builds GIN once at the end, far faster than entry by entry.
        cursor.execute("SELECT pg_get_indexdef('search_entry_vector_idx'::regclass)")
        definition = cursor.fetchone()[0]
        cursor.execute("DROP INDEX search_entry_vector_idx")
    result["indexing_raw_sql_bulk"] = index_raw(last or 0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(definition)
    result["gin_build_seconds"] = round(time.perf_counter() - started, 1)
    return result


def fill_sqlite(n: int) -> dict:
    from django.db import connection

    from archive.search import index
    from archive.search.models import SearchEntry

    started = time.perf_counter()
    generate(n)
    result: dict = {"generate_seconds": round(time.perf_counter() - started, 1)}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # SQLite has no regular expressions for hashtags: the app indexes everything, the raw
    # build is timed on the last slice, which the app then indexes again.
    result["indexing_app_batch"] = index_app(n)
    ids = list(story_ids_newest(INDEX_SAMPLE))
    SearchEntry.objects.filter(story_id__in=ids).delete()
    result["indexing_raw_sql_bulk"] = index_raw(min(ids) - 1)
    for i in range(0, len(ids), 1000):
        index.index_stories(ids[i : i + 1000], force=True)
    return result


def story_ids_newest(limit: int) -> list[int]:
    from archive.models import Story

    return list(Story.objects.order_by("-pk").values_list("pk", flat=True)[:limit])


def run_one(args) -> dict:
    setup_django()
    from django.db import connection

    from archive.models import Story
    from archive.search.models import SearchEntry

    result: dict = {"accounts": args.n, "database": connection.vendor}
    if not args.reuse:
        if Story.objects.exists():
            sys.exit("The database is not empty: point DATABASE_URL at an empty, migrated one.")
        if connection.vendor == "postgresql":
            result.update(fill_postgres(args.n, args.index_app))
        else:
            result.update(fill_sqlite(args.n))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE search_searchentry")
                cursor.execute("VACUUM ANALYZE archive_story")
                cursor.execute("VACUUM ANALYZE archive_consentrecord")
            else:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
                cursor.execute("ANALYZE")
    elif args.reindex:
        ids = story_ids_newest(args.reindex)
        ids.reverse()
        SearchEntry.objects.filter(story_id__in=ids).delete()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE archive_consentrecord")  # see fill_postgres
        half = len(ids) // 2
        result["indexing_app_batch"] = index_app_ids(ids[:half])
        result["indexing_raw_sql_bulk"] = index_raw(ids[half] - 1)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE search_searchentry")
    result["entries"] = SearchEntry.objects.count()
    from archive.search import vocabulary
    from archive.search.models import SearchWord

    if not SearchWord.objects.exists():
        # What the reconcile sweep does once an hour: count "Did you mean" words.
        started = time.perf_counter()
        result["vocabulary_words"] = vocabulary.refresh()
        result["vocabulary_refresh_seconds"] = round(time.perf_counter() - started, 1)
    if not args.no_queries:
        result["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        result["search"] = run_queries()
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


# --- several sizes -------------------------------------------------------------------------


def _size_url(base: str, n: int) -> tuple[str, str]:
    """The database URL of size n (the base name + _<n>) and its name."""
    head, _, name = base.rpartition("/")
    name = name.split("?")[0]
    return f"{head}/{name}_{n}", f"{name}_{n}"


def _admin_url(base: str) -> str:
    return base.rpartition("/")[0] + "/postgres"


def _prepare(url: str, name: str, n: int, reuse: bool) -> bool:
    """Create and migrate the size's database when missing; True when it is filled."""
    import subprocess

    import psycopg

    with psycopg.connect(
        _admin_url(url).replace("postgres://", "postgresql://"), autocommit=True
    ) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            sys.exit(f"{name} exists: pass --reuse to measure it again, or drop it.")
        if not exists:
            db.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    # Always: a database filled before gains the migrations written since (cheap if none).
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    if not exists:
        return False
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        filled = db.execute("SELECT count(*) FROM search_searchentry").fetchone()[0]
    if filled and filled != n:
        sys.exit(f"{name} holds {filled} entries, not {n}: drop it to refill.")
    return bool(filled)


def run_sizes(args) -> dict:
    import subprocess

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("--sizes needs DATABASE_URL=postgres://.../<base name>")
    results = {}
    for n in args.sizes:
        url, name = _size_url(base, n)
        filled = _prepare(url, name, n, args.reuse)
        command = [sys.executable, str(Path(__file__)), str(n)]
        command += ["--reuse"] if filled else []
        command += ["--index-app", str(args.index_app)] if args.index_app and not filled else []
        command += ["--no-queries"] if args.no_queries else []
        print(f"{name}: {'measuring' if filled else 'filling and measuring'}", file=sys.stderr)
        out = subprocess.run(
            command,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
            stdout=subprocess.PIPE,  # its progress and errors go to our stderr
            text=True,
        ).stdout
        results[str(n)] = json.loads(out)
    if args.no_queries:
        return {"by_size": results}
    table = {
        n: {
            way: r["search"]["summary"].get(way)
            for way in (
                "function",
                "endpoint",
                "raw_sql",
                "raw_sql_over_function_p95",
                "raw_sql_over_endpoint_p95",
            )
        }
        for n, r in results.items()
    }
    return {"summary_by_size": table, "by_size": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", help="number of published accounts")
    parser.add_argument(
        "--sizes",
        type=lambda v: [int(x) for x in v.split(",") if x],
        help="comma-separated sizes, each in its own database <DATABASE_URL name>_<N>",
    )
    parser.add_argument("--reuse", action="store_true", help="measure databases filled before")
    parser.add_argument(
        "--index-app",
        type=int,
        default=0,
        metavar="K",
        help="when filling PostgreSQL: also time the app's batch indexing of K accounts",
    )
    parser.add_argument(
        "--reindex",
        type=int,
        default=0,
        metavar="K",
        help="with --reuse: drop the entries of the last K accounts, rebuild half with the "
        "app and half with raw SQL (timed), then run the queries",
    )
    parser.add_argument("--no-queries", action="store_true", help="only the indexing figures")
    args = parser.parse_args()
    if args.sizes:
        result = run_sizes(args)
    elif args.n:
        result = run_one(args)
    else:
        parser.error("give N or --sizes")
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
