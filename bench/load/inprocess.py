"""Per-request cost of each endpoint in one process, against the trivial view beside it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_load_100k REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/load/inprocess.py --accounts 100000 --requests 200

On a machine shared with other work, requests per second through gunicorn mostly measure
the neighbours. This drives the same endpoints as bench/load/run.py through Django's test
client in one process (the whole middleware stack, no HTTP server), one request at a time,
and prints per endpoint: wall and CPU milliseconds per request (p50, p95, mean), the
queries each request runs, and the mean as a multiple of the trivial view's (the inverse
is the share of the trivial view's req/s that a CPU-bound server could reach). The
database is filled like bench/load/run.py's on the first run (`--accounts`).

`statistics_after_removal` measures the statistics page's first request after a consent
change (an event that takes an account out of the cached figures): the contributor's
same answers are recorded again, which changes nothing the public sees.

`--profile NAME` prints the top cProfile entries of one endpoint instead (`--sort tottime`
for each function's own time).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time

# bench/load/profile.py would shadow the standard library's `profile`, which cProfile uses.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]
import cProfile  # noqa: E402
import pstats  # noqa: E402

sys.path.insert(0, _HERE)
import run  # noqa: E402
import server  # noqa: E402

STATS_REPEATS = 10


def _client():
    from django.test import Client

    return Client()


def endpoints(ids: list[str]) -> dict[str, callable]:
    """name -> function(client, rng) sending one request and returning the response."""
    table = run.endpoints(ids)

    def from_table(name):
        def send(client, rng):
            method, path, body, *extra = table[name](rng)
            headers = {f"HTTP_{k.upper()}": v for k, v in (extra[0] if extra else {}).items()}
            if method == "POST":
                return client.post(path, data=body, content_type="application/json", **headers)
            return client.get(path.replace(" ", "+"), **headers)

        return send

    out = {name: from_table(name) for name in table}
    out["statistics"] = lambda client, rng: client.get("/statistics/")
    return out


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(send, requests: int, seed: int = 0) -> dict:
    from django.db import connection, reset_queries

    client = _client()
    rng = random.Random(seed)
    for _ in range(3):  # warm: templates, connection, cached figures
        send(client, rng)
    walls, cpus, queries = [], [], []
    failures = 0
    for _ in range(requests):
        reset_queries()
        connection.force_debug_cursor = True
        wall, cpu = time.perf_counter(), time.process_time()
        response = send(client, rng)
        cpu = (time.process_time() - cpu) * 1000
        wall = (time.perf_counter() - wall) * 1000
        connection.force_debug_cursor = False
        failures += response.status_code >= 300
        walls.append(wall)
        cpus.append(cpu)
        queries.append(len(connection.queries))
    return {
        "wall_ms": {
            "p50": round(statistics.median(walls), 2),
            "p95": round(_percentile(walls, 0.95), 2),
            "mean": round(statistics.fmean(walls), 2),
        },
        "cpu_ms_mean": round(statistics.fmean(cpus), 2),
        "queries": {"min": min(queries), "max": max(queries)},
        "requests": requests,
        **({"failures": failures} if failures else {}),
    }


def statistics_after_removal(repeats: int) -> dict:
    """The first statistics request after an event that invalidates cached figures."""
    from archive.models import Story
    from archive.stories.consents import consent_change

    client = _client()
    story = Story.objects.public().order_by("pk").first()
    consent = story.current_consent()
    scopes = {scope: getattr(consent, scope) for scope in consent.SCOPES}
    walls = []
    for _ in range(repeats):
        consent_change(story=story, scopes=scopes, embargo_until=story.embargo_until)
        story.refresh_from_db()
        started = time.perf_counter()
        response = client.get("/statistics/")
        walls.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"/statistics/ answered {response.status_code}")
    return {
        "wall_ms": {
            "p50": round(statistics.median(walls), 1),
            "max": round(max(walls), 1),
        },
        "requests": repeats,
    }


def submission_chain_lock(send, requests: int) -> dict:
    """How long a submission holds the audit chain's lock (archive/stories/audit.py takes
    it with the first event and PostgreSQL releases it at commit), against the request's
    whole time: the share of time other submissions would wait behind it."""
    from django.db import connection

    from archive.stories import audit

    original_head, original_commit = audit._chain_head, connection.commit
    taken: list[float] = []
    held: list[float] = []

    def timed_head():
        if len(taken) == len(held):  # the first event of this transaction
            taken.append(time.perf_counter())
        return original_head()

    def timed_commit():
        original_commit()  # PostgreSQL releases the advisory lock here
        if len(taken) > len(held):
            held.append(time.perf_counter() - taken[-1])

    client = _client()
    rng = random.Random(1)
    walls = []
    audit._chain_head, connection.commit = timed_head, timed_commit
    try:
        for _ in range(requests):
            started = time.perf_counter()
            send(client, rng)
            walls.append(time.perf_counter() - started)
    finally:
        audit._chain_head = original_head
        del connection.commit  # the class's method again
    return {
        "lock_held_ms_mean": round(statistics.fmean(held) * 1000, 2) if held else None,
        "request_ms_mean": round(statistics.fmean(walls) * 1000, 2),
        "held_share": round(sum(held) / sum(walls), 3) if held else None,
        "requests": requests,
    }


def profile(send, requests: int, top: int, sort: str = "cumulative") -> str:
    client = _client()
    rng = random.Random(0)
    send(client, rng)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        send(client, rng)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(
        os.environ.get("PROFILE_SORT", "cumulative")
    ).print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per endpoint")
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    parser.add_argument("--profile", default="", help="one endpoint: print cProfile instead")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="cProfile order, e.g. tottime")
    args = parser.parse_args()

    env = server.bench_environment(ALLOWED_HOSTS="testserver,127.0.0.1,localhost")
    ids = run.prepare_database(args.accounts, env)
    os.environ["ALLOWED_HOSTS"] = env["ALLOWED_HOSTS"]
    server.collectstatic(env)  # pages need the hashed manifest, as in production
    from archive.warmup import warm  # noqa: PLC0415  (after django.setup)

    warm()
    table = endpoints(ids)
    if args.profile:
        print(profile(table[args.profile], args.requests, args.top, args.sort))
        return
    wanted = [n for n in table if not args.only or n in args.only.split(",")]
    if "trivial_view" not in wanted:
        wanted.insert(0, "trivial_view")
    result: dict = {
        "accounts": args.accounts,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "endpoints": {},
    }
    for name in wanted:
        count = args.requests if name != "submission_api" else max(20, args.requests // 4)
        result["endpoints"][name] = measure(table[name], count)
    if not args.only or "statistics_after_removal" in args.only.split(","):
        result["endpoints"]["statistics_after_removal"] = statistics_after_removal(STATS_REPEATS)
    if "submission_api" in wanted:
        result["submission_chain_lock"] = submission_chain_lock(
            table["submission_api"], max(20, args.requests // 4)
        )
    floor = result["endpoints"]["trivial_view"]["wall_ms"]["mean"]
    result["mean_as_multiple_of_trivial"] = {
        name: round(r["wall_ms"]["mean"] / floor, 1)
        for name, r in result["endpoints"].items()
        if "mean" in r["wall_ms"]
    }
    # CPU time is what a busy neighbour disturbs least.
    cpu_floor = result["endpoints"]["trivial_view"]["cpu_ms_mean"]
    result["cpu_as_multiple_of_trivial"] = {
        name: round(r["cpu_ms_mean"] / cpu_floor, 1)
        for name, r in result["endpoints"].items()
        if "cpu_ms_mean" in r
    }
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
