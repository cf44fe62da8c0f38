"""gunicorn with config/gunicorn.conf.py forks workers that already hold the models."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _first_answer(port: int, path: str, limit: float = 120) -> tuple[int, dict]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:  # noqa: S310
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"gunicorn did not answer {path}")


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")
def test_a_preloaded_worker_is_ready_on_its_first_request(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_PRELOAD": "1",
        # Readiness also asks the database: an empty SQLite file answers "SELECT 1".
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    }
    for name in ("CELERY_BROKER_URL", "REDIS_URL", "CHORUS_WARM_MODELS"):
        env.pop(name, None)
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, body = _first_answer(port, "/readyz")
    finally:
        server.terminate()
        server.wait(timeout=30)

    # Without preload (GUNICORN_PRELOAD=0) this first answer is 503 "loading": the worker
    # serves while its own copy of the models loads.
    assert (status, body["checks"]["models"]) == (200, "ok")
