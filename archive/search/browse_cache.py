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

from archive.models import PublicVersion
from archive.shared_cache import figures
from config.db_router import read_database

KEY = "chorus:search:browse"


def key() -> str:
    """Where the browse figures live at the public version as it is now.

    Read it *before* counting and store under it: a reader that counted before a
    withdrawal committed and stores after it stores under the version the withdrawal
    replaced (archive/stories/public_view.py), which no later reader asks for, so its
    figures can never outlive the change (deleting on commit alone could not stop that
    late store). Read from the database the counts read from (`read_database()`: the
    replica for a visitor's public read, else the primary). The same token names the same
    public state on either, so figures counted on one serve readers of the other.
    """
    return f"{KEY}:{PublicVersion.token_at(read_database())}"


def read(at: str):
    """The (total, facets, facets_estimated, total_estimated) cached under `at`, or None."""
    return figures.get(at)


def store(at: str, value, seconds: int) -> None:
    figures.set(at, value, seconds)


def _delete() -> None:
    figures.delete(key())


def forget() -> None:
    """Drop the cached figures now and again when the transaction ends.

    For an index write that leaves the public version as it is: now, so this
    transaction's readers recount; on commit, so a reader that cached the old figures in
    between does not keep them.
    """
    _delete()
    transaction.on_commit(_delete)
