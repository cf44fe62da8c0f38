"""Signing up keeps where the person was going (`?next=`): through the sign-up form, the
mailed link and back. Only a page of this site is kept; anything else is dropped."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.views import safe_next
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("archive:import_upload")
SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
SENT = reverse("accounts:signup_sent")
PASSWORD = "a long new passphrase"

SAFE = ["/contribute/import/", "/contribute/import/?step=2", "http://testserver/contribute/"]
UNSAFE = [
    "https://evil.example/",
    "http://evil.example/contribute/import/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://testserver/",
    "/" + "a" * 1000,
]


@pytest.mark.parametrize("url", SAFE)
def test_a_page_of_this_site_is_kept(url):
    assert safe_next(RequestFactory().get("/"), url) == url


@pytest.mark.parametrize("url", [*UNSAFE, "", None])
def test_anything_else_is_dropped(url):
    assert safe_next(RequestFactory().get("/"), url) == ""


def test_over_https_a_plain_http_address_of_this_site_is_dropped():
    request = RequestFactory().get("/", secure=True)
    assert safe_next(request, "http://testserver/contribute/") == ""
    assert safe_next(request, "https://testserver/contribute/") == "https://testserver/contribute/"


def _main(response) -> str:
    # (The language switch in the footer carries the address as typed: Django's
    # set_language checks it itself.)
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def _signup(client, next_url: str, email: str = "new@example.org"):
    return client.post(
        SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": next_url}
    )


def _mailed_link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_sign_up_form_carries_a_safe_next_and_its_sign_in_link_too(client):
    page = client.get(SIGNUP, {"next": IMPORT}).content.decode()

    assert f'<input type="hidden" name="next" value="{IMPORT}">' in page
    assert f'href="{LOGIN}?next=%2Fcontribute%2Fimport%2F"' in page


@pytest.mark.parametrize("url", UNSAFE)
def test_the_sign_up_form_drops_an_unsafe_next(client, url):
    page = html.unescape(_main(client.get(SIGNUP, {"next": url})))

    assert 'name="next"' not in page
    assert "evil.example" not in page and "alert(" not in page
    assert f'href="{LOGIN}"' in page


def test_signing_up_mails_a_link_that_ends_where_the_person_was_going(client):
    response = _signup(client, IMPORT)

    assert response["Location"] == f"{SENT}?next=%2Fcontribute%2Fimport%2F"
    assert "takes you back to the page you were going to" in (
        client.get(response["Location"]).content.decode()
    )
    link = _mailed_link(mail.outbox[0])
    assert link.endswith("?next=%2Fcontribute%2Fimport%2F")
    assert client.get(link)["Location"] == IMPORT
    assert User.objects.get().is_active


@pytest.mark.parametrize("url", UNSAFE)
def test_an_unsafe_next_is_neither_mailed_nor_followed(client, url):
    response = _signup(client, url)

    assert response["Location"] == SENT
    link = _mailed_link(mail.outbox[0])
    assert "next" not in link and "evil" not in mail.outbox[0].body
    assert client.get(link)["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize("url", UNSAFE)
def test_a_mailed_link_changed_to_an_unsafe_next_leads_to_the_dashboard(client, url):
    _signup(client, "")
    link = _mailed_link(mail.outbox[0])

    response = client.get(link, {"next": url})

    assert response["Location"] == reverse("accounts:dashboard")


def test_signing_up_with_an_address_in_use_mails_a_sign_in_link_that_keeps_next(client):
    UserFactory(email="taken@example.org")

    _signup(client, IMPORT, email="taken@example.org")

    assert f"{LOGIN}?next=%2Fcontribute%2Fimport%2F" in mail.outbox[0].body


def test_someone_signed_in_is_sent_on_to_a_safe_next_only(client):
    client.force_login(UserFactory())

    assert client.get(SIGNUP, {"next": IMPORT})["Location"] == IMPORT
    assert client.get(SIGNUP, {"next": "//evil.example/"})["Location"] == reverse(
        "accounts:dashboard"
    )


def test_the_sign_in_page_passes_only_a_safe_next_to_its_sign_up_link(client):
    safe = _main(client.get(LOGIN, {"next": IMPORT}))
    unsafe = _main(client.get(LOGIN, {"next": "https://evil.example/"}))

    assert f'href="{SIGNUP}?next=%2Fcontribute%2Fimport%2F"' in safe
    assert f'href="{SIGNUP}"' in unsafe and "evil.example" not in unsafe


def _href(page: str, text: str) -> str:
    return html.unescape(re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', page).group(1))


def test_from_the_import_page_through_sign_in_and_sign_up_back_to_the_import_page(client):
    # The import page needs an account: the person is sent to sign in…
    to_login = client.get(IMPORT)
    assert to_login.status_code == 302
    login_page = client.get(to_login["Location"]).content.decode()
    assert "To bring back posts from an export" in login_page

    # …has no account yet, and chooses to create one.
    signup_page = client.get(_href(login_page, "Create a sign-in")).content.decode()
    next_url = re.search(r'name="next" value="([^"]+)"', signup_page).group(1)
    sent = _signup(client, html.unescape(next_url))
    assert sent.status_code == 302

    # The link in the e-mail signs them in and brings them back to the import page.
    landed = client.get(_mailed_link(mail.outbox[0]), follow=True)
    assert landed.redirect_chain == [(IMPORT, 302)]
    assert landed.status_code == 200
    assert landed.request["PATH_INFO"] == IMPORT
    assert "Your account is ready. You are signed in." in landed.content.decode()
