from __future__ import annotations

import pytest
from django.db import connections
from django.urls import resolve, reverse

from archive.models import PublicVersion, Story
from config import db_router
from config.db_router import (
    PRIMARY,
    PUBLIC_READ_VIEWS,
    REPLICA,
    PublicReadRouter,
    public_reads,
    read_connection,
    read_database,
)


@pytest.mark.parametrize("view_name", sorted(PUBLIC_READ_VIEWS))
def test_every_public_read_view_exists(view_name):
    # A renamed route would silently move its reads back to the primary.
    shapes = ({}, {"public_id": "ab12cd34"}, {"pk": "ab12cd34"}, {"slug": "by-year", "fmt": "csv"})
    for kwargs in shapes:
        try:
            path = reverse(view_name, kwargs=kwargs)
        except Exception:  # noqa: S112  (try the next argument shape)
            continue
        assert resolve(path).view_name == view_name
        return
    pytest.fail(f"{view_name} does not resolve")


def test_without_a_replica_public_reads_use_the_primary():
    with public_reads():
        assert read_database() == PRIMARY


def test_writes_always_go_to_the_primary():
    with public_reads():
        assert PublicReadRouter().db_for_write(Story) == PRIMARY


def test_only_the_primary_is_migrated():
    router = PublicReadRouter()

    assert router.allow_migrate(PRIMARY, "archive")
    assert not router.allow_migrate("replica", "archive")


def test_without_a_replica_raw_sql_reads_the_default_connection():
    assert read_connection() is connections[PRIMARY]
    with public_reads():
        assert read_connection() is connections[PRIMARY]


@pytest.fixture
def replica_answers(monkeypatch):
    """A replica in the settings whose check answers in turn what the test appends."""
    answers: list[bool] = []
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    monkeypatch.setattr(db_router.replica_state, "usable", lambda: answers.pop(0))
    monkeypatch.setattr(db_router, "_shows_the_primary_view", lambda: True)
    return answers


def test_a_public_read_keeps_the_database_it_chose(replica_answers):
    # Search and statistics read through raw SQL beside the ORM: one page must not mix
    # the replica's state with the primary's when the check changes its answer.
    replica_answers.extend([True, False])
    with public_reads():
        assert [read_database() for _ in range(3)] == [REPLICA] * 3
    with public_reads():
        assert read_database() == PRIMARY  # the next read asks again
    assert replica_answers == []


def test_only_public_reads_use_the_replica(replica_answers):
    replica_answers.append(True)
    assert read_database() == PRIMARY
    assert replica_answers == [True]  # not even asked


@pytest.fixture
def versions(monkeypatch):
    """A usable replica whose public version (and the primary's) the test sets."""
    tokens = {PRIMARY: 1, REPLICA: 1}
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    monkeypatch.setattr(db_router.replica_state, "usable", lambda: True)
    monkeypatch.setattr(PublicVersion, "token_at", classmethod(lambda cls, using: tokens[using]))
    return tokens


def test_a_replica_that_shows_the_primary_view_serves_public_reads(versions):
    with public_reads():
        assert read_database() == REPLICA


def test_a_replica_behind_the_public_view_is_not_read(versions):
    # A withdrawal committed on the primary and not yet replayed: however small the lag,
    # the visitor reads the primary.
    versions[PRIMARY] = 2
    with public_reads():
        assert read_database() == PRIMARY
    versions[REPLICA] = 2
    with public_reads():
        assert read_database() == REPLICA
