"""Optional contributor accounts: sign up/in/out, password reset, dashboard, data, deletion."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from archive.models import Story
from archive.stories import audit
from archive.vocabulary import Status
from tests.contribute.helpers import BODY, submit_story
from tests.factories import make_story

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def test_signing_up_mails_a_link_that_activates_the_account_and_signs_in(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "New@Example.org",
            "password1": "a long new passphrase",
            "password2": "a long new passphrase",
        },
    )
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.email == "new@example.org" and not user.is_active
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)

    assert client.get(link)["Location"] == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    user.refresh_from_db()
    assert user.is_active
    # The link works once.
    assert Client().get(link).status_code == 400


def test_a_weak_password_is_refused(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "a@example.org", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert not User.objects.exists()


def test_signing_in_and_out(client, contributor):
    response = client.post(
        reverse("accounts:login"), {"username": contributor.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(
        reverse("accounts:login")
    )


def test_a_wrong_password_does_not_sign_in(client, contributor):
    response = client.post(
        reverse("accounts:login"), {"username": contributor.email, "password": "nope"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client, contributor):
    response = client.post(reverse("accounts:password_reset"), {"email": contributor.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    contributor.refresh_from_db()
    assert contributor.check_password("a brand new passphrase")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not mail.outbox


def test_the_dashboard_lists_only_my_accounts(client, contributor, other_contributor):
    mine = make_story(contributor=contributor)
    theirs = make_story(contributor=other_contributor)
    client.force_login(contributor)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("archive:contribute_status", args=[mine.public_id]) in page
    assert theirs.public_id not in page


def test_an_untitled_account_is_named_by_its_first_words_on_the_dashboard(client, contributor):
    titled = make_story(contributor=contributor, title="The summer job")
    untitled = make_story(
        contributor=contributor,
        body="It was my first week at the bakery and the owner kept standing too close.",
    )
    client.force_login(contributor)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "The summer job" in page
    assert "It was my first week at the bakery …" in page
    assert "Untitled account" not in page
    assert untitled.public_id in page and titled.public_id in page


def test_the_dashboard_refuses_visitors(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302


def test_downloading_all_my_data_gives_my_words_consents_and_history(client, contributor):
    client.force_login(contributor)
    story, _code, _ = submit_story(client)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == contributor.email
    [exported] = data["stories"]
    assert exported["id"] == story.public_id
    assert exported["body"] == BODY
    assert exported["consents"][0]["scopes"]["publish"] is True
    assert [e["action"] for e in exported["history"]][:2] == ["create", "submit"]


def test_my_data_holds_nobody_elses(client, contributor, other_contributor):
    make_story(contributor=other_contributor, body="Someone else's words")
    client.force_login(contributor)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["stories"] == []
    assert Client().get(reverse("accounts:data_export")).status_code == 302


def test_deleting_my_account_erases_my_stories_by_default_choice(client, contributor):
    story = make_story(status=Status.PUBLISHED, contributor=contributor)
    client.force_login(contributor)
    response = client.post(reverse("accounts:delete"), {"stories": "erase", "password": PASSWORD})
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.erased_at is not None
    assert not Story.objects.public().exists()
    contributor.refresh_from_db()
    assert not contributor.is_active
    assert contributor.email.endswith("@deleted.invalid")
    assert not contributor.has_usable_password()
    assert "_auth_user_id" not in client.session
    # The audit trail still verifies: the actor's id was not nulled.
    assert list(audit.verify_chain()) == []


def test_deleting_my_account_can_keep_my_stories_anonymously(client, contributor):
    story = make_story(status=Status.PUBLISHED, contributor=contributor)
    client.force_login(contributor)
    client.post(reverse("accounts:delete"), {"stories": "keep", "password": PASSWORD})
    story.refresh_from_db()
    assert story.contributor is None
    assert story.status == Status.PUBLISHED and story.body
    assert Story.objects.public().exists()


def test_deleting_needs_an_explicit_choice_and_the_password(client, contributor):
    story = make_story(contributor=contributor)
    client.force_login(contributor)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert "stories" in response.context["form"].errors
    response = client.post(reverse("accounts:delete"), {"stories": "erase", "password": "x"})
    assert "password" in response.context["form"].errors
    contributor.refresh_from_db()
    assert contributor.is_active
    story.refresh_from_db()
    assert story.erased_at is None


def test_deleting_refuses_visitors_and_needs_csrf(contributor):
    assert Client().post(reverse("accounts:delete"), {"stories": "erase"}).status_code == 302
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(contributor)
    response = browser.post(reverse("accounts:delete"), {"stories": "erase", "password": PASSWORD})
    assert response.status_code == 403
    contributor.refresh_from_db()
    assert contributor.is_active


def test_a_signed_in_contributor_continues_a_draft_on_another_device(contributor):
    from tests.contribute.helpers import write_data

    first = Client()
    first.force_login(contributor)
    first.post(reverse("archive:contribute_write"), write_data())
    second = Client()
    second.force_login(contributor)
    page = second.get(reverse("archive:contribute_write"))
    assert BODY in page.content.decode()
    # A stranger's browser does not get it.
    assert BODY not in Client().get(reverse("archive:contribute_write")).content.decode()


def test_the_dashboard_runs_the_same_queries_for_one_or_many_stories(
    client, contributor, django_assert_max_num_queries
):
    make_story(contributor=contributor)
    client.force_login(contributor)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("accounts:dashboard"))
    for _ in range(5):
        make_story(contributor=contributor)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("accounts:dashboard"))
    assert page.content.decode().count("/contribute/mine/") == 6


def test_sign_ups_are_throttled_per_client(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submissions": "2/hour",
        },
    }
    statuses = [
        Client()
        .post(
            reverse("accounts:signup"),
            {
                "email": f"p{i}@example.org",
                "password1": "a long passphrase",
                "password2": "a long passphrase",
            },
        )
        .status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_sign_in_logs_no_email_address(client, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    client.post(
        "/accounts/login/",
        {"username": "someone-private@example.org", "password": "wrong password here"},
    )
    assert "someone-private" not in caplog.text
