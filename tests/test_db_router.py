from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from archive.models import Story
from config.db_router import (
    PRIMARY,
    PUBLIC_READ_VIEWS,
    PublicReadRouter,
    public_reads,
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
