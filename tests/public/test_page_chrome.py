"""The page chrome (header, navigation, footer) is rendered once per process and language
(templates/base.html, CACHES["chrome"]): what is kept must be the same for everyone, and
what belongs to one visitor must never be kept."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = ["/", "/stories/", "/search/?q=work", "/statistics/"]


def _nav(html: str) -> str:
    return re.search(r"<nav aria-label=.*?</nav>", html, re.S).group(0)


@pytest.mark.parametrize("path", PAGES)
def test_each_visitor_gets_the_chrome_in_their_own_language(path):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(path).content.decode()
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get(path).content.decode()
    english_again = Client(HTTP_ACCEPT_LANGUAGE="en").get(path).content.decode()

    with translation.override("fr"):
        share_fr = translation.gettext("Share your account")
        exit_fr = translation.gettext("Quick exit")
    assert share_fr != "Share your account"  # the catalogue is there
    assert share_fr in _nav(french) and "Share your account" not in french
    assert exit_fr in french
    assert "Share your account" in _nav(english) and share_fr not in english
    assert english_again == english


def test_a_signed_in_persons_own_links_and_token_are_never_kept(client, contributor):
    Client().get("/stories/")  # the chrome is kept from an anonymous visit first
    client.force_login(contributor)

    mine = client.get("/stories/").content.decode()
    anonymous_after = Client().get("/stories/").content.decode()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', mine).group(1)
    assert "Sign out" in _nav(mine) and "Sign in" not in _nav(mine)
    assert "Sign out" not in anonymous_after and token not in anonymous_after
    assert "Sign in" in _nav(anonymous_after)


def test_a_new_quick_exit_address_shows_at_once(client, settings):
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}  # whole pages
    client.get("/stories/")
    settings.CHORUS = {**settings.CHORUS, "QUICK_EXIT_URL": "https://example.org/weather"}

    html = client.get("/stories/").content.decode()

    assert html.count('href="https://example.org/weather"') == 2  # skip link and button


def test_the_support_link_keeps_the_country_a_page_chose(client):
    client.get("/stories/")

    html = client.get("/support/?country=FR").content.decode()

    assert "?country=FR" in html
