"""Who may do what in the moderation admin: every permission, allowed and refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import roles
from archive.models import ModerationEvent, Report
from archive.vocabulary import ReportReason, Status
from tests.factories import UserFactory, make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action


def change_url(story):
    return reverse("admin:archive_story_change", args=[story.pk])


def moderate(client, story, action, note="Because.", **extra):
    story.refresh_from_db()
    from archive.moderation.services import edit_token

    return client.post(
        reverse("admin:archive_story_moderate", args=[story.pk, action]),
        {"token": edit_token(story), "note": note, **extra},
    )


@pytest.fixture
def as_user(client):
    def sign_in(user):
        sign_in_with_otp(client, user)
        return client

    return sign_in


@pytest.mark.parametrize("role", [roles.RESEARCHER, roles.CONTRIBUTOR])
def test_researchers_and_contributors_have_no_admin_access(client, role):
    story = make_story()
    user = UserFactory(role=role)
    sign_in_with_otp(client, user)

    for url in [
        reverse("admin:index"),
        reverse("admin:archive_story_changelist"),
        change_url(story),
        reverse("admin:archive_moderationevent_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    response = moderate(client, story, Action.PUBLISH)
    assert response.status_code == 302 and "/login/" in response["Location"]
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED


def test_a_researcher_made_staff_by_mistake_still_sees_no_account(client):
    researcher = UserFactory(role=roles.RESEARCHER, is_staff=True)
    researcher.is_staff = True
    researcher.save()
    story = make_story()
    sign_in_with_otp(client, researcher)

    assert client.get(reverse("admin:archive_story_changelist")).status_code == 403
    assert client.get(change_url(story)).status_code == 403
    assert client.post(reverse("admin:archive_story_original", args=[story.pk])).status_code == 403


def test_staff_without_a_verified_second_factor_are_sent_to_sign_in(client, moderator):
    client.force_login(moderator)  # password only: no OTP device in the session

    response = client.get(reverse("admin:archive_story_changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("admin:archive_story_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["moderator", "senior_moderator"])
def test_moderators_and_senior_moderators_see_the_queue_and_review_page(as_user, request, who):
    client = as_user(request.getfixturevalue(who))
    story = make_story()

    assert client.get(reverse("admin:archive_story_changelist")).status_code == 200
    assert client.get(change_url(story)).status_code == 200


def test_a_moderator_can_start_a_review_and_ask_for_changes(as_user, moderator):
    client = as_user(moderator)
    story = make_story()

    moderate(client, story, Action.START_REVIEW)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    moderate(client, story, Action.REQUEST_CHANGES, note="Could you remove the shop name?")
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED
    event = story.events.get(action=Action.REQUEST_CHANGES)
    assert (event.actor, event.note) == (moderator, "Could you remove the shop name?")


@pytest.mark.parametrize("action", [Action.PUBLISH, Action.REJECT, Action.WITHDRAW, Action.ERASE])
def test_a_moderator_cannot_publish_reject_withdraw_or_erase(as_user, moderator, action):
    client = as_user(moderator)
    story = make_story(status=Status.IN_REVIEW)
    events = story.events.count()

    response = moderate(client, story, action, confirm="on")

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW and story.erased_at is None
    assert story.events.count() == events


def test_a_moderator_is_not_offered_the_senior_actions(as_user, moderator):
    client = as_user(moderator)
    story = make_story(status=Status.IN_REVIEW)

    page = client.get(change_url(story)).text

    assert reverse("admin:archive_story_moderate", args=[story.pk, "request_changes"]) in page
    for action in ("publish", "reject", "withdraw", "erase"):
        assert reverse("admin:archive_story_moderate", args=[story.pk, action]) not in page


def test_a_senior_moderator_can_publish_reject_withdraw_and_erase(as_user, senior_moderator):
    client = as_user(senior_moderator)
    published = make_story(status=Status.IN_REVIEW)
    rejected = make_story(status=Status.IN_REVIEW)
    withdrawn = make_story(status=Status.PUBLISHED)
    erased = make_story(status=Status.PUBLISHED)

    moderate(client, published, Action.PUBLISH)
    moderate(client, rejected, Action.REJECT, note="This is not an account.")
    moderate(client, withdrawn, Action.WITHDRAW, note="E-mail of 3 March.")
    moderate(client, erased, Action.ERASE, confirm="on")

    for story in (published, rejected, withdrawn, erased):
        story.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert rejected.status == Status.REJECTED
    assert withdrawn.status == Status.WITHDRAWN
    assert erased.status == Status.WITHDRAWN and erased.erased_at is not None and erased.body == ""
    assert erased.events.filter(action=Action.ERASE, actor=senior_moderator).exists()


def test_a_moderator_can_decide_redactions_and_a_researcher_cannot(as_user, moderator, client):
    story = make_story(body="Ask Jean Dupont about it.", redact_terms=["Jean Dupont"])
    redaction = story.redactions.get()
    from archive.moderation.services import edit_token

    data = {"op": "redactions", "token": edit_token(story), f"decision-{redaction.pk}": "rejected"}
    researcher = UserFactory(role=roles.RESEARCHER)
    sign_in_with_otp(client, researcher)
    client.post(change_url(story), data)
    redaction.refresh_from_db()
    assert redaction.decision == "accepted"

    as_user(moderator).post(change_url(story), data)
    redaction.refresh_from_db()
    assert redaction.decision == "rejected"


def test_only_roles_with_view_original_may_read_the_original(as_user, moderator):
    from django.contrib.auth.models import Permission

    story = make_story(body="Ask Jean Dupont about it.", redact_terms=["Jean Dupont"])
    reviewer_without_originals = UserFactory(role=roles.MODERATOR)
    reviewer_without_originals.user_permissions.clear()
    group_perm = Permission.objects.get(codename="view_original")
    # Give them a personal group-free role: the moderator perms minus view_original.
    from django.contrib.auth.models import Group

    reduced = Group.objects.create(name="reduced")
    reduced.permissions.set(
        Group.objects.get(name=roles.MODERATOR).permissions.exclude(pk=group_perm.pk)
    )
    reviewer_without_originals.groups.set([reduced])

    client = as_user(reviewer_without_originals)
    response = client.post(reverse("admin:archive_story_original", args=[story.pk]))
    assert response.status_code == 403
    assert not story.events.filter(action=Action.VIEW_ORIGINAL).exists()

    client = as_user(moderator)
    response = client.post(reverse("admin:archive_story_original", args=[story.pk]))
    assert response.status_code == 200
    assert "Jean Dupont" in response.text
    assert story.events.filter(action=Action.VIEW_ORIGINAL, actor=moderator).count() == 1


def test_nobody_can_add_or_delete_stories_in_the_admin(as_user):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client = as_user(superuser)
    story = make_story()

    assert client.get(reverse("admin:archive_story_add")).status_code == 403
    assert client.post(reverse("admin:archive_story_delete", args=[story.pk])).status_code == 403


def test_a_moderator_can_resolve_reports_and_a_researcher_cannot(as_user, moderator, client):
    story = make_story(status=Status.PUBLISHED)
    Report.objects.create(story=story, reason=ReportReason.HARMFUL)

    sign_in_with_otp(client, UserFactory(role=roles.RESEARCHER))
    client.post(change_url(story), {"op": "resolve_reports"})
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1

    as_user(moderator).post(change_url(story), {"op": "resolve_reports"})
    assert Report.objects.get().resolved_by == moderator
