"""Fixtures for the tests against a real PostgreSQL streaming replica (.ci/pg-pair)."""

from __future__ import annotations

import pytest
from django.db import connections

from config.db_router import PRIMARY, REPLICA, replica_state
from tests.replica.pair import caught_up, replica_sql


@pytest.fixture
def real_replica(settings):
    """The replica alias on the real standby, reading the test database the primary made,
    once the standby has replayed all of it.

    The test runner makes the replica alias a mirror of the primary (TEST MIRROR in
    settings.DATABASES["replica"]): it creates no test database on the standby, which
    receives the primary's by streaming; this fixture points the alias at the standby
    itself, under the test database's name."""
    connection = connections[REPLICA]
    mirrored = connection.settings_dict
    connection.close()
    standby = {**settings.DATABASES[REPLICA], "NAME": connections[PRIMARY].settings_dict["NAME"]}
    connection.settings_dict = standby
    settings.REPLICA_CHECK_SECONDS = 0
    replica_state.forget()
    assert replica_sql("SELECT pg_is_in_recovery()") == (True,)
    replica_sql("SELECT pg_wal_replay_resume()")  # a failed run may have left it paused
    caught_up()
    yield connection
    connection.close()
    connection.settings_dict = standby
    replica_sql("SELECT pg_wal_replay_resume()")
    connection.close()
    connection.settings_dict = mirrored
    replica_state.forget()
