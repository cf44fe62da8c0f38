from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from archive.vocabulary import Status
from config.urls import urlpatterns as site_urlpatterns
from tests.factories import make_story


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), *site_urlpatterns]
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
