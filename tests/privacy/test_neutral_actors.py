"""Moderators never see a contributor's e-mail address, anywhere in the admin.

A contributor with a canary address signs up, writes, decides on details, changes consent
and imports an export; staff review, note, approve, publish and deal with a report; a
sign-in with the canary address fails. Then every page of every model the admin
registers (lists, filters, change, history and add pages) and the story's review page are
rendered for a moderator and for a superuser: the address never appears. Contributors
appear as "contributor (signed in)" or "contributor (claim code)", staff by staff name.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from archive.models import ImportBatch, ModerationEvent, Story
from archive.moderation import services as moderation
from archive.stories import audit, consents, redactions, services
from archive.vocabulary import Decision
from tests.factories import ALL_SCOPES, UserFactory
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action

CANARY = "wren.canary-7f3a@example.org"
CANARY_PARTS = ("wren.canary", "canary-7f3a")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def canary(db):
    return UserFactory(email=CANARY)


@pytest.fixture
def staff(db):
    from accounts import roles

    senior = UserFactory(role=roles.SENIOR_MODERATOR, display_name="Sam (senior)")
    superuser = UserFactory(email="root@chorus.example", display_name="Root")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    return senior, superuser


def _contributor_history(canary, senior) -> Story:
    """Every way a signed-in contributor and staff leave their names on one account."""
    story, _code = services.story_create(
        body="My manager Paul Martin cornered me in the storeroom in Lyon. #MeToo",
        consent=ALL_SCOPES,
        contributor=canary,
        actor=canary,
    )
    redactions.redactions_detect(story=story)
    first = story.redactions.first()
    redactions.redactions_decide(
        story=story, decisions={first.pk: (Decision.ACCEPTED, "")}, actor=canary
    )
    story.redactions.filter(decision=Decision.PENDING).update(decision=Decision.ACCEPTED)
    consents.consent_change(
        story=story, scopes={**ALL_SCOPES, "research": False}, method="web", actor=canary
    )
    moderation.story_moderate(story=story, action=Action.START_REVIEW, actor=senior)
    moderation.note_add(story=story, actor=senior, text="Checked the place name.")
    story.refresh_from_db()
    moderation.story_moderate(story=story, action=Action.PUBLISH, actor=senior)
    moderation.report_create(story=story, reason="identifies", details="")
    moderation.reports_resolve(story=story, actor=senior)
    ImportBatch.objects.create(
        kind=ImportBatch.Kind.CONTRIBUTOR,
        created_by=canary,
        original_filename="wren.canary-7f3a-twitter-archive.zip",
        state=ImportBatch.State.DONE,
    )
    return story


def _urls_of_every_admin_page(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if not model_admin.has_view_or_change_permission(request):
            continue
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        urls.append(changelist)
        if model is ModerationEvent:
            urls += [f"{changelist}?by={v}" for v in ("contributor-account", "contributor-code")]
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        for obj in model_admin.get_queryset(request)[:40]:
            for page in ("change", "history"):
                try:
                    urls.append(reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[obj.pk]))
                except NoReverseMatch:
                    pass
    return urls


def _assert_no_canary(response, url: str) -> None:
    assert response.status_code in (200, 302, 403), (url, response.status_code)
    text = response.content.decode().lower()
    assert not any(part in text for part in (CANARY, *CANARY_PARTS)), url


def test_no_admin_page_shows_a_contributors_e_mail_address(client, canary, staff, moderator):
    senior, superuser = staff
    story = _contributor_history(canary, senior)
    # A failed sign-in with the contributor's address: lockout records must not keep it.
    client.post(reverse("accounts:login"), {"username": CANARY, "password": "wrong"})

    for user in (moderator, senior, superuser):
        sign_in_with_otp(client, user)
        urls = _urls_of_every_admin_page(user)
        assert reverse("admin:archive_story_change", args=[story.pk]) in urls
        for url in urls:
            _assert_no_canary(client.get(url), url)
        revealed = client.post(reverse("admin:archive_story_original", args=[story.pk]))
        _assert_no_canary(revealed, "original")
        client.logout()


def test_the_review_history_names_contributors_neutrally_and_staff_by_name(client, canary, staff):
    senior, _superuser = staff
    story = _contributor_history(canary, senior)
    claim_code_story, _code = services.story_create(body="It happened at school. #MeToo")
    sign_in_with_otp(client, senior)

    page = client.get(reverse("admin:archive_story_change", args=[story.pk])).text
    other = client.get(reverse("admin:archive_story_change", args=[claim_code_story.pk])).text

    assert "contributor (signed in)" in page and "Sam (senior)" in page
    assert "contributor (claim code)" in other


def test_the_audit_log_filters_by_who_acted_without_listing_accounts(client, canary, staff):
    senior, _superuser = staff
    _contributor_history(canary, senior)
    services.story_create(body="It happened at school. #MeToo")
    sign_in_with_otp(client, senior)
    log = reverse("admin:archive_moderationevent_changelist")

    signed_in = client.get(log, {"by": "contributor-account"}).context["cl"].result_list
    by_code = client.get(log, {"by": "contributor-code"}).context["cl"].result_list
    by_senior = client.get(log, {"by": f"staff-{senior.pk}"}).context["cl"].result_list

    assert signed_in and all(e.actor_id == canary.pk for e in signed_in)
    assert by_code and all(e.actor_kind == "contributor" and not e.actor_id for e in by_code)
    assert by_senior and all(e.actor_id == senior.pk for e in by_senior)


def test_one_function_says_how_every_actor_is_shown(canary, staff):
    senior, _superuser = staff
    assert audit.actor_shown(canary, "contributor") == "contributor (signed in)"
    assert audit.actor_shown(canary) == "contributor (signed in)"
    assert audit.actor_shown(None, "contributor") == "contributor (claim code)"
    # A staff member acting as a contributor is shown as one, never by name.
    assert audit.actor_shown(senior, "contributor") == "contributor (signed in)"
    assert audit.actor_shown(senior, "staff") == "Sam (senior)"
    assert audit.actor_shown(None, "system") == "Chorus (automatic)"
