"""Use the shared cache (Redis), or fall back when it is down: the one owner of that rule.

The cache only ever speeds things up or counts attempts; no page, API answer or submission
may fail because it is unreachable (issue 12). Two views of the same cache:

- `counters`: throttles and rate limits. When Redis is down they count in this process
  (a per-process limit: looser across several workers, never none, never a lock-out).
- `figures`: cached aggregates (counts, statistics, search totals). When Redis is down a
  read is a miss and a write is dropped, so the caller computes the figure directly;
  nothing is kept per process, so no process serves a figure another one invalidated.

Either logs one warning per process the first time Redis fails, naming the error class
only: no key (keys hold hashed client fingerprints), no request data.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.cache import cache as _shared
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What an unreachable or failing Redis raises through Django's RedisCache: the library's
# own errors (connection refused, timeout, loading) and the socket's.
UNAVAILABLE = (RedisError, OSError)

_warned: set[str] = set()
_warned_lock = threading.Lock()


def _warn_once(purpose: str, error: BaseException) -> None:
    with _warned_lock:
        if purpose in _warned:
            return
        _warned.add(purpose)
    logger.warning(
        "The shared cache is unavailable (%s): %s. Logged once per process.",
        type(error).__name__,
        purpose,
    )


class FallbackCache:
    """The shared cache's get/set/add/incr/delete, which never raise when it is down.

    With a `fallback` cache the operation is done there instead; without one, a read is a
    miss and a write does nothing. DRF throttles use an instance as their `cache`.
    """

    def __init__(self, purpose: str, fallback: LocMemCache | None) -> None:
        self.purpose = purpose
        self.fallback = fallback

    def _call(self, operation: str, *args, default: Any = None, **kwargs) -> Any:
        try:
            return getattr(_shared, operation)(*args, **kwargs)
        except UNAVAILABLE as error:
            _warn_once(self.purpose, error)
            if self.fallback is None:
                return default
            return getattr(self.fallback, operation)(*args, **kwargs)

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default, default=default)

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        self._call("set", key, value, timeout)

    def add(self, key: str, value: Any, timeout: float | None = None) -> bool:
        return self._call("add", key, value, timeout, default=False)

    def incr(self, key: str, delta: int = 1) -> int:
        # Without a fallback there is nothing to count: report one attempt.
        return self._call("incr", key, delta, default=delta)

    def delete(self, key: str) -> bool:
        return self._call("delete", key, default=False)


counters = FallbackCache(
    "throttles count per process until it is back",
    LocMemCache("chorus-fallback-counters", {"OPTIONS": {"MAX_ENTRIES": 10_000}}),
)
figures = FallbackCache("cached figures are computed directly until it is back", None)
pages = FallbackCache("public pages are rendered uncached until it is back", None)
