"""An API submission with a real worker: committed first, details detected by the worker."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from archive.models import Story
from archive.vocabulary import Status
from tests.worker import wait_for

pytestmark = pytest.mark.worker

CONSENT = {"publish": True, "research": False, "quote": False, "statistics": True, "contact": False}


def test_an_api_submission_is_stored_at_once_and_its_details_found_by_the_worker(
    celery_worker_process,
):
    response = APIClient().post(
        "/api/v1/submissions/",
        {
            "body": "He wrote to me at boss@example.org for months. #MeToo",
            "display_name": "anonymous",
            "consent": CONSENT,
        },
        format="json",
    )
    assert response.status_code == 201
    story = Story.objects.get(public_id=response.json()["id"])
    assert story.status == Status.SUBMITTED
    found = wait_for(lambda: story.redactions.filter(kind="email").exists())
    assert found, celery_worker_process.log_path.read_text()[-2000:]
    assert "archive.detect_pii" in celery_worker_process.log_path.read_text()
    # Nothing of the text reached the worker's log.
    assert "boss@example.org" not in celery_worker_process.log_path.read_text()
