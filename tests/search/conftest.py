from __future__ import annotations

import pytest

from archive.search import index
from archive.vocabulary import Status
from tests.factories import make_story


@pytest.fixture
def published(db):
    """Make a published story and index it (tests run inside a transaction, so the
    on-commit indexing task never fires by itself)."""

    def make(body: str, **fields):
        fields.setdefault("language", "en")
        story = make_story(status=Status.PUBLISHED, body=body, **fields)
        index.index_story(story.pk)
        return story

    return make
