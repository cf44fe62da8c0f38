"""The small things the walkthrough of issue 14 found, each pinned down."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import roles
from archive.models import Redaction, Story
from archive.stories import lifecycle
from archive.vocabulary import Decision, RedactionKind, RedactionSource, Status
from tests.contribute.helpers import submit_story, write_data
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db
CONSENT = reverse("archive:contribute_consent")


def test_reloading_the_confirmation_shows_the_sent_account_not_an_empty_form(client):
    story, code, response = submit_story(client)
    assert f'<span class="code-group">{code.split("-")[0]}</span>-' in response.content.decode()

    again = client.post(CONSENT, {"publish": "on", "confirm": "1"})

    assert again["Location"] == reverse("archive:contribute_status", args=[story.public_id])
    assert Story.objects.count() == 1


def test_a_status_is_said_once(client):
    story, _code, _ = submit_story(client)
    lifecycle.transition(story, lifecycle.Action.START_REVIEW)
    lifecycle.transition(story, lifecycle.Action.PUBLISH)

    page = client.get(reverse("archive:contribute_status", args=[story.public_id]))

    assert "Published. Published." not in page.content.decode()
    assert "<strong>Published</strong>. Readers see" in page.content.decode()


def test_nothing_lost_is_said_only_where_something_was_written(client):
    wrong_code = client.post(reverse("archive:contribute_return"), {"code": ""})
    assert "Nothing you wrote has been lost" not in wrong_code.content.decode()
    empty_body = client.post(reverse("archive:contribute_write"), write_data(body=""))
    assert "Nothing you wrote has been lost" in empty_body.content.decode()


def test_a_short_password_is_reported_under_the_password(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "short@example.org", "password1": "abc", "password2": "abc"},
    )
    errors = response.context["form"].errors
    assert "password1" in errors and "password2" not in errors


def test_a_role_is_suggested_for_a_name_but_not_for_an_email_address(client):
    client.post(reverse("archive:contribute_write"), write_data())
    story = Story.objects.get()
    story.redactions.all().delete()
    body = story.body
    for word, kind in (
        ("Paul Martin", RedactionKind.NAME),
        ("jane.doe@example.org", RedactionKind.EMAIL),
    ):
        start = body.index(word)
        Redaction.objects.create(
            story=story,
            start=start,
            end=start + len(word),
            kind=kind,
            source=RedactionSource.AUTOMATIC,
            decision=Decision.PENDING,
        )
    form = client.get(reverse("archive:contribute_anonymise")).context["form"]
    labels = {r.kind: str(form.fields[f"replacement_{r.pk}"].label) for r in story.redactions.all()}

    assert "my manager" in labels[RedactionKind.NAME]
    assert "my manager" not in labels[RedactionKind.EMAIL]


def test_the_dashboard_names_each_account_by_its_title(client):
    user = UserFactory(role=roles.CONTRIBUTOR)
    make_story(contributor=user, title="The night shift")
    client.force_login(user)

    page = client.get(reverse("accounts:dashboard")).content.decode()

    assert "The night shift" in page and "Delete my sign-in" in page


def test_countries_are_named_in_the_readers_language(client):
    story = make_story(status=Status.PUBLISHED, country="GB")
    url = reverse("archive:story_detail", args=[story.public_id])

    assert "United Kingdom" in client.get(url).content.decode()
    with translation.override("fr"):
        page = client.get(url, headers={"accept-language": "fr"}).content.decode()
    assert "Royaume-Uni" in page


def test_a_reversed_year_range_is_said_and_the_search_has_one_button(client):
    page = client.get(reverse("archive:search"), {"year_from": 2021, "year_to": 2017})
    html = page.content.decode()

    assert "The years were in reverse order: showing 2017 to 2021." in html
    form = html[
        html.index('class="search-form"') : html.index("</form>", html.index('class="search-form"'))
    ]
    assert form.count('type="submit"') == 1


def test_the_admin_index_shows_how_many_accounts_wait(client):
    from tests.moderation.conftest import sign_in_with_otp

    make_story(status=Status.SUBMITTED)
    make_story(status=Status.IN_REVIEW)
    make_story(status=Status.PUBLISHED)
    sign_in_with_otp(client, UserFactory(role=roles.MODERATOR))

    page = client.get(reverse("admin:index")).content.decode()

    assert "2 accounts wait for review" in page


def test_the_admin_index_counts_reported_accounts_and_stops_at_its_cap(client, monkeypatch):
    from archive.models import Report
    from tests.moderation.conftest import sign_in_with_otp

    make_story(status=Status.SUBMITTED)
    reported = make_story(status=Status.PUBLISHED)
    Report.objects.create(story=reported, reason="other")
    sign_in_with_otp(client, UserFactory(role=roles.MODERATOR))

    page = client.get(reverse("admin:index")).content.decode()
    assert "2 accounts wait for review" in page

    make_story(status=Status.IN_REVIEW)
    monkeypatch.setattr("archive.templatetags.moderation_tags.STATUS_COUNT_CAP", 2)
    page = client.get(reverse("admin:index")).content.decode()
    assert "More than 2 accounts wait for review" in page


def test_bringing_back_posts_says_it_needs_a_sign_in_before_asking_for_one(client):
    """The import link led to a bare "Sign in" page that did not say why."""
    start = client.get(reverse("archive:contribute_start")).content.decode()
    assert "This needs a sign-in" in start
    login = client.get(reverse("archive:import_upload"), follow=True).content.decode()
    assert "To bring back posts from an export, please sign in first" in login
    assert "To bring back posts" not in client.get(reverse("accounts:login")).content.decode()
    client.force_login(UserFactory(role=roles.CONTRIBUTOR))
    assert (
        "This needs a sign-in"
        not in client.get(reverse("archive:contribute_start")).content.decode()
    )
