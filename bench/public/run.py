"""Public reading surfaces benchmark: listing, story page and statistics at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_scale_public \
        .venv/bin/python bench/public/run.py 1000000
    DATABASE_URL=sqlite:///var/bench-public.sqlite3 .venv/bin/python bench/public/run.py 100000

The database must be empty and migrated; the benchmark fills it with N published accounts
(the search benchmark's generator: bench/search/run.py) and a few hundred in other states.
`--reuse` measures again on a database it filled before. Prints one JSON object with
p50/p95 ms for each surface (the function or page the view runs, the HTTP endpoint through
Django's test client) and for naive raw SQL doing the same work, and their ratio. Totals and
statistics are cached until an account leaves the public view (archive/public_cache.py):
`*_cold_cache` rows measure the first request after such a removal.

Search itself is measured by bench/search/run.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL", "false")
# The benchmark hammers one client; the visitor rate limit would answer 429.
os.environ.setdefault("THROTTLE_ANON", "1000000/minute")

REPEATS = 30


def _search_bench():
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench/search/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[k], 2)


def timed(fn, repeats: int = REPEATS) -> dict:
    """Wall-clock p50/p95, and the p50 of this process's CPU time (Python's own work: on a
    shared, busy machine the wall clock also counts waiting for a core)."""
    fn()  # warm caches and connections
    values, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        values.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "python_cpu_p50_ms": percentile(cpu, 50),
    }


def raw_statistics() -> None:
    """The naive equivalent: one GROUP BY per dimension over the consented public rows."""
    from django.db import connection

    public = """
        FROM archive_story s
        WHERE s.status = 'published' AND s.erased_at IS NULL
          AND (s.embargo_until IS NULL OR s.embargo_until <= CURRENT_DATE)
          AND EXISTS (SELECT 1 FROM archive_consentrecord c WHERE c.story_id = s.id
                      AND c.withdrawn_at IS NULL AND c.publish AND c.statistics)
    """
    with connection.cursor() as cursor:
        for column in ("year", "country", "setting", "language"):
            cursor.execute(f"SELECT s.{column}, count(*) {public} GROUP BY s.{column}")  # noqa: S608
            cursor.fetchall()
        notes = ", ".join(
            f"sum(CASE WHEN s.content_notes::text LIKE '%%\"{n}\"%%' THEN 1 ELSE 0 END)"
            if connection.vendor == "postgresql"
            else f"sum(CASE WHEN s.content_notes LIKE '%%\"{n}\"%%' THEN 1 ELSE 0 END)"
            for n in ("harassment", "assault", "rape", "stalking")
        )
        cursor.execute(f"SELECT {notes} {public}")  # noqa: S608
        cursor.fetchall()


def raw_list_page() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT s.public_id, s.public_title, s.public_body, s.year, s.country
               FROM archive_story s
               WHERE s.status = 'published' AND s.erased_at IS NULL
                 AND (s.embargo_until IS NULL OR s.embargo_until <= CURRENT_DATE)
                 AND EXISTS (SELECT 1 FROM archive_consentrecord c WHERE c.story_id = s.id
                             AND c.withdrawn_at IS NULL AND c.publish)
               ORDER BY s.published_at DESC, s.id DESC LIMIT 20"""
        )
        cursor.fetchall()


def raw_count() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM archive_story s
               WHERE s.status = 'published' AND s.erased_at IS NULL
                 AND (s.embargo_until IS NULL OR s.embargo_until <= CURRENT_DATE)
                 AND EXISTS (SELECT 1 FROM archive_consentrecord c WHERE c.story_id = s.id
                             AND c.withdrawn_at IS NULL AND c.publish)"""
        )
        cursor.fetchall()
    raw_list_page()


def raw_story(public_id: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public_title, public_body FROM archive_story WHERE public_id = %s",
            [public_id],
        )
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of published accounts to generate")
    parser.add_argument("--reuse", action="store_true", help="skip generation")
    args = parser.parse_args()
    search_bench = _search_bench()
    search_bench.setup_django()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    # Pages render without a collectstatic run (the production manifest is not built here).
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    from django.core.cache import cache

    from archive.models import Story
    from archive.public import stats
    from archive.public.views import public_stories

    result: dict = {"accounts": args.n, "database": connection.vendor}
    if not args.reuse:
        if Story.objects.exists():
            sys.exit("The database is not empty: point DATABASE_URL at an empty, migrated one.")
        started = time.perf_counter()
        search_bench.generate(args.n)
        result["generate_seconds"] = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    rng = random.Random(7)
    ids = list(Story.objects.order_by("?").values_list("public_id", flat=True)[:200])
    client = Client()
    last_page = max(1, min(args.n, 20_000) // 20)

    def cold(fn):
        def run():
            cache.clear()  # as after a withdrawal: everything recounted
            return fn()

        return run

    surfaces = {
        "statistics_function_cold_cache": (cold(stats.public_statistics), raw_statistics),
        "list_first_page_html_cold_cache": (cold(lambda: client.get("/stories/")), raw_count),
        "statistics_function": (stats.public_statistics, raw_statistics),
        "statistics_endpoint": (lambda: client.get("/api/v1/stats/"), raw_statistics),
        "statistics_page": (lambda: client.get("/statistics/"), raw_statistics),
        "list_first_page_function": (
            lambda: list(public_stories()[:20]),
            raw_list_page,
        ),
        "list_first_page_endpoint": (lambda: client.get("/api/v1/stories/"), raw_list_page),
        "list_first_page_html": (lambda: client.get("/stories/"), raw_list_page),
        "list_deep_page_html": (lambda: client.get(f"/stories/?page={last_page}"), raw_list_page),
        "story_page_html": (
            lambda: client.get(f"/stories/{rng.choice(ids)}/"),
            lambda: raw_story(rng.choice(ids)),
        ),
        "story_endpoint": (
            lambda: client.get(f"/api/v1/stories/{rng.choice(ids)}/"),
            lambda: raw_story(rng.choice(ids)),
        ),
        "home_html": (lambda: client.get("/"), raw_list_page),
    }
    measured = {}
    for name, (app, raw) in surfaces.items():
        slow = "statistics" in name or "cold" in name
        app_t = timed(app, 10 if slow else REPEATS)
        raw_t = timed(raw, 10 if slow else REPEATS)
        measured[name] = {
            "app": app_t,
            "raw_sql": raw_t,
            "app_over_raw_p95": round(app_t["p95_ms"] / max(raw_t["p95_ms"], 0.01), 1),
        }
    result["surfaces"] = measured
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
