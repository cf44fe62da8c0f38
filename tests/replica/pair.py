"""Helpers for the tests against a real PostgreSQL streaming replica (.ci/pg-pair)."""

from __future__ import annotations

import time

from django.db import connections

from config.db_router import PRIMARY, REPLICA


def sql(alias: str, statement: str, params=None):
    with connections[alias].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()


def replica_sql(statement: str, params=None):
    return sql(REPLICA, statement, params)


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the replica did not get there in time"
        time.sleep(0.05)


def received_not_replayed() -> bool:
    (behind,) = replica_sql("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")
    return bool(behind)


def replayed_all_the_primary_wrote() -> bool:
    """Every write the primary has made so far is replayed on the replica.

    Measured against where the primary *inserts* its WAL, not `pg_current_wal_lsn()`
    (where it has written it out): the pair commits with synchronous_commit off, so a
    commit's record can sit in the primary's buffers for up to three wal_writer_delay,
    and a replica "caught up" to the written position would still lack it (the last
    public version bump, in one run of two)."""
    (primary,) = sql(PRIMARY, "SELECT pg_current_wal_insert_lsn()::text")
    (done,) = replica_sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary])
    return bool(done)


def caught_up() -> None:
    """Wait until the replica has replayed everything the primary wrote until now.

    Before every test: the pair streams asynchronously (and the primary commits with
    synchronous_commit off, so its WAL is sent up to ~0.6 s later). Right after
    `--create-db` the replica still lacks the last migrations' tables (measured:
    `search_searchword` and `django_session` missing at the first test's start, 0.2-0.4 s
    to catch up); after a test, the primary's flush of its tables. Replay paused before
    that point leaves the replica without them for the whole test.
    """
    wait_until(replayed_all_the_primary_wrote)


def streaming() -> bool:
    return replica_sql("SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver)") == (True,)


def changed_on_the_primary_only(story, marker: str) -> None:
    """Give `story` a public title on the primary that the paused replica does not have,
    bypassing the public-view hook on purpose, so the public version stays the same on
    both and the replica keeps serving visitors: what a visitor sees then says which
    database they read. (A real change goes through the hook and sends every public read
    to the primary until the replica has replayed it.)"""
    type(story).objects.filter(pk=story.pk).update(public_title=marker)
    wait_until(received_not_replayed)


def pause_replay() -> None:
    """Pause the replica's replay and wait until it has stopped: the request alone only
    asks (the state is "pause requested" until replay reaches a point where it can stop),
    and what the primary writes meanwhile could still be replayed."""
    replica_sql("SELECT pg_wal_replay_pause()")
    wait_until(lambda: replica_sql("SELECT pg_get_wal_replay_pause_state()") == ("paused",))
