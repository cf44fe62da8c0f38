"""Detection by a real Celery worker: a new account is examined in another process."""

from __future__ import annotations

import pytest

from archive.models import Story
from archive.stories import services
from archive.vocabulary import Decision, RedactionSource
from tests.worker import wait_for

pytestmark = pytest.mark.worker


def test_a_new_account_gets_suggestions_from_a_real_worker(celery_worker_process):
    story, _code = services.story_create(
        body="In 2012 my manager, Rupert Quayle, cornered me at Tilbury Cold Storage Ltd.",
        consent={"publish": True},
        redact_terms=["Quayle"],
    )

    # The contributor's own term is hidden in the request itself, before any worker.
    (term,) = story.redactions.all()
    assert story.body[term.start : term.end] == "Quayle"

    rows = wait_for(
        lambda: list(story.redactions.all()) if story.redactions.count() > 1 else [], timeout=60
    )
    assert rows, celery_worker_process.log_path.read_text()[-2000:]
    assert "archive.detect_pii" in celery_worker_process.log_path.read_text()
    detected = {story.body[r.start : r.end]: r for r in rows}
    assert detected["Rupert Quayle"].decision == Decision.PENDING
    assert detected["Quayle"].source == RedactionSource.CONTRIBUTOR
    assert detected["Quayle"].decision == Decision.ACCEPTED
    flags = wait_for(lambda: Story.objects.get(pk=story.pk).risk_flags, timeout=10)
    assert {"employer_role", "named_relation"} <= {f["code"] for f in flags}
