"""The public search page (/search/) and GET /api/v1/search/, over the real engine.

Tests using `fake_engine` pin down the page's own duties (escaping, dropping anything not
public) whatever the engine returns; the others go through archive.search end to end.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from archive.models import Story
from archive.public import selectors
from archive.search.query import Hit, SearchResults, SnippetPart
from archive.stories import lifecycle
from tests.public.conftest import published

pytestmark = pytest.mark.django_db


def _hit(story: Story, parts: tuple[SnippetPart, ...]) -> Hit:
    return Hit(
        story_id=story.pk,
        public_id=story.public_id,
        version=story.version,
        title=story.public_title,
        snippet=parts,
        language=story.language,
        year=story.year,
        country=story.country,
        setting=story.setting,
        content_notes=tuple(story.content_notes),
        published_at=story.published_at,
    )


@pytest.fixture
def fake_engine(monkeypatch, settings):
    """Replace the engine with one that answers `fake_engine.hits`, recording queries.

    Its answers change with no change to the public view, so pages are not cached here."""
    settings.CHORUS = {**settings.CHORUS, "PUBLIC_PAGE_CACHE_SECONDS": 0}

    class Engine:
        hits: list[Hit] = []
        queries: list = []
        years: list = []
        estimated = False

        def __call__(self, query):
            self.queries.append(query)
            return SearchResults(
                hits=tuple(self.hits),
                total=len(self.hits),
                page=query.page,
                page_size=query.page_size,
                facets={"language": [("en", len(self.hits))], "year": self.years},
                facets_estimated=self.estimated,
                total_estimated=self.estimated,
            )

    engine = Engine()
    monkeypatch.setattr(selectors, "run_search", engine)
    return engine


# ---- the page's own duties ------------------------------------------------------------


def test_snippets_are_escaped_and_only_highlights_are_marked(client, fake_engine):
    story = published(title="<i>title</i>")
    fake_engine.hits = [
        _hit(
            story,
            (
                SnippetPart("<img src=x onerror=alert(1)>", True),
                SnippetPart(" & then <b>this</b>", False),
            ),
        )
    ]

    html = client.get("/search/?q=img").content.decode()

    assert "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>" in html
    assert " &amp; then &lt;b&gt;this&lt;/b&gt;" in html
    assert "<img" not in html and "<b>this" not in html and "<i>title" not in html
    assert html.count("<mark>") == 1


def test_api_returns_snippets_as_plain_text_parts(client, fake_engine):
    story = published()
    fake_engine.hits = [_hit(story, (SnippetPart("<b>x</b>", True), SnippetPart(" y", False)))]

    body = client.get("/api/v1/search/?q=x").json()

    assert body["results"][0]["snippet"] == [
        {"text": "<b>x</b>", "highlighted": True},
        {"text": " y", "highlighted": False},
    ]


def test_a_hit_that_is_no_longer_public_is_never_shown(client, fake_engine):
    visible = published(title="Still public")
    gone = published(title="SECRET gone")
    # Withdrawn without its index entry being touched: as if the engine lagged behind.
    Story.objects.filter(pk=gone.pk).update(status="withdrawn")
    fake_engine.hits = [_hit(gone, (SnippetPart("SECRET", True),)), _hit(visible, ())]

    html = client.get("/search/?q=x").content.decode()
    api = client.get("/api/v1/search/?q=x").content.decode()

    assert "Still public" in html and "SECRET" not in html and gone.public_id not in html
    assert "SECRET" not in api and gone.public_id not in api


def test_estimated_facet_counts_are_shown_as_approximate(client, fake_engine):
    story = published(language="en")
    fake_engine.hits = [_hit(story, ())]
    fake_engine.estimated = True

    html = client.get("/search/?q=a").content.decode()
    api = client.get("/api/v1/search/?q=a").json()

    assert '<span class="count">(about 1)</span>' in html
    assert api["facets_estimated"] is True


@pytest.mark.parametrize(
    "query",
    [
        "q=a",
        "q=a+b&page=3&lang=fr&lang=en",
        "year_to=2001&q=%22me+too%22&year_from=1999&hide_set=1&page=2",
        "q=year_from%3D&year_fromx=1",
    ],
)
def test_each_year_links_to_this_search_narrowed_to_that_year(client, fake_engine, rf, query):
    from django.template import RequestContext, Template

    fake_engine.hits = [_hit(published(), ())]
    fake_engine.years = [(2019, 3), (2005, 1)]

    html = client.get(f"/search/?{query}").content.decode()

    tag = Template("{% querystring year_from=y year_to=y page=None %}")
    request = rf.get(f"/search/?{query}")
    for year in (2005, 2019):
        expected = tag.render(RequestContext(request, {"y": year}))
        assert f'<a href="{expected}">{year}</a>' in html


def test_an_estimated_total_reads_about_on_the_page_and_is_flagged_in_the_api(client, fake_engine):
    fake_engine.hits = [_hit(published(), ())]

    fake_engine.estimated = False
    assert "About 1 account found" not in client.get("/search/?q=a").content.decode()
    assert client.get("/api/v1/search/?q=a").json()["count_estimated"] is False

    fake_engine.estimated = True
    assert "About 1 account found" in client.get("/search/?q=a").content.decode()
    assert client.get("/api/v1/search/?q=a").json()["count_estimated"] is True


def test_a_very_broad_search_says_how_far_it_can_be_browsed(client, fake_engine, monkeypatch):
    story = published()
    fake_engine.hits = [_hit(story, ())]
    broad = SearchResults(hits=tuple(fake_engine.hits), total=5000, page=1, page_size=20)
    monkeypatch.setattr(selectors, "run_search", lambda query: broad)

    html = client.get("/search/?q=the").content.decode()

    assert "5000 accounts found" in html
    assert "Page 1 of 50" in html  # 1,000 reachable results, 20 a page
    assert "Only the first 1000 results can be browsed" in html


def test_page_passes_every_parameter_to_the_engine(client, fake_engine):
    client.get(
        "/search/?q=%22the+manager%22+OR+boss+-school&lang=fr&lang=en&year_from=2019&year_to=2016"
        "&country=fr&setting=workplace&hashtag=%23MeToo&hide_set=1&hide=rape&sort=date&page=2"
    )

    [query] = fake_engine.queries
    assert query.text == '"the manager" OR boss -school'
    assert query.languages == ("fr", "en")
    assert (query.year_from, query.year_to) == (2016, 2019)  # a reversed range is turned round
    assert query.countries == ("FR",)
    assert query.settings == ("workplace",)
    assert query.hashtags == ("metoo",)
    assert query.hide_content_notes == ("rape",)
    assert (query.sort, query.page, query.page_size) == ("date", 2, 20)


def test_invalid_parameters_are_explained_and_left_out(client, fake_engine):
    response = client.get("/search/?q=work&year_from=long+ago&setting=nowhere&page=-3")

    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be used" in html
    [query] = fake_engine.queries
    assert (
        query.text == "work"
        and query.year_from is None
        and query.settings == ()
        and query.page == 1
    )


def test_api_refuses_invalid_parameters(client, fake_engine):
    response = client.get("/api/v1/search/?year_from=long+ago&page_size=500")
    assert response.status_code == 400
    assert "year_from" in response.json() and "page_size" in response.json()
    assert fake_engine.queries == []


def test_the_query_box_echoes_the_query_escaped(client, fake_engine):
    html = client.get("/search/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_search_form_is_a_get_form_so_results_can_be_linked(client, fake_engine):
    html = client.get("/search/").content.decode()
    assert 'method="get" action="/search/"' in html and 'role="search"' in html


# ---- end to end through the engine ----------------------------------------------------


def test_search_finds_words_and_highlights_them(client):
    story = published(title="The storeroom", body="My manager cornered me in the storeroom.")
    published(title="Other", body="A colleague at the gym.")

    html = client.get("/search/?q=storeroom").content.decode()

    assert "1 account found" in html
    assert story.public_id in html
    assert "<mark>" in html and "storeroom</mark>" in html.lower()


def test_snippets_from_a_story_containing_a_script_are_escaped(client):
    published(title="Script", body="Someone wrote <script>alert(1)</script> on my storeroom door.")

    html = client.get("/search/?q=storeroom").content.decode()
    parts = client.get("/api/v1/search/?q=storeroom").json()["results"][0]["snippet"]

    assert "alert(1)" in html
    assert "<script>alert" not in html
    # PostgreSQL's ts_headline drops tag-like text, FTS5 keeps it: either way, whatever
    # the engine returns reaches the page escaped.
    for part in parts:
        assert escape(part["text"]) in html


def test_people_can_use_quotes_or_and_minus(client):
    a = published(body="The night manager said nothing about the shift.")
    b = published(body="The manager of the night shift said nothing.")
    c = published(body="A teacher at school said nothing.")

    def ids(q: str) -> set[str]:
        body = client.get("/api/v1/search/", {"q": q}).json()
        return {r["id"] for r in body["results"]}

    assert ids('"night manager"') == {a.public_id}
    assert ids("manager OR teacher") == {a.public_id, b.public_id, c.public_id}
    assert ids("said -teacher") == {a.public_id, b.public_id}


def test_filters_narrow_results_and_show_facet_counts(client):
    published(
        body="At work it began. #MeToo", language="fr", country="FR", year=2017, setting="workplace"
    )
    published(
        body="At work it began too.", language="en", country="GB", year=2019, setting="workplace"
    )
    published(
        body="At school it began.", language="en", country="GB", year=2019, setting="education"
    )

    html = client.get("/search/?q=began").content.decode()
    assert "3 accounts found" in html
    assert 'name="setting" value="workplace"> Workplace <span class="count">(2)</span>' in html
    assert 'name="country" value="GB"> GB <span class="count">(2)</span>' in html

    def count(query: str) -> int:
        return client.get(f"/api/v1/search/?q=began&{query}").json()["count"]

    assert count("country=FR") == 1
    assert count("setting=workplace") == 2
    assert count("year_from=2018&year_to=2020") == 2
    assert count("lang=fr") == 1
    assert count("hashtag=metoo") == 1
    facets = client.get("/api/v1/search/?q=began").json()["facets"]
    assert {"value": "education", "count": 1} in facets["setting"]


def test_search_sorts_by_date_when_asked(client):
    older = published(body="storeroom one")
    newer = published(body="storeroom two storeroom storeroom")
    Story.objects.filter(pk=older.pk).update(published_at=timezone.now() - dt.timedelta(days=3))

    body = client.get("/api/v1/search/?q=storeroom&sort=date").json()

    assert [r["id"] for r in body["results"]] == [newer.public_id, older.public_id]


def test_search_pages_through_results_with_linkable_pages(client):
    for i in range(23):
        published(title=f"Storeroom {i}", body=f"storeroom account {i}")

    first = client.get("/search/?q=storeroom").content.decode()
    second = client.get("/search/?q=storeroom&page=2").content.decode()

    assert "23 accounts found" in first and "Page 1 of 2" in first
    assert "?q=storeroom&amp;page=2" in first
    assert second.count('class="story-card"') == 3
    api = client.get("/api/v1/search/?q=storeroom&page_size=10&page=3").json()
    assert (api["count"], api["num_pages"], len(api["results"]), api["next"]) == (23, 3, 3, None)


def test_no_results_with_filters_offer_the_same_words_without_them(client):
    published(body="My manager at work.", country="FR")

    html = client.get("/search/?q=manager&country=DE").content.decode()

    assert "0 accounts found" in html
    assert "No account matches these words with these filters." in html
    assert "The same words without any filter" in html and "(finds 1 account)" in html
    assert 'href="/search/?q=manager"' in html
    assert "Reading the whole archive" in html


def test_no_results_suggest_only_searches_that_find_something(client):
    published(body="My manager at work.")

    html = client.get("/search/?q=manager+astronaut").content.decode()

    assert "No account matches these words." in html
    assert "Searching for “manager" in html
    assert "Searching for “astronaut”" not in html


def test_accounts_with_hidden_content_notes_drop_out_of_search(client):
    published(title="About stalking", body="storeroom", content_notes=["stalking"])
    published(title="About harassment", body="storeroom", content_notes=["harassment"])

    html = client.get("/search/?q=storeroom&hide_set=1&hide=stalking").content.decode()
    assert "About harassment" in html and "About stalking" not in html
    again = client.get("/search/?q=storeroom").content.decode()
    assert "About stalking" not in again and "Accounts with these content notes are hidden" in again

    api = client.get("/api/v1/search/?q=storeroom&hide=harassment").json()
    assert [r["title"] for r in api["results"]] == ["About stalking"]  # the API keeps no session


def test_a_withdrawn_account_leaves_search_at_once(client):
    story = published(body="storeroom words")
    assert client.get("/api/v1/search/?q=storeroom").json()["count"] == 1

    # No on-commit work runs here: removal must happen in the withdrawing request itself.
    lifecycle.transition(story, lifecycle.Action.WITHDRAW, actor_kind="contributor")

    assert client.get("/api/v1/search/?q=storeroom").json()["count"] == 0
    assert "storeroom words" not in client.get("/search/?q=storeroom").content.decode()


def test_content_notes_come_before_the_snippet(client):
    published(body="storeroom words", content_notes=["assault"])
    html = client.get("/search/?q=storeroom").content.decode()
    card = html[html.index('class="story-card"') :]
    assert card.index("Sexual assault") < card.index("<mark>")
