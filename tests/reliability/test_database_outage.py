"""With the database down or restarting, every request answers 503 with Retry-After.

JSON on /api/, the kind page with the quick exit elsewhere; never a 500. Real failures
only: on SQLite a database file that cannot be opened (in a separate process, since the
test database must stay up), on PostgreSQL the request's own connection terminated with
pg_terminate_backend from a second connection.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test import Client

from config.outage import RETRY_AFTER_SECONDS
from tests.contribute.test_submissions_api import payload

ROOT = Path(__file__).resolve().parents[2]

# Reads, the contributor's pages and both submission paths.
GETS = ["/", "/stories/", "/stories/abc123/", "/statistics/", "/search/?q=boss",
        "/api/v1/stories/", "/api/v1/search/?q=boss", "/api/v1/stats/"]  # fmt: skip
POSTS = ["/api/v1/submissions/"]

_PROBE = """
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings

answers = {}
storage = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storage):
    client = Client(raise_request_exception=False)
    gets, posts, submission = json.loads(sys.argv[1])
    for method, path in [("get", p) for p in gets] + [("post", p) for p in posts]:
        data = json.dumps(submission) if method == "post" else None
        r = getattr(client, method)(path, data=data, content_type="application/json")
        answers[f"{method} {path}"] = [r.status_code, r.get("Retry-After"), r["Content-Type"],
                                       r.content.decode()]
print(json.dumps(answers))
"""


def _assert_outage_answers(answers: dict) -> None:
    for request, (status, retry_after, content_type, body) in answers.items():
        assert status == 503, (request, status, body[:300])
        assert retry_after == str(RETRY_AFTER_SECONDS), request
        if " /api/" in request:
            assert content_type == "application/json", request
            assert "unavailable" in json.loads(body)["detail"], request
        else:
            assert content_type.startswith("text/html"), request
            assert "Chorus is briefly unavailable" in body and "data-quick-exit" in body, request


def test_an_unopenable_sqlite_database_gives_503_with_retry_after(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CELERY_BROKER_URL", "REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        # A folder that does not exist: SQLite cannot open or create the file.
        DATABASE_URL=f"sqlite:///{tmp_path}/missing/chorus.sqlite3",
        SECRET_KEY="test-secret-key-not-for-production-0123456789abcdefghijklmnop",
        FIELD_ENCRYPTION_KEYS="ZmRqa2ZqZGtmamRrZmpka2ZqZGtmamRrZmpka2ZqZGs=",
        ALLOWED_HOSTS="testserver",
        DEBUG="false",
        SECURE_SSL="false",
    )
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps([GETS, POSTS, payload()])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]

    answers = json.loads(probe.stdout.strip().splitlines()[-1])

    assert len(answers) == len(GETS) + len(POSTS)
    _assert_outage_answers(answers)
    # The log names the error class, nothing of the request.
    assert "Database unavailable (OperationalError)" in probe.stderr
    assert "boss" not in probe.stderr


def _terminate_this_connection() -> None:
    """Kill this process's database connection from another one, as a restart would."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_a_terminated_postgresql_connection_gives_503_then_recovers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    client = Client(raise_request_exception=False)
    assert client.get("/stories/").status_code == 200

    answers = {}
    for method, path in [("get", p) for p in GETS] + [("post", p) for p in POSTS]:
        _terminate_this_connection()
        data = payload() if method == "post" else None
        response = getattr(client, method)(path, data=data, content_type="application/json")
        answers[f"{method} {path}"] = [
            response.status_code,
            response.get("Retry-After"),
            response["Content-Type"],
            response.content.decode(),
        ]
        # What Django does at the end of every real request: drop an unusable connection.
        connection.close_if_unusable_or_obsolete()

    _assert_outage_answers(answers)
    assert client.get("/stories/").status_code == 200
