"""How many requests fail when Redis (the cache) is stopped: 50 reads and 20 submissions.

Starts its own redis-server on a free port in 6390-6394 as the cache, seeds a fresh SQLite
database with published accounts while it runs, stops it, then sends the requests with
Django's test client and prints the answers' status codes as JSON. Run from the
repository root: `.venv/bin/python bench/reliability/cache_down.py`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    for port in range(6390, 6395):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port in 6390-6394")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="chorus-cache-down-"))
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{folder}/chorus.sqlite3",
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        CELERY_BROKER_URL="",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-secret-key-" + "x" * 40),
        FIELD_ENCRYPTION_KEYS="ZmRqa2ZqZGtmamRrZmpka2ZqZGtmamRrZmpka2ZqZGs=",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL="false",
        THROTTLE_SUBMISSIONS="1000/hour",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from archive.vocabulary import Status
    from tests.contribute.test_submissions_api import payload
    from tests.factories import make_story

    call_command("migrate", verbosity=0)
    stories = [make_story(status=Status.PUBLISHED) for _ in range(5)]
    redis.kill()
    redis.wait()

    reads = ["/", "/stories/", f"/stories/{stories[0].public_id}/", "/statistics/",
             "/search/?q=manager", "/api/v1/stories/", "/api/v1/search/?q=manager",
             "/api/v1/stats/", "/search/", f"/api/v1/stories/{stories[1].public_id}/"]  # fmt: skip
    statuses: Counter[str] = Counter()
    storage = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storage):
        client = Client(raise_request_exception=False)
        for i in range(50):
            statuses[f"read {client.get(reads[i % len(reads)]).status_code}"] += 1
        for _ in range(20):
            response = client.post(
                "/api/v1/submissions/", json.dumps(payload()), content_type="application/json"
            )
            statuses[f"submission {response.status_code}"] += 1
    errors = sum(n for key, n in statuses.items() if key.endswith(" 500"))
    print(json.dumps({"redis": "stopped", "answers": dict(sorted(statuses.items())),
                      "http_500": errors, "requests": sum(statuses.values())}))  # fmt: skip


if __name__ == "__main__":
    main()
