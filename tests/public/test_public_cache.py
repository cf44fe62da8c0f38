"""Cached totals (archive/public_cache.py): never past a removal, new accounts on expiry."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from archive.models import Story
from archive.public import cache as public_cache
from archive.stories import consents, lifecycle, services
from tests.public.conftest import published, run_on_commit

pytestmark = pytest.mark.django_db


def _count() -> int:
    return public_cache.cached_count(Story.objects.public(), seconds=60)


@pytest.mark.parametrize(
    "remove",
    [
        lambda s: lifecycle.transition(s, lifecycle.Action.WITHDRAW, actor_kind="contributor"),
        lambda s: lifecycle.transition(s, lifecycle.Action.REJECT, actor_kind="system"),
        lambda s: lifecycle.transition(s, lifecycle.Action.EDIT, actor_kind="contributor"),
        lambda s: services.story_erase(story=s, actor_kind="contributor"),
        lambda s: consents.consent_record(story=s, scopes={"publish": False}, method="web"),
    ],
    ids=["withdraw", "reject", "edit", "erase", "consent"],
)
def test_a_cached_total_is_recounted_as_soon_as_an_account_leaves(remove):
    published()
    leaving = published()
    assert _count() == 2

    run_on_commit(remove, leaving)

    assert _count() == 1


def test_a_cached_total_waits_for_expiry_to_count_a_new_account(django_assert_num_queries):
    published()
    assert _count() == 1
    published()

    with django_assert_num_queries(1):  # the check that nothing left
        assert _count() == 1
    cache.clear()
    assert _count() == 2


def test_old_removals_do_not_keep_invalidating_the_cache(django_assert_num_queries):
    published()
    gone = published()
    run_on_commit(lifecycle.transition, gone, lifecycle.Action.WITHDRAW, actor_kind="contributor")
    assert _count() == 1

    with django_assert_num_queries(1):
        assert _count() == 1


def test_each_filtered_listing_has_its_own_total(client):
    published(content_notes=["stalking"])
    published(content_notes=[])

    assert "2 accounts" in client.get("/stories/").content.decode()
    assert "1 account" in client.get("/stories/?hide_set=1&hide=stalking").content.decode()


def test_home_and_listing_totals_drop_at_once_on_withdrawal(client):
    published()
    leaving = published()
    assert "2 accounts are published" in client.get("/").content.decode()
    assert "2 accounts" in client.get("/stories/").content.decode()

    run_on_commit(
        lifecycle.transition, leaving, lifecycle.Action.WITHDRAW, actor_kind="contributor"
    )

    assert "1 account is published" in client.get("/").content.decode()
    assert "1 account<" in client.get("/stories/").content.decode()
    assert client.get("/api/v1/stories/").json()["count"] == 1
