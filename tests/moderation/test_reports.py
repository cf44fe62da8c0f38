from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Report
from archive.vocabulary import ReportReason, Status
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def report_url(story):
    return reverse("archive:report", kwargs={"public_id": story.public_id})


def test_visitor_can_report_a_published_account_and_nothing_about_them_is_stored(client):
    story = make_story(status=Status.PUBLISHED)

    page = client.get(report_url(story))
    response = client.post(
        report_url(story),
        {"reason": ReportReason.IDENTIFIES, "details": "The second paragraph."},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Agent/1.0",
    )

    assert page.status_code == 200
    assert "It identifies someone" in page.text
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "archive:report_sent", kwargs={"public_id": story.public_id}
    )
    report = Report.objects.get(story=story)
    assert (report.reason, report.details) == (ReportReason.IDENTIFIES, "The second paragraph.")
    stored = " ".join(str(v) for v in Report.objects.values().first().values())
    assert "203.0.113.9" not in stored and "Agent/1.0" not in stored


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.IN_REVIEW, Status.WITHDRAWN, Status.REJECTED]
)
def test_unpublished_accounts_cannot_be_reported_or_seen_through_the_report_form(client, status):
    story = make_story(status=status)

    assert client.get(report_url(story)).status_code == 404
    assert client.post(report_url(story), {"reason": ReportReason.OTHER}).status_code == 404
    assert not Report.objects.exists()


def test_a_report_without_a_reason_is_refused_with_the_form_again(client):
    story = make_story(status=Status.PUBLISHED)

    response = client.post(report_url(story), {"details": "x"})

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_one_browser_session_reports_an_account_only_once(client):
    story = make_story(status=Status.PUBLISHED)

    client.post(report_url(story), {"reason": ReportReason.HARMFUL})
    client.post(report_url(story), {"reason": ReportReason.HARMFUL})

    assert Report.objects.filter(story=story).count() == 1
    assert "already reported" in client.get(report_url(story)).text


def test_the_report_page_shows_only_the_public_title(client):
    story = make_story(
        status=Status.PUBLISHED, title="At Acme with Jean Dupont", redact_terms=["Jean Dupont"]
    )

    page = client.get(report_url(story)).text

    assert "Jean Dupont" not in page
    assert story.public_title in page


def test_an_account_takes_a_bounded_number_of_reports_an_hour(client, monkeypatch):
    from django.test import Client

    from archive.public import reports as report_views

    monkeypatch.setattr(report_views, "REPORTS_PER_STORY_PER_HOUR", 3)
    story = make_story(status=Status.PUBLISHED)

    for _ in range(5):
        response = Client().post(report_url(story), {"reason": ReportReason.HARMFUL})
        assert response.status_code == 302

    assert Report.objects.filter(story=story).count() == 3


def test_reports_raise_the_account_in_the_moderation_queue(client, moderator):
    from tests.moderation.conftest import sign_in_with_otp

    waiting = make_story()
    story = make_story(status=Status.PUBLISHED)
    client.post(report_url(story), {"reason": ReportReason.IDENTIFIES})
    sign_in_with_otp(client, moderator)

    queue = client.get(reverse("admin:archive_story_changelist"))

    assert [s.public_id for s in queue.context["cl"].result_list] == [
        story.public_id,
        waiting.public_id,
    ]
