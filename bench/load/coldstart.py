"""Cold start and memory of gunicorn workers, without and with preload_app.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_deploy_load_100k \
        .venv/bin/python bench/load/coldstart.py

Uses the database bench/load/run.py filled (run that first). For each mode it starts
gunicorn (WEB_CONCURRENCY workers, 4 by default), and reports:

- seconds from the start command to the first 200 on `/healthz`, on `/`, and on `/readyz`
  (models loaded in the process that answered);
- the slowest of 8 simultaneous first requests to the story list and search page;
- per process (master and each worker), after every worker has served a few of each
  public page: unique memory (USS: the private pages, freed if the process exits), shared
  memory, RSS and PSS, from /proc/<pid>/smaps_rollup.

"no_preload" is the previous behaviour: every worker imports the app and loads the models
itself (in a background thread); "preload" loads them once in the master (config/
gunicorn.conf.py). Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

sys.path.insert(0, os.path.dirname(__file__))
import server  # noqa: E402

PAGES = ["/", "/stories/", "/search/?q=manager", "/api/v1/search/?q=afraid", "/api/v1/stories/"]
# Both modes get the same generous worker timeout: on a loaded machine a worker that
# loads the models itself can take longer than the default 60 s to boot, and would be
# killed and restarted in a loop (seen here at load average 14 on 2 cores).
MODES = {
    "no_preload": {
        "GUNICORN_PRELOAD": "0",
        "CHORUS_WARM_MODELS": "background",
        "GUNICORN_TIMEOUT": "300",
    },
    "preload": {"GUNICORN_PRELOAD": "1", "GUNICORN_TIMEOUT": "300"},
}
LIMIT_SECONDS = 300


def _timed_get(port: int, path: str) -> float:
    started = time.perf_counter()
    server.get(port, path)
    return time.perf_counter() - started


def measure(extra: dict[str, str]) -> dict:
    env = server.bench_environment(**extra)
    port = server.free_port()
    started = time.perf_counter()
    process = server.start(env, port)
    try:
        healthz = server.wait_until_answers(port, "/healthz", LIMIT_SECONDS)
        first_page = server.wait_until_answers(port, "/", LIMIT_SECONDS)
        first = time.perf_counter() - started
        with ThreadPoolExecutor(8) as pool:
            burst = list(pool.map(lambda i: _timed_get(port, PAGES[1 + i % 2]), range(8)))
        server.wait_until_answers(port, "/readyz", LIMIT_SECONDS)
        ready = time.perf_counter() - started
        # Every worker serves each page a few times (the OS spreads the connections).
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: server.get(port, PAGES[i % len(PAGES)]), range(200)))
        master = process.pid
        workers = server.worker_pids(master)
        memory = {"master": server.memory_mb(master)}
        memory["workers"] = [server.memory_mb(pid) for pid in workers]
        unique = [w["unique_mb"] for w in memory["workers"]]
        return {
            "healthz_after_s": round(healthz, 2),
            "first_page_after_s": round(first, 2),
            "first_page_wait_s": round(first_page, 2),
            "slowest_of_8_first_requests_s": round(max(burst), 2),
            "readyz_after_s": round(ready, 2),
            "worker_unique_mb_max": max(unique),
            "worker_shared_mb_min": min(w["shared_mb"] for w in memory["workers"]),
            "total_unique_mb": round(sum(unique) + memory["master"]["unique_mb"], 1),
            "memory": memory,
        }
    finally:
        server.stop(process)


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Point DATABASE_URL at the database bench/load/run.py filled.")
    env = server.bench_environment()
    server.collectstatic(env)
    result: dict = {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "workers": int(env.get("WEB_CONCURRENCY", "4")),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        for mode, extra in MODES.items():
            result[mode] = measure(extra)
    finally:
        server.flush_broker(env)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
