from __future__ import annotations

import pytest

from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_home_shows_published_redacted_accounts_only(client):
    make_story(
        status=Status.PUBLISHED,
        title="A published title",
        body="Published words. Mail me at hidden@example.org",
    )
    for status in Status:
        if status != Status.PUBLISHED:
            make_story(status=status, title=f"Title {status}", body=f"Unpublished {status} words")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "A published title" in html and "Published words" in html
    assert "hidden@example.org" not in html
    assert "[e-mail]" in html
    assert "Unpublished" not in html and "Title " not in html


def test_every_page_has_a_quick_exit_and_a_language(client):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert html.count("data-quick-exit") == 2  # the visible button and the skip link
    assert "js/quick-exit" in html


def test_french_visitors_get_french_lang_attribute(client):
    response = client.get("/", headers={"accept-language": "fr"})
    assert '<html lang="fr">' in response.content.decode()


def test_pages_forbid_third_party_and_inline_code(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "style=" not in html and "<script>" not in html
    assert "http://" not in html.replace("http://testserver", "")
