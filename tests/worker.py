"""A real Celery worker process for tests marked `worker`.

It runs against the broker in CELERY_BROKER_URL and the test database (PostgreSQL), so a
task really crosses Redis to another process. Elsewhere those tests are skipped; the rest
of the suite runs tasks eagerly in-process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "")


def _worker_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["CELERY_BROKER_URL"] = broker_url()
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Worker:
    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.worker_app",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=_worker_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # The parent loads the language and name models before it reports ready
        # (config/celery_app.py): seconds on a quiet machine, far more on a loaded one.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError("The Celery worker did not start:\n" + self.log_path.read_text()[-3000:])

    def kill(self) -> None:
        """Kill the whole worker (parent and pool children) at once, like a lost machine."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A running worker; tasks published by the test go through the broker to it."""
    if not broker_url() or connection.vendor != "postgresql":
        pytest.skip("needs CELERY_BROKER_URL and PostgreSQL (run by .ci/run)")
    from config.celery_app import app

    app.control.purge()
    app.conf.task_always_eager = False
    worker = Worker(tmp_path / "worker.log")
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _tasks_run_in_process_by_default():
    from config.celery_app import app

    app.conf.task_always_eager = True
    assert settings.CELERY_TASK_ACKS_LATE
    yield
