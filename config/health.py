"""Liveness (`/healthz`) and readiness (`/readyz`) for load balancers, systemd and probes.

Answered by a middleware placed first, so a probe costs no session, locale, CSRF or
template work, and a load balancer that calls the backend by its address (no TLS, a Host
header not in ALLOWED_HOSTS) still gets an answer. Both are JSON, set no cookie and are
never cached. Neither says more than "ok" or "unavailable": no host name, no error text.

- `/healthz`: the process answers. It touches nothing else, so a database outage does not
  make a supervisor restart healthy web processes.
- `/readyz`: this process can serve: the primary database answers, the broker answers
  (when one is configured; without one tasks run in-process), and the language and name
  models are loaded (archive/warmup.py). A replica that is down is reported but does not
  make the process unready: reads fall back to the primary (config/db_router.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from config.db_router import REPLICA

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
RETRY_AFTER_SECONDS = 5


def _database(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "not now"; the kind is enough to log
        logger.warning("Readiness: database %s unavailable (%s)", alias, type(error).__name__)
        return False


def _broker() -> bool:
    from config.celery_app import app

    try:
        # The URL from settings, which Celery itself was configured from.
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception as error:
        logger.warning("Readiness: broker unavailable (%s)", type(error).__name__)
        return False


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready?, {check: "ok" | "unavailable" | "not configured" | "loading"})."""
    from archive.warmup import is_warm

    checks = {"database": "ok" if _database("default") else "unavailable"}
    if REPLICA in settings.DATABASES:
        # Informative only: the router sends reads to the primary while it is down.
        checks["replica"] = "ok" if _database(REPLICA) else "unavailable"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = "not configured"
    else:
        checks["broker"] = "ok" if _broker() else "unavailable"
    checks["models"] = "ok" if is_warm() else "loading"
    ready = all(
        checks[name] in ("ok", "not configured") for name in ("database", "broker", "models")
    )
    return ready, checks


def _answer(payload: dict, status: int) -> HttpResponse:
    response = JsonResponse(payload, status=status)
    add_never_cache_headers(response)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class HealthCheckMiddleware:
    """Answers the two probe paths before any other middleware runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path == LIVENESS_PATH:
            return _answer({"status": "alive"}, 200)
        if path == READINESS_PATH:
            ready, checks = readiness()
            return _answer(
                {"status": "ready" if ready else "unready", "checks": checks},
                200 if ready else 503,
            )
        return self.get_response(request)
