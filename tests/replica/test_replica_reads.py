"""Public reads against a real PostgreSQL streaming replica (.ci/pg-pair, config/db_router.py).

The replica's replay is paused to tell the two databases apart: a story published after
the pause exists on the primary only, so whether a request finds it shows where it read.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connections

from archive.vocabulary import Status
from config.db_router import PRIMARY, REPLICA, replica_state
from tests.factories import make_story
from tests.replica.pair import (
    received_not_replayed,
    replayed_all_the_primary_wrote,
    replica_sql,
    streaming,
    wait_until,
)

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_REPLICA_URL"), reason="needs DATABASE_REPLICA_URL"
    ),
    pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA]),
]


def _replica_status(story) -> str:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT status FROM archive_story WHERE id = %s", [story.pk])
        row = cursor.fetchone()
    return row[0] if row else ""


def _published_on_primary_only():
    story = make_story(status=Status.PUBLISHED, body="A story the replica has not seen yet.")
    wait_until(received_not_replayed)
    return story


def test_a_visitor_reads_public_pages_from_the_replica(client, paused_replica, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    story = _published_on_primary_only()

    assert client.get(f"/stories/{story.public_id}/").status_code == 404
    assert client.get(f"/api/v1/stories/{story.public_id}/").status_code == 404

    replica_sql("SELECT pg_wal_replay_resume()")
    wait_until(replayed_all_the_primary_wrote)
    # And the publication itself: it may commit a moment after the story's first row.
    wait_until(lambda: _replica_status(story) == Status.PUBLISHED)
    assert client.get(f"/stories/{story.public_id}/").status_code == 200
    assert client.get(f"/api/v1/stories/{story.public_id}/").status_code == 200


def test_a_signed_in_contributor_reads_the_primary(client, paused_replica, settings, contributor):
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    story = _published_on_primary_only()
    client.force_login(contributor)

    assert client.get(f"/stories/{story.public_id}/").status_code == 200


def test_reads_fall_back_to_the_primary_when_the_replica_lags(client, paused_replica, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    story = _published_on_primary_only()
    time.sleep(0.6)

    assert client.get(f"/stories/{story.public_id}/").status_code == 200
    assert client.get(f"/api/v1/stories/{story.public_id}/").status_code == 200


def test_reads_fall_back_to_the_primary_when_the_replica_is_down(client, real_replica):
    story = make_story(status=Status.PUBLISHED, body="Published while the replica is down.")
    real_replica.close()
    # Nothing listens on this port of the pair's range: the connection is refused.
    real_replica.settings_dict = {**real_replica.settings_dict, "PORT": 5449}
    replica_state.forget()

    assert client.get(f"/stories/{story.public_id}/").status_code == 200
    assert client.get("/api/v1/stories/").status_code == 200


@pytest.fixture
def cut_off_replica(real_replica):
    """The replica with replication stopped: it has replayed all it received, and hears
    nothing more from the primary (as when the primary is unreachable)."""
    wait_until(replayed_all_the_primary_wrote)
    (conninfo,) = replica_sql("SHOW primary_conninfo")
    with connections[REPLICA].cursor() as cursor:  # autocommit: outside a transaction
        cursor.execute("ALTER SYSTEM SET primary_conninfo = ''")
    replica_sql("SELECT pg_reload_conf()")
    wait_until(lambda: not streaming())
    yield real_replica
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("ALTER SYSTEM SET primary_conninfo = %s", [conninfo])
    replica_sql("SELECT pg_reload_conf()")
    wait_until(streaming, seconds=30)


def test_reads_fall_back_to_the_primary_when_the_replica_stops_streaming(
    client, cut_off_replica, settings
):
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # however patient: its lag is unknown
    story = make_story(status=Status.PUBLISHED, body="Published while the replica hears nothing.")
    replica_state.forget()

    assert not replica_state.usable()
    assert client.get(f"/stories/{story.public_id}/").status_code == 200
