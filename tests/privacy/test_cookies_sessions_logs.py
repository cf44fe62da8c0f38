"""Traces on the survivor's device and on the server: cookies, sessions and log lines.

A reader gets no cookie at all; every cookie Chorus sets is Secure over HTTPS, HttpOnly
and SameSite; the session key changes when a draft starts and when a claim code opens an
account; expired sessions are cleared daily and erased stories are forgotten by live
sessions; log lines about requests name routes, never a private id.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from archive.stories import services, sessions
from tests.contribute.helpers import submit_story, write_data
from tests.public.conftest import published

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _named_in_any_session(public_id: str) -> bool:
    store = Session.get_session_store_class()()
    return any(
        public_id in json.dumps(store.decode(row.session_data)) for row in Session.objects.all()
    )


# --- A reader leaves with no cookie -----------------------------------------------------


def test_reading_sets_no_cookie_at_all(client):
    story = published()
    pages = [
        "/",
        reverse("archive:story_list"),
        reverse("archive:story_detail", args=[story.public_id]),
        reverse("archive:statistics"),
        reverse("archive:search") + "?q=storeroom",
        "/api/v1/stats/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, list(response.cookies))
        assert "Set-Cookie" not in response.headers, url
    assert not client.cookies


def test_the_language_switch_needs_no_cookie_and_sets_only_the_language(client):
    html = client.get("/").content.decode()
    assert 'method="get" class="language-form"' in html and "csrfmiddlewaretoken" not in html

    response = client.get(reverse("choose_language"), {"language": "fr", "next": "/stories/"})

    assert response.status_code == 302 and response["Location"] == "/stories/"
    assert list(response.cookies) == [django_settings.LANGUAGE_COOKIE_NAME]
    assert '<html lang="fr">' in client.get("/stories/").content.decode()


# --- Every cookie: Secure (over HTTPS), HttpOnly, SameSite ------------------------------


def _assert_private_cookie(morsel, *, secure: bool) -> None:
    assert morsel["httponly"] is True, morsel.key
    assert morsel["samesite"] in ("Lax", "Strict"), morsel.key
    assert bool(morsel["secure"]) is secure, morsel.key


@pytest.mark.parametrize("secure", [False, True])
def test_every_cookie_chorus_sets_carries_the_configured_flags(client, settings, secure):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = secure
    settings.LANGUAGE_COOKIE_SECURE = secure
    seen = {}
    responses = [
        client.get(reverse("choose_language"), {"language": "fr"}),  # django_language
        client.get(reverse("archive:contribute_write")),  # csrftoken
        client.post(reverse("archive:contribute_write"), write_data()),  # sessionid
        client.post(reverse("archive:contribute_discard")),  # messages / session
    ]
    for response in responses:
        for name, morsel in response.cookies.items():
            if morsel.value:  # (a deleted cookie is an empty one that expires at once)
                seen[name] = morsel
    assert {"django_language", "csrftoken", "sessionid"} <= set(seen)
    for morsel in seen.values():
        _assert_private_cookie(morsel, secure=secure)


def test_production_settings_make_every_cookie_secure_httponly_and_same_site():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECURE_SSL", "SECURE_SSL_REDIRECT")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        FIELD_ENCRYPTION_KEYS="ZmRqa2ZqZGtmamRrZmpka2ZqZGtmamRrZmpka2ZqZGs=",
    )
    script = (
        "import json, config.settings as s; print(json.dumps({n: getattr(s, n) for n in "
        "dir(s) if n.endswith(('_COOKIE_SECURE', '_COOKIE_HTTPONLY', '_COOKIE_SAMESITE'))}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    flags = json.loads(out.stdout)
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert flags[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert flags[f"{cookie}_COOKIE_HTTPONLY"] is True, cookie
        assert flags[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict"), cookie


# --- The session key changes when a draft starts and when a claim code is used ----------


def _planted_session(client) -> str:
    session = client.session
    session["planted"] = True
    session.save()
    return session.session_key


def test_starting_a_draft_changes_the_session_key(client):
    planted = _planted_session(client)

    response = client.post(reverse("archive:contribute_write"), write_data())

    assert response.status_code == 302
    assert client.cookies["sessionid"].value != planted
    assert not Session.objects.filter(session_key=planted).exists()
    # Saving the same draft again keeps the (already new) key.
    current = client.cookies["sessionid"].value
    client.post(reverse("archive:contribute_write"), write_data(title="Again"))
    assert client.cookies["sessionid"].value == current


def test_a_claim_code_opens_the_account_in_a_new_session(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        _story, code, _response = submit_story(client)
    client.cookies.clear()
    planted = _planted_session(client)

    response = client.post(reverse("archive:contribute_return"), {"code": code})

    assert response.status_code == 302
    assert client.cookies["sessionid"].value != planted


# --- Sessions: cleared daily, and they forget erased stories ----------------------------


def test_erasing_a_story_removes_its_id_from_every_browser_session(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        story, _code, _response = submit_story(client)
    assert _named_in_any_session(story.public_id)

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.story_erase(story=story, actor_kind="contributor")

    assert not _named_in_any_session(story.public_id)
    # The browser keeps its session (nothing else was lost) and is not signed out.
    assert client.get(reverse("archive:contribute_start")).status_code == 200


def test_the_daily_sweep_clears_expired_sessions_and_forgets_recent_erasures(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        story, _code, _response = submit_story(client)
    # As if the message at erasure had been lost.
    services.story_erase(story=story, actor_kind="contributor", forget_sessions=False)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )

    scrubbed = sessions.sessions_sweep()

    assert scrubbed == 1 and not _named_in_any_session(story.public_id)
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert sessions.sessions_sweep() == 0  # idempotent


def test_the_session_sweep_is_scheduled_daily_as_a_task():
    from config.celery_app import app

    beat = django_settings.CELERY_BEAT_SCHEDULE
    schedule = {entry["task"]: entry["schedule"] for entry in beat.values()}
    assert schedule["archive.sweep_sessions"] <= 24 * 60 * 60
    app.loader.import_default_modules()
    assert "archive.sweep_sessions" in app.tasks
    assert "archive.forget_story_sessions" in app.tasks


# --- Logs name routes, not private ids --------------------------------------------------


def test_a_4xx_on_a_private_url_is_logged_by_route_name_not_by_id(client, caplog):
    with TestCase.captureOnCommitCallbacks(execute=True):
        story, _code, _response = submit_story(client)
    stranger = Client()
    withdrawn = published()
    services.story_withdraw(story=withdrawn)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert stranger.get(f"/contribute/mine/{story.public_id}/edit/").status_code == 404
        assert stranger.get(f"/stories/{withdrawn.public_id}/").status_code == 404
        assert stranger.get(f"/contribute/mine/{story.public_id}/typo/").status_code == 404

    assert story.public_id not in caplog.text and withdrawn.public_id not in caplog.text
    assert "<archive:contribute_edit>" in caplog.text
    assert "<archive:story_detail>" in caplog.text and "<private path>" in caplog.text


def test_the_development_server_request_line_loses_private_ids_and_queries(caplog):
    story = published()
    with caplog.at_level(logging.INFO, logger="django.server"):
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /contribute/mine/{story.public_id}/?x=1 HTTP/1.1", "404", "12"
        )
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /search/?q=Paul+Martin HTTP/1.1", "200", "12"
        )

    assert story.public_id not in caplog.text and "Paul" not in caplog.text
    assert '"GET <archive:contribute_status> HTTP/1.1" 404' in caplog.text
    assert '"GET /search/ HTTP/1.1" 200' in caplog.text
