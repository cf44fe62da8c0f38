"""A hit is shown only while its entry is at the story's current public version."""

from __future__ import annotations

import pytest

from archive.models import Story
from archive.public.selectors import only_public_hits
from archive.search import SearchQuery, search

pytestmark = pytest.mark.django_db


def test_a_hit_carries_the_version_its_entry_was_built_from(published):
    story = published("The night at the lighthouse.")

    (hit,) = search(SearchQuery(text="lighthouse")).hits

    assert hit.version == story.version
    assert only_public_hits((hit,)) == [hit]


def test_a_hit_from_an_older_version_is_not_shown(published):
    story = published("The night at the lighthouse.")
    # A new public version whose entry has not been rebuilt yet (the task is queued).
    Story.objects.filter(pk=story.pk).update(version=story.version + 1)

    hits = search(SearchQuery(text="lighthouse")).hits

    assert len(hits) == 1
    assert only_public_hits(hits) == []
