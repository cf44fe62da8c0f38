"""The audit log in the admin: readable and filterable by staff, editable by nobody."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import ModerationEvent
from archive.vocabulary import Status
from tests.factories import UserFactory, make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
LOG = "admin:archive_moderationevent_changelist"


@pytest.fixture
def superuser():
    user = UserFactory()
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_moderators_read_the_audit_log_filtered_by_action(client, moderator):
    published = make_story(status=Status.PUBLISHED)
    make_story(status=Status.REJECTED)
    sign_in_with_otp(client, moderator)

    response = client.get(reverse(LOG), {"action__exact": Action.PUBLISH})

    assert response.status_code == 200
    events = list(response.context["cl"].result_list)
    assert [e.story_id for e in events] == [published.pk]
    assert client.get(reverse(LOG), {"q": published.public_id}).status_code == 200


def test_nobody_can_add_change_or_delete_an_event_not_even_a_superuser(client, superuser):
    story = make_story()
    event = story.events.first()
    original_note = event.note
    sign_in_with_otp(client, superuser)

    change = reverse("admin:archive_moderationevent_change", args=[event.pk])
    assert client.get(reverse("admin:archive_moderationevent_add")).status_code == 403
    assert client.post(change, {"note": "rewritten"}).status_code == 403
    assert (
        client.post(reverse("admin:archive_moderationevent_delete", args=[event.pk])).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.note == original_note
    # Viewing is allowed and shows no save button.
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text


def test_researchers_cannot_read_the_audit_log(client, researcher):
    sign_in_with_otp(client, researcher)
    assert client.get(reverse(LOG)).status_code == 302


def test_the_verify_button_reports_an_intact_chain_and_then_an_edited_event(client, moderator):
    story = make_story(status=Status.PUBLISHED)
    sign_in_with_otp(client, moderator)
    verify = reverse("admin:archive_moderationevent_verify")

    intact = client.post(verify, follow=True)
    ModerationEvent.objects.filter(pk=story.events.order_by("id").first().pk).update(
        note="tampered"
    )
    broken = client.post(verify, follow=True)

    assert "The audit trail is intact." in intact.text
    assert "The audit trail is broken at 1 event" in broken.text
    assert client.get(verify).status_code == 403


def test_consent_records_and_reports_are_read_only(client, superuser):
    story = make_story(status=Status.PUBLISHED)
    consent = story.consents.get()
    sign_in_with_otp(client, superuser)

    assert client.get(reverse("admin:archive_consentrecord_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:archive_consentrecord_change", args=[consent.pk]), {"publish": ""}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:archive_report_add")).status_code == 403
