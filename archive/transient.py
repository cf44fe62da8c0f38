"""Which errors mean "a service is briefly away", not "a bug": the one owner of that list.

Tasks retry on TRANSIENT_ERRORS with backoff (archive/tasks.py); web requests answer 503
with Retry-After on DATABASE_ERRORS (config/outage.py). Anything else is a bug: it fails
loudly, and the periodic sweeps (archive/queue.py SWEEPS) still find the work again.
"""

from __future__ import annotations

import psycopg
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# PostgreSQL restarting, a terminated connection, SQLite locked or unopenable. Django
# wraps the driver's errors in its own; the driver's are listed for the paths it does not
# wrap (closing a dead connection, iterating a server-side cursor).
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)

# Redis (broker or cache) refusing, timing out or still loading its data after a restart;
# kombu's wrapper for a broker connection that cannot be made.
REDIS_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    BusyLoadingError,
    BrokerOperationalError,
)

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = DATABASE_ERRORS + REDIS_ERRORS


def database_error_in(error: BaseException | None) -> BaseException | None:
    """The database error that caused `error` (itself, or one it was raised from)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None
