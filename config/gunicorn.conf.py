"""gunicorn settings for Chorus: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

The application, with the language and name models (archive/warmup.py), loads once in
the master; workers fork from it already warm, share those pages copy-on-write and
answer their first request at once. Every figure comes from the environment
(docs/deployment.md lists them).
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (with jitter, so they do not all restart together): a slow
# leak stays bounded, and a preloaded worker restarts in milliseconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

# Load the app (and warm the models) in the master, then fork: see when_ready below.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
if preload_app:
    # The master warms synchronously before forking; a warm-up thread in the master would
    # be lost at fork, or fork while holding the models' lock (config/wsgi.py reads this).
    os.environ.setdefault("CHORUS_WARM_MODELS", "now")

# No access log: it would record contributors' addresses (DESIGN.md, "Identify no one").
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind nginx on the same machine; X-Forwarded-* are trusted from there only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "chorus-web"


def when_ready(server) -> None:
    """In the master, after the app (and the models) loaded, before the first fork."""
    if preload_app:
        from config.prefork import prepare_web

        prepare_web()


def pre_fork(server, worker) -> None:
    if preload_app:
        from django.db import connections

        # A connection opened since (none should be) must not be shared by two workers.
        connections.close_all()
