"""Load benchmark: gunicorn on loopback, N published accounts, 1/4/16 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_deploy_load_100k \
        .venv/bin/python bench/load/run.py --accounts 100000

The database is created, migrated and filled with `--accounts` published accounts (bulk
inserts: the search benchmark's generator, bench/search/run.py, and its raw index build)
on the first run, and reused as it is afterwards; give each size its own database name.
Then gunicorn starts with the production configuration (config/gunicorn.conf.py,
WEB_CONCURRENCY workers, 4 by default), and each endpoint is driven for `--seconds` at
each concurrency by client threads that each send one request at a time (a new loopback
connection per request: gunicorn's sync workers do not keep connections alive). Prints
one JSON object: req/s, p50 and p95 ms per endpoint and concurrency, each endpoint's
req/s as a share of the trivial view's in the same run, and raw SQL doing the story
page's work for comparison. No request may fail: any non-2xx answer is counted and shown.

Every page the public page cache serves is driven twice: as a visitor asks for it (after
the warm-up second, mostly served from the cache: `page_cache` counts hits and misses) and
as `<name>_uncached`, with a header that makes the cache step aside, which is what a page
costs when it is not in the cache. The query mix is narrow (one address for most pages,
500 story ids, six search words), so the first figures are close to a 100 % hit rate;
real traffic has a long tail of stories and searches, and every change of the public
view starts every page afresh.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

sys.path.insert(0, os.path.dirname(__file__))
import server  # noqa: E402

CONCURRENCY = (1, 4, 16)
SUBMISSION = {
    "body": "At my first job the manager kept me late and said things I will not repeat.",
    "title": "First job",
    "display_name": "anonymous",
    "consent": {
        "publish": True,
        "research": False,
        "quote": False,
        "statistics": True,
        "contact": False,
    },
}
SEARCH_WORDS = ["manager", "afraid", "silence", "storeroom", "first job", "work"]


def _search_bench():
    path = server.ROOT / "bench/search/run.py"
    spec = importlib.util.spec_from_file_location("bench_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare_database(accounts: int, env: dict[str, str]) -> list[str]:
    """Migrate and fill on the first run; return a sample of public ids."""
    os.environ.update({k: v for k, v in env.items() if k not in os.environ})
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Point DATABASE_URL at a PostgreSQL database (it is created if missing).")
    subprocess.run(  # creates the database when it does not exist yet
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", url.rsplit("/", 1)[1]],
        stderr=subprocess.DEVNULL,
        check=False,
    )
    search = _search_bench()
    search.setup_django()
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Story

    call_command("migrate", verbosity=0)
    published = Story.objects.filter(status="published").count()
    if published == 0:
        search.generate(accounts)
        search.index_raw(0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif abs(published - accounts) > accounts // 10:
        sys.exit(f"This database holds {published} published accounts; use another name.")
    ids = list(
        Story.objects.filter(status="published")
        .order_by("?")
        .values_list("public_id", flat=True)[:500]
    )
    connection.close()
    return ids


# Pages the public page cache serves (archive/public/page_cache.py): each is also driven
# "uncached", with a header that makes the cache step aside (never served, never stored),
# which is what a request costs when its page is not in the cache.
CACHED = ("home", "story_list", "story_page", "statistics", "search_page", "search_api")
UNCACHED_HEADERS = {"Authorization": "Bench uncached"}


def endpoints(ids: list[str]) -> dict[str, callable]:
    """name -> function(rng) returning (method, path, body[, extra headers])."""
    submission = json.dumps(SUBMISSION).encode()
    table = _endpoints(ids, submission)
    for name in CACHED:
        table[f"{name}_uncached"] = _uncached(table[name])
    return table


def _uncached(make):
    def send(rng):
        method, path, body = make(rng)
        return method, path, body, UNCACHED_HEADERS

    return send


def _endpoints(ids: list[str], submission: bytes) -> dict[str, callable]:
    return {
        "trivial_view": lambda rng: ("GET", "/bench/trivial/", None),
        "home": lambda rng: ("GET", "/", None),
        "story_list": lambda rng: ("GET", "/stories/", None),
        "story_page": lambda rng: ("GET", f"/stories/{rng.choice(ids)}/", None),
        "statistics": lambda rng: ("GET", "/statistics/", None),
        "search_page": lambda rng: ("GET", f"/search/?q={rng.choice(SEARCH_WORDS)}", None),
        "search_api": lambda rng: ("GET", f"/api/v1/search/?q={rng.choice(SEARCH_WORDS)}", None),
        "submission_api": lambda rng: ("POST", "/api/v1/submissions/", submission),
    }


def _request(
    port: int, method: str, path: str, body: bytes | None, extra: dict | None = None
) -> tuple[int, str]:
    """(status, how the page cache served it: "hit", "miss" or "" when it stepped aside)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        headers.update(extra or {})
        connection.request(method, path.replace(" ", "+"), body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Public-Cache", "")
    finally:
        connection.close()


def drive(port: int, make, clients: int, seconds: float) -> dict:
    """`clients` threads, each sending one request at a time, for `seconds`."""
    latencies: list[float] = []
    failures: dict[str, int] = {}
    served: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            method, path, body, *extra = make(rng)
            started = time.perf_counter()
            cache = ""
            try:
                status, cache = _request(port, method, path, body, *extra)
            except OSError as error:
                status = type(error).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if isinstance(status, int) and status < 300:
                    latencies.append(elapsed)
                    if cache:
                        served[cache] = served.get(cache, 0) + 1
                else:
                    failures[str(status)] = failures.get(str(status), 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]
    return {
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "requests": len(latencies),
        **({"page_cache": served} if served else {}),
        **({"failures": failures} if failures else {}),
    }


def raw_story_page_ms(ids: list[str]) -> float:
    """The story page's essential read in raw SQL, p50 over 200 ids (no HTTP, no Django)."""
    from django.db import connection

    values = []
    with connection.cursor() as cursor:
        for public_id in ids[:200]:
            started = time.perf_counter()
            cursor.execute(
                "SELECT id, public_title, public_body, year, country, setting, published_at"
                " FROM archive_story WHERE public_id = %s AND status = 'published'",
                [public_id],
            )
            cursor.fetchall()
            values.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(values), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per endpoint and level")
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    args = parser.parse_args()

    env = server.bench_environment()
    ids = prepare_database(args.accounts, env)
    raw_ms = raw_story_page_ms(ids)
    server.collectstatic(env)
    port = server.free_port()
    process = server.start(env, port)
    result: dict = {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "accounts": args.accounts,
        "workers": int(env.get("WEB_CONCURRENCY", "4")),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "seconds_per_cell": args.seconds,
    }
    try:
        server.wait_until_answers(port, "/readyz")
        table = endpoints(ids)
        wanted = [n for n in table if not args.only or n in args.only.split(",")]
        results: dict = {}
        for name in wanted:
            drive(port, table[name], 2, 1.0)  # warm the workers' caches and connections
            results[name] = {
                f"c{c}": drive(port, table[name], c, args.seconds) for c in CONCURRENCY
            }
        result["endpoints"] = results
        if "trivial_view" in results:
            floor = results["trivial_view"]["c4"]["req_per_s"]
            result["share_of_trivial_at_c4"] = {
                name: round(r["c4"]["req_per_s"] / floor, 2) for name, r in results.items()
            }
        result["raw_sql_story_read_p50_ms"] = raw_ms
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        server.stop(process)
        # Queued tasks of the submissions: no worker runs here.
        server.flush_broker(env)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
