"""Public reads go to the PostgreSQL streaming replica when one is configured.

With `DATABASE_REPLICA_URL` set, the views in PUBLIC_READ_VIEWS (public pages, search, the
public API), asked for by a visitor who is not signed in, with GET or HEAD, read from the
replica. Everything else uses the primary: every write, every contributor and moderator
(so they read what they just wrote), every form post, background tasks and commands.

The replica is only used while it answers, its replay is less than
REPLICA_MAX_LAG_SECONDS behind (each process checks at most every REPLICA_CHECK_SECONDS)
and it shows the public view the primary shows: a public read first compares the public
version on both, which every change to the public view changes, so the first read after
a withdrawal commits goes to the primary, however little the replica lags. A query the
replica fails (cancelled by a conflict with replay, or the replica gone) is read again
from the primary. A replica outage or a stalled replay costs load on the primary, never
an error or a withdrawn account on a public page.

The decision is per request, taken by PublicReadsMiddleware from the resolved URL name,
and held in a context variable that the router reads. Which database a public read uses is
settled at its first read and then held for the rest of the request, so every read of one
page, the ORM's and the raw SQL's (search, statistics) through `read_connection()`, comes
from the same database even if the replica check changes its answer meanwhile.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

from archive.transient import DATABASE_ERRORS, database_error_in

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"

# The one list of views that only read public data (URL names as `resolver_match.view_name`).
PUBLIC_READ_VIEWS = frozenset(
    {
        "home",
        "archive:story_list",
        "archive:story_detail",
        "archive:search",
        "archive:statistics",
        "archive:chart_download",
        "archive:feed",
        "archive:sitemap",
        "archive:support",
        "api-public-story-list",
        "api-public-story-detail",
        "api-public-search",
        "api-public-stats",
    }
)
_SAFE_METHODS = frozenset({"GET", "HEAD"})


class _PublicRead:
    """One public read (a request, a `public_reads()` block): the database it reads from,
    chosen at its first read. Mutable, so the choice holds for the whole request even
    where its context is copied (a thread the work is handed to)."""

    __slots__ = ("alias",)

    def __init__(self) -> None:
        self.alias: str | None = None


_public_read: contextvars.ContextVar[_PublicRead | None] = contextvars.ContextVar(
    "chorus_public_read", default=None
)

# How far behind the replica is, in seconds: 0 when it is streaming from the primary and
# has replayed all it received. Without a WAL receiver (the primary unreachable, or
# replication stopped) "all it received" says nothing about what the primary has written
# since, a withdrawal included, so the lag counts as unknown: reads go to the primary.
# Only the receiver's pid is visible to a role that is not a superuser, which is enough
# (the view has no row while no receiver runs). A receiver whose connection hangs stays
# until wal_receiver_timeout (60 s by default) before it goes.
_NOT_STREAMING = 1e9
_LAG_SQL = (
    "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN %s "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


class _ReplicaState:
    """Whether the replica may serve reads, measured at most every REPLICA_CHECK_SECONDS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._usable = False

    def usable(self) -> bool:
        now = time.monotonic()
        if now - self._checked_at < settings.REPLICA_CHECK_SECONDS:
            return self._usable
        with self._lock:
            if now - self._checked_at >= settings.REPLICA_CHECK_SECONDS:
                self._usable = self._measure()
                self._checked_at = time.monotonic()
        return self._usable

    def forget(self) -> None:
        """Measure again at the next read (tests; after a failover)."""
        self._checked_at = float("-inf")

    def _measure(self) -> bool:
        connection = connections[REPLICA]
        try:
            with connection.cursor() as cursor:
                cursor.execute(_LAG_SQL, [_NOT_STREAMING])
                (lag,) = cursor.fetchone()
        except Exception as error:
            # A broken connection must not be reused by the next check.
            connection.close()
            if self._usable:
                logger.warning(
                    "Replica unavailable (%s): reading from the primary", type(error).__name__
                )
            return False
        usable = float(lag) <= settings.REPLICA_MAX_LAG_SECONDS
        if not usable and self._usable:
            if float(lag) >= _NOT_STREAMING:
                logger.warning("Replica not streaming from the primary: reading from the primary")
            else:
                logger.warning("Replica %.1f s behind: reading from the primary", float(lag))
        return usable


replica_state = _ReplicaState()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_database() -> str:
    """The alias the current context's reads use: the primary, except in a public read,
    which settles on the replica or the primary at its first read and keeps it."""
    reading = _public_read.get()
    if reading is None:
        return PRIMARY
    if reading.alias is None:
        current = replica_configured() and replica_state.usable() and _shows_the_primary_view()
        reading.alias = REPLICA if current else PRIMARY
    return reading.alias


def _shows_the_primary_view() -> bool:
    """Whether the replica shows the public view the primary shows now.

    Every change to the public view, a withdrawal included, gives the public version a
    new token in its writer's transaction (archive/stories/public_view.py). Asking both
    databases for it (two primary-key reads) sends every public read that starts after
    a withdrawal commits to the primary until the replica has replayed it: the lag limit
    alone would let the replica show a withdrawn account for up to
    REPLICA_MAX_LAG_SECONDS. The primary is asked second, so a change it commits between
    the two reads is a difference too."""
    from archive.models import PublicVersion

    try:
        seen = PublicVersion.token_at(REPLICA)
    except DATABASE_ERRORS:
        replica_state.forget()
        connections[REPLICA].close()
        return False
    return seen == PublicVersion.token_at(PRIMARY)


def read_connection():
    """The connection for raw SQL that reads what the ORM reads (search, statistics):
    the one `read_database()` chose, so a page never mixes the replica's state with the
    primary's. Not for SQL that writes, or that must see this transaction's own writes:
    that uses `django.db.connection`, the primary."""
    return connections[read_database()]


class public_reads:  # noqa: N801  (used like a function: `with public_reads():`)
    """Read like a public view for the duration of the block (middleware, tests, benches)."""

    def __enter__(self) -> None:
        self._token = _public_read.set(_PublicRead())

    def __exit__(self, *exc) -> None:
        _public_read.reset(self._token)


class PublicReadRouter:
    def db_for_read(self, model, **hints) -> str:
        return read_database()

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same data: a replica object may relate to a primary one.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica follows the primary's schema by streaming replication.
        return db == PRIMARY


class PublicReadsMiddleware:
    """Marks a request as a public read when its view is in PUBLIC_READ_VIEWS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _public_read.set(None)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if (
            replica_configured()
            and request.method in _SAFE_METHODS
            and request.resolver_match.view_name in PUBLIC_READ_VIEWS
            # Signed-in people read their own writes from the primary; for a visitor
            # without a session cookie this asks no database.
            and not request.user.is_authenticated
        ):
            _public_read.set(_PublicRead())
            request._chorus_public_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request: HttpRequest, exception: Exception):
        """A public read the replica failed mid-way is read again from the primary.

        A hot standby cancels a query that conflicts with what it replays (a vacuumed row
        version, a lock), and a replica can go away between the check and the read. The
        view only reads (GET or HEAD of a public page), so running it again is safe; the
        replica is measured again at the next public read."""
        reading = _public_read.get()
        if reading is None or reading.alias != REPLICA or not database_error_in(exception):
            return None
        logger.warning(
            "Replica read failed (%s): read again from the primary",
            type(database_error_in(exception)).__name__,
        )
        replica_state.forget()
        reading.alias = PRIMARY
        view_func, view_args, view_kwargs = request._chorus_public_view
        response = view_func(request, *view_args, **view_kwargs)
        render = getattr(response, "render", None)
        return render() if callable(render) else response
