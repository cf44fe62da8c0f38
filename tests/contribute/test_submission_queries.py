"""A submission's round trips to the database, pinned: each one is paid under load, and
those after the first audit event are paid while every other submission waits for the
audit chain (archive/stories/audit.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from archive import queue
from archive.models import ModerationEvent, Story
from archive.stories import audit
from archive.vocabulary import Status

pytestmark = pytest.mark.django_db(transaction=True)  # each request commits, as in production

URL = "/api/v1/submissions/"
CONSENT = {"publish": True, "research": False, "quote": False, "statistics": True, "contact": False}
BENCH = {  # bench/load/run.py's submission
    "body": "At my first job the manager kept me late and said things I will not repeat.",
    "title": "First job",
    "display_name": "anonymous",
    "consent": CONSENT,
}


def _pinned(sqlite: int) -> int:
    # PostgreSQL also takes the chain's advisory lock (one statement); SQLite's write lock
    # comes with the transaction.
    return sqlite + 1 if connection.vendor == "postgresql" else sqlite


@pytest.mark.parametrize(
    ("payload", "sqlite"),
    [
        # story, consent, create event (head + insert), submit (update, event insert),
        # commit. The story was inserted by this transaction, so its consent has no
        # previous record to look for, the submit neither locks nor re-reads the row nor
        # opens a savepoint, and the receipt reads the consent just written: was 15 on
        # SQLite (16 on PostgreSQL), 23 (25) before the savepoints of the audit events,
        # the second lock and head read and the empty term reconciliation went.
        (BENCH, 8),
        # Hidden terms: their spans are reconciled in a savepoint (read, insert). Was 19
        # (20), 24 (26) before.
        ({**BENCH, "redact_terms": ["the manager"]}, 12),
    ],
)
def test_a_submission_runs_a_pinned_number_of_queries(
    django_assert_num_queries, monkeypatch, payload, sqlite
):
    # Detection is a worker's job, queued on commit: the request's own queries are pinned.
    sent = []
    monkeypatch.setattr(queue, "send", lambda name, *args: sent.append((name, *args)))
    client = APIClient()
    client.post(URL, payload, format="json")  # warm: the throttle's cache, content types

    with django_assert_num_queries(_pinned(sqlite)):
        response = client.post(URL, payload, format="json")

    assert response.status_code == 201
    story = Story.objects.get(public_id=response.json()["id"])
    assert sent[-1] == (queue.DETECT_PII, story.pk)
    assert story.status == Status.SUBMITTED
    assert story.consents.count() == 1
    actions = list(story.events.order_by("id").values_list("action", flat=True))
    assert actions == [ModerationEvent.Action.CREATE, ModerationEvent.Action.SUBMIT]
    assert not list(audit.verify_chain())
