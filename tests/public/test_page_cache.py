"""Whole public pages cached for visitors, never served past a change of the public view.

archive/public/page_cache.py keys each page by the public version, which every change of
the public view replaces in its own transaction: these tests warm every cached page, make
the change, and expect the next request to be rendered again without the account, with
nothing deleted from the cache in between.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from archive.models import Story
from archive.public import page_cache
from archive.stories import consents, lifecycle, services
from archive.tasks import index_story_task
from archive.vocabulary import Status
from tests.factories import make_story
from tests.public.conftest import published, published_many, run_on_commit

pytestmark = pytest.mark.django_db

HEADER = page_cache.HEADER
MARKER = "pangolin"  # what the searches ask for
TITLE = "okapi"  # what only the account's own words contain

PAGES = [
    "/",
    "/stories/",
    "/stories/{id}/",
    f"/search/?q={MARKER}",
    "/api/v1/stories/",
    "/api/v1/stories/{id}/",
    f"/api/v1/search/?q={MARKER}",
]
# Figures only: the account is counted there, not named.
FIGURES = ["/statistics/", "/api/v1/stats/"]


@pytest.fixture
def story(settings) -> Story:
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 1}
    return published(
        title=f"The {TITLE} account",
        body=f"Words about the {MARKER} at work. #MeToo",
        year=1987,
        content_notes=["harassment"],
    )


def _warm(client: Client, story: Story, paths: list[str]) -> dict[str, str]:
    """Each page rendered, then served from the cache; path -> text."""
    texts = {}
    for template in paths:
        path = template.format(id=story.public_id)
        first = client.get(path)
        again = client.get(path)
        assert (first.status_code, first[HEADER]) == (200, "miss"), path
        assert (again[HEADER], again.content) == ("hit", first.content), path
        texts[path] = again.content.decode()
    return texts


def _withdraw(story):
    services.story_withdraw(story=story)


def _reject(story):
    lifecycle.transition(story, lifecycle.Action.REJECT, actor_kind="system")


def _erase(story):
    services.story_erase(story=story, actor_kind="contributor")


def _consent_to_publish_withdrawn(story):
    consents.consent_change(
        story=story, scopes={"publish": False, "research": False, "statistics": False}
    )


def _edited(story):
    services.story_edit(story=story, changes={"title": "Another title"})


@pytest.mark.parametrize(
    "leave", [_withdraw, _reject, _erase, _consent_to_publish_withdrawn, _edited]
)
def test_an_account_that_leaves_the_public_view_leaves_every_cached_page_at_once(
    client, story, leave
):
    before = _warm(client, story, PAGES)
    assert all(TITLE in text for text in before.values())

    run_on_commit(leave, story)

    for path in before:
        response = client.get(path)
        assert response[HEADER] == "miss", path
        if response.status_code == 200:
            assert TITLE not in response.content.decode(), path
            assert story.public_id not in response.content.decode(), path
        else:
            assert path.endswith(f"{story.public_id}/") and response.status_code == 404


def _year_1987(client) -> int | None:
    response = client.get("/api/v1/stats/")
    cells = response.json()["dimensions"]["year"]["cells"]
    return next((c["count"] for c in cells if c["value"] == "1987"), None), response[HEADER]


def test_a_withdrawn_account_leaves_the_cached_figures(client, story):
    published_many(6, year=1987)
    assert _year_1987(client) == (7, "miss")
    assert _year_1987(client) == (7, "hit")
    assert client.get("/statistics/").status_code == 200

    run_on_commit(_withdraw, story)

    assert _year_1987(client) == (6, "miss")
    assert client.get("/statistics/")[HEADER] == "miss"


def test_a_consent_change_to_statistics_only_changes_the_cached_figures(client, story):
    published_many(6, year=1987)
    assert _year_1987(client) == (7, "miss")
    assert _year_1987(client) == (7, "hit")

    run_on_commit(
        consents.consent_change,
        story=story,
        scopes={"publish": True, "research": False, "statistics": False},
    )

    assert _year_1987(client) == (6, "miss")
    assert Story.objects.public().filter(pk=story.pk).exists()


def test_a_new_publication_shows_on_the_next_request(client, story):
    _warm(client, story, ["/", "/stories/", "/api/v1/stories/"])

    newer = published(title="A newer account about the storeroom")

    for path in ["/", "/stories/", "/api/v1/stories/"]:
        response = client.get(path)
        assert response[HEADER] == "miss"
        assert newer.public_id in response.content.decode()


def test_changed_content_notes_show_on_the_next_request(client, story):
    page = f"/stories/{story.public_id}/"
    assert "Sexual harassment" in client.get(page).content.decode()
    assert client.get(page)[HEADER] == "hit"

    run_on_commit(services.story_edit, story=story, changes={"content_notes": ["stalking"]})
    run_on_commit(lifecycle.transition, story, lifecycle.Action.PUBLISH, actor_kind="system")

    text = client.get(page).content.decode()
    assert "Stalking" in text and "Sexual harassment" not in text
    assert client.get("/api/v1/stories/").json()["results"][0]["content_notes"] == ["stalking"]


def test_a_story_becoming_searchable_shows_in_cached_search_at_once(client, story):
    # Published, but its indexing (on commit, in a worker) has not run yet.
    later = make_story(status=Status.PUBLISHED, title=f"Later {MARKER} words", body=f"{MARKER}!")
    search = f"/api/v1/search/?q={MARKER}"
    ids = [r["id"] for r in client.get(search).json()["results"]]
    assert later.public_id not in ids and client.get(search)[HEADER] == "hit"

    assert index_story_task(later.pk)  # the worker's task, run here

    response = client.get(search)
    assert response[HEADER] == "miss"
    assert later.public_id in [r["id"] for r in response.json()["results"]]


def test_an_embargo_ends_at_midnight_without_any_writer(client, story, monkeypatch):
    today = timezone.localdate()
    embargoed = published(title="Embargoed words", embargo_until=today + dt.timedelta(days=1))
    assert embargoed.public_id not in client.get("/stories/").content.decode()
    assert client.get("/stories/")[HEADER] == "hit"

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + dt.timedelta(days=1))

    response = client.get("/stories/")
    assert response[HEADER] == "miss"
    assert embargoed.public_id in response.content.decode()


def test_a_signed_in_person_is_never_served_or_stored_a_cached_page(client, story, contributor):
    signed_in = Client()
    signed_in.force_login(contributor)

    first = signed_in.get("/stories/")
    assert first.status_code == 200 and HEADER not in first
    assert client.get("/stories/")[HEADER] == "miss"  # nothing was stored for the visitor
    assert client.get("/stories/")[HEADER] == "hit"
    assert HEADER not in signed_in.get("/stories/")


def test_a_visitor_with_a_session_is_neither_served_nor_stored(client, story):
    chose = client.get("/stories/?hide_set=1&hide=harassment")
    assert chose.status_code == 200 and "sessionid" in chose.cookies
    assert story.public_id not in chose.content.decode()
    # The remembered choice applies: never the cached page everyone else gets.
    Client().get("/stories/")
    remembered = client.get("/stories/")
    assert HEADER not in remembered
    assert story.public_id not in remembered.content.decode()


def test_a_response_that_set_a_cookie_is_not_stored(story):
    first = Client().get("/stories/?hide_set=1&hide=stalking")
    assert "sessionid" in first.cookies and first[HEADER] == "miss"
    assert Client().get("/stories/?hide_set=1&hide=stalking")[HEADER] == "miss"


def test_an_authorization_header_bypasses_the_cache(client, story):
    client.get("/api/v1/stories/")
    response = Client(HTTP_AUTHORIZATION="Claim whatever").get("/api/v1/stories/")
    assert HEADER not in response


def test_cache_keys_differ_by_language(story):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/stories/")
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/stories/")
    french_again = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/stories/")
    english_again = Client(HTTP_ACCEPT_LANGUAGE="en").get("/stories/")

    assert french[HEADER] == "miss" and french.content != english.content
    assert (french_again[HEADER], french_again.content) == ("hit", french.content)
    assert (english_again[HEADER], english_again.content) == ("hit", english.content)
    assert french_again["Content-Language"] == "fr"


def test_a_missing_page_is_not_cached(client, story):
    answers = [client.get("/stories/nosuchid/") for _ in range(2)]
    assert [(r.status_code, r[HEADER]) for r in answers] == [(404, "miss"), (404, "miss")]


def test_the_cache_can_be_turned_off(client, story, settings):
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}
    client.get("/stories/")
    assert HEADER not in client.get("/stories/")


def test_a_cached_page_costs_one_query(client, story, django_assert_num_queries):
    path = f"/stories/{story.public_id}/"
    client.get(path)
    with django_assert_num_queries(1):  # the public version, by primary key
        assert client.get(path)[HEADER] == "hit"


def test_pages_kept_in_the_process_are_served_only_at_their_version(client, story):
    page = f"/stories/{story.public_id}/"
    client.get(page)
    cache.clear()  # the shared cache loses everything; this process still has the page
    assert client.get(page)[HEADER] == "hit"

    run_on_commit(_withdraw, story)

    assert client.get(page).status_code == 404


def test_the_process_keeps_pages_within_its_byte_bound():
    kept = page_cache._RecentPages(max_bytes=800)
    for i in range(10):
        kept.set(f"page-{i}", (b"x" * 90, []), 60)
    assert kept.get("page-0") is None and kept.get("page-9") is not None
    assert sum(len(v[1][0]) for v in kept._entries.values()) <= 800
    kept.set("expired", (b"x", []), -1)
    assert kept.get("expired") is None
