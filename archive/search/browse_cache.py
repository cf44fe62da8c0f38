"""The cached total and facets of the unfiltered browse, and forgetting them.

The search page with nothing entered is the one request whose count and facets cover the
whole index, so they are cached (SEARCH_BROWSE_CACHE_SECONDS) and dropped whenever an
entry is written or removed. The cache is an optimisation only: through
`archive.shared_cache.figures` (the one owner of "use the cache, or fall back"), a read
recounts when it is unreachable, a write goes without, and dropping the figures after an
index write never fails that write.
"""

from __future__ import annotations

from django.db import transaction

from archive.shared_cache import figures

KEY = "chorus:search:browse"


def read():
    """The cached (total, facets, facets_estimated, total_estimated), or None."""
    return figures.get(KEY)


def store(value, seconds: int) -> None:
    figures.set(KEY, value, seconds)


def _delete() -> None:
    figures.delete(KEY)


def forget() -> None:
    """Drop the cached figures now and again when the transaction ends.

    Now, so this transaction's readers recount; on commit, so a reader that cached the old
    figures in between does not keep them.
    """
    _delete()
    transaction.on_commit(_delete)
