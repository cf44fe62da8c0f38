"""Start and stop gunicorn for the load benchmarks, and read a process's memory.

The server runs the production configuration (config/gunicorn.conf.py) with DEBUG off,
the bench-only routes on (CHORUS_BENCH_URLS: /bench/trivial/, config/bench_urls.py), the
visitor and submission rate limits raised (one machine sends every request), Redis as
cache and broker (no worker runs: submissions are stored and queued, as in production).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL": "false",
    "THROTTLE_ANON": "100000000/minute",
    "THROTTLE_SUBMISSIONS": "100000000/hour",
    "CHORUS_BENCH_URLS": "1",
    "GUNICORN_LOG_LEVEL": "warning",
}


def bench_environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, **BENCH_ENV, **extra}
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
    env.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4")
    return env


def flush_broker(env: dict[str, str]) -> None:
    """Drop the tasks the submissions queued (no worker runs here): the broker's own Redis
    database only, whichever number the environment gave it."""
    url = env["CELERY_BROKER_URL"]
    database = url.rsplit("/", 1)[1] if url.count("/") > 2 else "0"
    subprocess.run(
        ["redis-cli", "-n", database or "0", "flushdb"], capture_output=True, check=False
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def collectstatic(env: dict[str, str]) -> None:
    """Pages need the hashed manifest that production builds at deploy time."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        [gunicorn, "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
    )


def get(port: int, path: str, timeout: float = 60) -> int:
    try:
        with urllib.request.urlopen(  # noqa: S310  (loopback, fixed scheme)
            f"http://127.0.0.1:{port}{path}", timeout=timeout
        ) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_answers(port: int, path: str = "/healthz", limit: float = 120) -> float:
    """Seconds until `path` first answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            if get(port, path, timeout=limit) == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{path} did not answer within {limit} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_mb(pid: int) -> dict[str, float]:
    """Unique (USS: private pages), shared, RSS and PSS of a process, in MB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    mb = 1024
    return {
        "unique_mb": round((fields["Private_Clean"] + fields["Private_Dirty"]) / mb, 1),
        "shared_mb": round((fields["Shared_Clean"] + fields["Shared_Dirty"]) / mb, 1),
        "rss_mb": round(fields["Rss"] / mb, 1),
        "pss_mb": round(fields["Pss"] / mb, 1),
    }
