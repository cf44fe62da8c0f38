"""The public page cache against the ways out of the public view that
tests/public/test_page_cache.py does not already walk, and against one visitor's page
reaching another.

Each test warms the cache, makes the change (or sends the other visitor), and expects a
page rendered again without what left, or a page that was never shared.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone

from accounts import services as account_services
from archive.models import Story
from archive.moderation import services as moderation
from archive.moderation.selectors import edit_token
from archive.public import page_cache
from archive.stories import consents
from tests.public.conftest import published, run_on_commit
from tests.public.test_page_cache import HEADER, MARKER, PAGES, TITLE
from tests.public.test_page_cache import _warm as _rendered_then_cached

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(contributor) -> Story:
    return published(
        title=f"The {TITLE} account",
        body=f"Words about the {MARKER} in the storeroom. #MeToo",
        contributor=contributor,
    )


def _warm(client: Client, story: Story) -> list[str]:
    """Every page rendered, then served from the cache, naming the account."""
    texts = _rendered_then_cached(client, story, PAGES)
    assert all(TITLE in text for text in texts.values())
    return list(texts)


def _assert_gone(client: Client, story: Story, paths: list[str], word: str = TITLE) -> None:
    for path in paths:
        response = client.get(path)
        assert response[HEADER] == "miss", path
        text = response.content.decode()
        assert word not in text, path
        if word == TITLE:
            assert story.public_id not in text, path


def test_an_account_deleted_with_its_stories_leaves_every_cached_page(client, story, contributor):
    paths = _warm(client, story)

    run_on_commit(account_services.account_delete, user=contributor, keep_stories=False)

    _assert_gone(client, story, paths)


def test_an_embargo_set_on_a_published_account_takes_it_off_every_cached_page(client, story):
    paths = _warm(client, story)

    run_on_commit(
        consents.consent_change,
        story=story,
        scopes={"publish": True, "research": False, "statistics": True},
        embargo_until=timezone.localdate() + dt.timedelta(days=30),
    )

    _assert_gone(client, story, paths)


def test_a_moderator_hiding_more_words_changes_every_cached_page(client, story, moderator):
    story_pages = [f"/stories/{story.public_id}/", f"/api/v1/stories/{story.public_id}/"]
    for path in story_pages:
        client.get(path)
        assert "storeroom" in client.get(path).content.decode()
        assert client.get(path)[HEADER] == "hit"

    story.refresh_from_db()
    run_on_commit(
        moderation.redaction_add,
        story=story,
        actor=moderator,
        token=edit_token(story),
        words="storeroom",
        kind="organisation",
    )

    for path in story_pages:
        response = client.get(path)
        assert response[HEADER] == "miss", path
        assert "storeroom" not in response.content.decode(), path


def test_a_visitor_who_chose_a_language_by_cookie_never_gets_another_languages_page(story):
    english = Client().get("/stories/")
    assert Client().get("/stories/")[HEADER] == "hit"

    french_visitor = Client()
    french_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = french_visitor.get("/stories/")

    assert french[HEADER] == "miss" and french.content != english.content
    assert french["Content-Language"] == "fr"
    again = french_visitor.get("/stories/")
    assert (again[HEADER], again["Content-Language"]) == ("hit", "fr")
    assert again.content == french.content


def test_a_page_served_from_the_cache_sets_no_cookie_and_keeps_no_session(story):
    Client().get("/stories/")
    visitor = Client()
    visitor.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # allowed: it names no one

    hit = visitor.get("/stories/")

    assert hit[HEADER] == "hit"
    assert not hit.cookies and "Set-Cookie" not in hit
    assert "private" not in hit.get("Cache-Control", "")


def _through_the_cache(request, view_response):
    """`request` through the page cache around a view that answers `view_response(request)`."""
    middleware = page_cache.PublicPageCacheMiddleware(view_response)
    request.resolver_match = resolve(request.path)
    request.user = AnonymousUser()
    if (answer := middleware.process_view(request, None, (), {})) is not None:
        return answer
    return middleware(request)


def test_a_page_that_used_the_visitors_csrf_token_is_not_stored(story):
    def with_token(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    first = _through_the_cache(RequestFactory().get("/stories/"), with_token)
    second = _through_the_cache(RequestFactory().get("/stories/"), with_token)

    assert (first[HEADER], second[HEADER]) == ("miss", "miss")
    assert first.content != second.content  # each visitor their own token


def test_a_page_marked_private_or_setting_a_cookie_is_not_stored(story):
    def private(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "private"
        return response

    def cookie(request):
        response = HttpResponse("mine")
        response.set_cookie("messages", "for you")
        return response

    for view in (private, cookie):
        answers = [_through_the_cache(RequestFactory().get("/stories/"), view) for _ in "ab"]
        assert [a[HEADER] for a in answers] == ["miss", "miss"], view.__name__


def test_a_moderators_change_of_country_and_tags_leaves_the_cached_facets(client, moderator):
    story = published(
        title=f"The {TITLE} account",
        body=f"Words about the {MARKER}. #MeToo",
        country="IS",
        tags=["gullfoss"],
    )
    searches = [f"/api/v1/search/?q={MARKER}", "/api/v1/search/", f"/search/?q={MARKER}"]
    for path in searches:
        client.get(path)
        text = client.get(path).content.decode()
        assert "gullfoss" in text and "IS" in text, path

    story.refresh_from_db()
    run_on_commit(
        moderation.story_details_update,
        story=story,
        actor=moderator,
        token=edit_token(story),
        content_notes=story.content_notes,
        tags=[],
        language=story.language,
        year=story.year,
        country="",
        setting=story.setting,
        embargo_until=None,
    )

    for path in searches[:2]:
        response = client.get(path)
        assert response[HEADER] == "miss", path
        facets = response.json()["facets"]
        shown = {f["value"] for name in ("hashtag", "country") for f in facets[name]}
        assert not shown & {"gullfoss", "IS"}, path
    page = client.get(searches[2])
    assert page[HEADER] == "miss" and "gullfoss" not in page.content.decode()


@pytest.mark.parametrize("path", [*PAGES, "/statistics/", "/api/v1/stats/"])
def test_no_cached_page_tells_a_browser_or_proxy_to_keep_it(client, story, path):
    """A copy kept outside this cache would outlive the public version that keys it:
    a withdrawn account would stay in a proxy or a browser's cache."""
    path = path.format(id=story.public_id)
    for response in (client.get(path), client.get(path)):
        directives = response.get("Cache-Control", "").lower()
        assert "public" not in directives and "max-age" not in directives, path
        assert "Expires" not in response and "Last-Modified" not in response, path
    assert response[HEADER] == "hit"
