"""The error pages keep the quick exit: the same markup as every other page, written once
(templates/_exit_this_page.html), whether rendered with the request (404, through
base.html) or without it (500 and 503, through _error_page.html)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path
from django.utils import translation

from archive.vocabulary import Status
from config.urls import urlpatterns as site_urlpatterns
from tests.factories import make_story


def _boom(request):
    raise RuntimeError("a bug")


def _database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [path("boom/", _boom), path("database-down/", _database_down), *site_urlpatterns]
handler500 = "archive.public.errors.server_error"


@pytest.mark.django_db
def test_a_withdrawn_story_gives_a_kind_not_found_page_with_quick_exit(client):
    story = make_story(status=Status.WITHDRAWN, body="Words that were withdrawn")

    response = client.get(f"/stories/{story.public_id}/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "This page is not here" in html and "data-quick-exit" in html
    assert "Words that were withdrawn" not in html


@pytest.mark.django_db
def test_a_server_error_page_keeps_the_quick_exit_and_shows_nothing_of_the_request(settings):
    settings.ROOT_URLCONF = "tests.test_error_pages"
    client = Client(raise_request_exception=False)

    response = client.post("/boom/", {"body": "my secret account", "claim": "ABCDE-12345"})

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert settings.CHORUS["QUICK_EXIT_URL"] in html
    assert "my secret account" not in html and "ABCDE" not in html and "a bug" not in html


def _exit_markup(settings, language: str) -> str:
    """The quick exit as every page shows it, rendered on its own."""
    with translation.override(language):
        return render_to_string(
            "_exit_this_page.html", {"quick_exit_url": settings.CHORUS["QUICK_EXIT_URL"]}
        )


def _error_client(settings) -> Client:
    settings.ROOT_URLCONF = "tests.test_error_pages"
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("path", "status"), [("/no-such-page/", 404), ("/boom/", 500), ("/database-down/", 503)]
)
def test_every_error_page_has_the_one_quick_exit_of_every_page(settings, path, status, language):
    response = _error_client(settings).get(path, HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}"' in html
    # The whole control, once: the link to the quick exit's address, the Shift indicator,
    # the spoken status and the "Leaving quickly" page, in the visitor's language.
    assert _exit_markup(settings, language) in html
    assert html.count('class="quick-exit"') == 1


def test_the_error_pages_write_no_quick_exit_of_their_own(settings):
    template = (Path(settings.BASE_DIR) / "templates" / "_error_page.html").read_text()

    assert '{% include "_exit_this_page.html" %}' in template
    assert "data-quick-exit" not in template and 'class="quick-exit"' not in template
