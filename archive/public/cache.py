"""Caching aggregate figures of the public view, exact about removals.

The archive's size and the statistics are read exactly from the public figures
(archive/stories/public_view.py keeps them; archive/public/stats.py reads them). What
remains here: the page count of a listing a visitor filtered by content notes, and the
deep-page anchors of every listing, which scan the whole table (seconds at a million
accounts). They are cached, but a cached figure is used only while no account has left
the public view since it was computed, so a withdrawn account never lingers in a count.
Every way out of the public view (withdrawal, rejection, an edit, erasure, a consent
change) writes a ModerationEvent, so "nothing left" is one short range scan over the
newest events. Additions (a new publication) are picked up when the entry expires.

Only aggregates are cached here, never rows. Whole pages for visitors are cached by
archive/public/page_cache.py, under the public version, which every change of the public
view replaces: a page is never served past a removal either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db.models import F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from archive.models import ModerationEvent
from archive.shared_cache import figures
from archive.vocabulary import Status

T = TypeVar("T")

# Events are numbered when written but may commit a little out of order; looking back
# this many ids past the last one seen covers transactions that were still open then.
EVENT_ID_MARGIN = 1000


def removal_events() -> QuerySet[ModerationEvent]:
    """Events that can take an account out of the public view or out of the statistics."""
    return ModerationEvent.objects.filter(
        Q(from_status=Status.PUBLISHED)
        | Q(action__in=[ModerationEvent.Action.CONSENT_CHANGE, ModerationEvent.Action.ERASE])
    )


def cached_until_removal(key: str, compute: Callable[[], T], *, seconds: int) -> T:
    """`compute()`, cached under `key` for `seconds` or until an account leaves the view.

    Costs one indexed query on a hit; on a miss, two more plus `compute()`. `seconds` <= 0
    disables the cache. The day is part of the entry because an embargo ends at midnight.
    """
    if seconds <= 0:
        return compute()
    today = timezone.localdate().isoformat()
    # With the cache down this is a miss and the figure is computed directly.
    cached = figures.get(key)
    if cached is not None and cached["date"] == today:
        # The audit trail is append-only, so this count only grows: equal means no
        # account has left the view since. A range scan over the newest ids only.
        if _removals_since(cached["last_event"]) == cached["removals"]:
            return cached["value"]
    # Read before computing: an event written meanwhile is then seen as newer next time.
    last_event = ModerationEvent.objects.aggregate(m=Max("id"))["m"] or 0
    removals = _removals_since(last_event)
    value = compute()
    figures.set(
        key,
        {"value": value, "last_event": last_event, "removals": removals, "date": today},
        timeout=seconds,
    )
    return value


def _removals_since(last_event: int) -> int:
    return removal_events().filter(id__gt=last_event - EVENT_ID_MARGIN).count()


def _digest(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    return hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]


def cached_count(queryset: QuerySet, *, seconds: int) -> int:
    """`queryset.count()`, cached by the query's SQL (see `cached_until_removal`)."""
    key = f"chorus:count:{_digest(queryset)}"
    return cached_until_removal(key, queryset.count, seconds=seconds)


def cached_anchors(queryset: QuerySet, every: int) -> list[tuple]:
    """(published_at, pk) of rows 1, every + 1, 2 * every + 1, ... of `queryset`.

    `queryset` is ordered newest first by ("-published_at", "-pk"). One pass numbering
    the rows, cached like the count (and for as long): the sort keys of public rows,
    never their text.
    """

    def compute() -> list[tuple]:
        numbered = queryset.annotate(
            row=Window(RowNumber(), order_by=[F("published_at").desc(), F("pk").desc()])
        ).filter(row__in=_positions(queryset, every))
        return [tuple(r) for r in numbered.values_list("published_at", "pk").order_by("row")]

    key = f"chorus:anchors:{every}:{_digest(queryset)}"
    return cached_until_removal(
        key, compute, seconds=int(settings.CHORUS["PUBLIC_COUNT_CACHE_SECONDS"])
    )


def _positions(queryset: QuerySet, every: int) -> list[int]:
    total = cached_count(queryset, seconds=int(settings.CHORUS["PUBLIC_COUNT_CACHE_SECONDS"]))
    return list(range(1, total + 1, every))
