"""Public reads against a real PostgreSQL streaming replica (.ci/pg-pair, config/db_router.py).

The replica's replay is paused to tell the two databases apart. A change made on the
primary behind the public-view hook's back (the public version stays the same, so the
replica goes on serving) shows where a request read; a real change, a withdrawal above
all, goes through the hook, and from its commit on every public read goes to the primary
until the replica has replayed it.
"""

from __future__ import annotations

import os
import time

import psycopg
import pytest
from django.db import connections

from archive.stories import services
from archive.vocabulary import Status
from config.db_router import PRIMARY, REPLICA, replica_state
from tests.factories import make_story
from tests.replica.pair import (
    caught_up,
    changed_on_the_primary_only,
    pause_replay,
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

MARKER = "Retitled on the primary only"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Every request below is rendered, so what it shows is what it read.
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}


@pytest.fixture
def story(real_replica):
    published = make_story(status=Status.PUBLISHED, body="A story both databases have.")
    caught_up()
    return published


def _reads_primary(client, story) -> bool:
    """Whether a visitor's story page and API answer show the primary's state."""
    page = client.get(f"/stories/{story.public_id}/")
    api = client.get(f"/api/v1/stories/{story.public_id}/")
    assert page.status_code == api.status_code == 200
    on_page, in_api = MARKER in page.content.decode(), MARKER in api.content.decode()
    assert on_page == in_api
    return on_page


def test_a_visitor_reads_public_pages_from_the_replica(client, story, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    pause_replay()
    changed_on_the_primary_only(story, MARKER)

    assert not _reads_primary(client, story)

    replica_sql("SELECT pg_wal_replay_resume()")
    wait_until(replayed_all_the_primary_wrote)
    assert _reads_primary(client, story)  # the replica has it now


def test_a_signed_in_contributor_reads_the_primary(client, story, settings, contributor):
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    pause_replay()
    changed_on_the_primary_only(story, MARKER)
    client.force_login(contributor)

    assert _reads_primary(client, story)


def test_a_withdrawal_leaves_every_public_page_at_once(client, story, settings):
    # However patient the lag limit, and before the replica has replayed it: the
    # withdrawal changed the public version, so no visitor reads the replica any more.
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    pause_replay()
    services.story_withdraw(story=story)
    wait_until(received_not_replayed)
    assert replica_sql("SELECT status FROM archive_story WHERE id = %s", [story.pk]) == (
        Status.PUBLISHED,
    )

    assert client.get(f"/stories/{story.public_id}/").status_code == 404
    assert client.get(f"/api/v1/stories/{story.public_id}/").status_code == 404
    assert story.public_id not in client.get("/stories/").content.decode()
    assert story.public_id not in client.get("/api/v1/stories/").content.decode()


def test_reads_fall_back_to_the_primary_when_the_replica_lags(client, story, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    pause_replay()
    changed_on_the_primary_only(story, MARKER)
    time.sleep(0.6)

    assert _reads_primary(client, story)


def test_reads_fall_back_to_the_primary_when_the_replica_is_down(client, story, real_replica):
    Story = type(story)
    Story.objects.filter(pk=story.pk).update(public_title=MARKER)
    real_replica.close()
    # Nothing listens on this port of the pair's range: the connection is refused.
    real_replica.settings_dict = {**real_replica.settings_dict, "PORT": 5449}
    replica_state.forget()

    assert _reads_primary(client, story)
    assert client.get("/api/v1/stories/").status_code == 200


def test_a_read_the_replica_fails_midway_is_read_again_from_the_primary(
    client, story, real_replica, settings
):
    # The replica passed its checks, then its connection dies before the page's own
    # query (as when a hot standby cancels a query that conflicts with replay, or
    # restarts): the visitor gets the page, read from the primary, not an error.
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    pause_replay()
    changed_on_the_primary_only(story, MARKER)
    (pid,) = replica_sql("SELECT pg_backend_pid()")
    standby = real_replica.settings_dict
    killed = []

    def kill_before_the_page_reads(execute, sql, params, many, context):
        if not killed and "archive_story" in sql:
            with psycopg.connect(
                host=standby["HOST"],
                port=standby["PORT"],
                user=standby["USER"],
                dbname=standby["NAME"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
            killed.append(sql)
        return execute(sql, params, many, context)

    with connections[REPLICA].execute_wrapper(kill_before_the_page_reads):
        page = client.get(f"/stories/{story.public_id}/")

    assert killed, "the page never read the replica"
    assert page.status_code == 200
    assert MARKER in page.content.decode()


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
    client, story, cut_off_replica, settings
):
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # however patient: its lag is unknown
    type(story).objects.filter(pk=story.pk).update(public_title=MARKER)
    replica_state.forget()

    assert not replica_state.usable()
    assert _reads_primary(client, story)
