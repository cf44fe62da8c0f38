"""Browser sessions that name a story: scrubbed when it is erased, and expired ones cleared.

A contributor's browser session keeps the public id of the draft being written (and of
its consent answers while they are checked), of the accounts claimed with a code or just
sent, and of accounts reported; after erasure, nothing should
still tie a browser to that id. Sessions are signed and compressed, so finding the ones
that name a story means reading each one: only writers and staff have sessions (readers
get none), and expired ones are cleared daily, so the table stays small.

The ids are removed from each session rather than the session deleted, so a browser in
the middle of a request (the contributor erasing their own account) is not signed out or
interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from archive.models import Story


def _store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _without(data: dict, public_ids: Collection[str]) -> dict:
    """`data` with every mention of `public_ids` removed (values, list items, dict keys)."""
    cleaned = {}
    for key, value in data.items():
        if isinstance(value, str) and value in public_ids:
            continue
        if isinstance(value, list):
            value = [item for item in value if not (isinstance(item, str) and item in public_ids)]
        elif isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in public_ids}
        cleaned[key] = value
    return cleaned


def sessions_forget_stories(*, public_ids: Collection[str]) -> int:
    """Remove these stories' public ids from every stored session; return how many changed.

    Idempotent. Needs a database-backed session engine (db or cached_db, the default); with
    signed cookies nothing is stored on the server to scrub.
    """
    ids = frozenset(public_ids)
    return sessions_rewrite(lambda data: _without(data, ids)) if ids else 0


def sessions_rewrite(rewrite: Callable[[dict], dict], *, untouched_for: int = 0) -> int:
    """Apply `rewrite(data)` to every live stored session (only those untouched for at
    least `untouched_for` seconds, when given); save those it changed, return how many."""
    store_class = _store_class()
    if not hasattr(store_class, "get_model_class"):
        return 0
    now = timezone.now()
    live = store_class.get_model_class().objects.filter(expire_date__gt=now)
    if untouched_for:
        # A session expires SESSION_COOKIE_AGE after it was last saved.
        age = timedelta(seconds=settings.SESSION_COOKIE_AGE - untouched_for)
        live = live.filter(expire_date__lte=now + age)
    changed = 0
    for row in live.only("session_key", "session_data").iterator(chunk_size=500):
        data = store_class().decode(row.session_data)
        cleaned = rewrite(data)
        if cleaned == data:
            continue
        session = store_class(session_key=row.session_key)
        session.clear()
        session.update(cleaned)
        session.save()
        changed += 1
    return changed


def sessions_forget_erased(*, story_ids: Collection[int]) -> int:
    """sessions_forget_stories for stories given by primary key, if they are erased."""
    public_ids = Story.objects.filter(pk__in=list(story_ids), erased_at__isnull=False)
    return sessions_forget_stories(public_ids=set(public_ids.values_list("public_id", flat=True)))


def sessions_sweep() -> int:
    """Daily: delete expired sessions (Django's clearsessions), then scrub the ids of
    stories erased recently enough for a live session to still name them (a lost
    message at erasure is caught here). Returns how many sessions were scrubbed."""
    store_class = _store_class()
    store_class.clear_expired()
    # A session lives SESSION_COOKIE_AGE from its last change; one more day covers the
    # time between two sweeps.
    since = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE) - timedelta(days=1)
    recent = Story.objects.filter(erased_at__gte=since).values_list("public_id", flat=True)
    return sessions_forget_stories(public_ids=set(recent))
