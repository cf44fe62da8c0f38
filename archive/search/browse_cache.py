"""The cached total and facets of the unfiltered browse, and forgetting them.

The search page with nothing entered is the one request whose count and facets cover the
whole index, so they are cached (SEARCH_BROWSE_CACHE_SECONDS) and dropped whenever an
entry is written or removed. The cache is an optimisation only: when it is unreachable a
read recounts, a write goes without, and dropping the figures after an index write never
fails that write (the entry is committed; the figures expire on their own). The outage is
logged once, not on every call, and logged again only after the cache came back.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

KEY = "chorus:search:browse"


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    """What a cache backend raises when its server cannot be reached."""
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:  # django.core.cache.backends.redis raises redis-py's own classes
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


UNREACHABLE = _unreachable_errors()
_state = {"down": False}


def _failed(action: str, error: BaseException) -> None:
    if not _state["down"]:
        _state["down"] = True
        # The class name only: a cache error can carry the server's address.
        logger.warning(
            "Search browse cache unreachable (%s while trying to %s); searching without it.",
            type(error).__name__,
            action,
        )


def _recovered() -> None:
    _state["down"] = False


def read():
    """The cached (total, facets, facets_estimated, total_estimated), or None."""
    try:
        value = cache.get(KEY)
    except UNREACHABLE as error:
        _failed("read", error)
        return None
    _recovered()
    return value


def store(value, seconds: int) -> None:
    try:
        cache.set(KEY, value, seconds)
    except UNREACHABLE as error:
        _failed("store", error)
        return
    _recovered()


def _delete() -> None:
    try:
        cache.delete(KEY)
    except UNREACHABLE as error:
        _failed("drop", error)
        return
    _recovered()


def forget() -> None:
    """Drop the cached figures now and again when the transaction ends.

    Now, so this transaction's readers recount; on commit, so a reader that cached the old
    figures in between does not keep them. Neither ever raises for an unreachable cache:
    the index write they follow has committed (or is about to) and must not be retried or
    marked failed for it.
    """
    _delete()
    transaction.on_commit(_delete)
