"""The one search test suite, run against whichever backend the database selects.

The SQLite run (bin/test) exercises FTS5; the PostgreSQL run (.ci/run) exercises the
tsvector/GIN backend. Every behaviour here is promised by both.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import tasks
from archive.models import Story
from archive.search import SearchQuery, search
from archive.search.models import SearchEntry
from archive.stories import consents, lifecycle
from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def found(**query) -> list[str]:
    return [hit.public_id for hit in search(SearchQuery(**query)).hits]


def test_a_word_finds_the_published_story_that_contains_it_and_no_other(published):
    storeroom = published("My manager cornered me in the storeroom.")
    published("A teacher kept me after class.")

    assert found(text="storeroom") == [storeroom.public_id]


@pytest.mark.parametrize(
    "status",
    [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
        Status.REJECTED,
        Status.WITHDRAWN,
    ],
)
def test_a_story_that_is_not_published_is_never_found(status, published):
    published("Visible account about the lighthouse.")
    hidden = make_story(status=status, body="Hidden account about the lighthouse.")

    from archive.search import index

    index.index_story(hidden.pk)  # even asked explicitly, it is not indexed

    assert hidden.public_id not in found(text="lighthouse")
    assert search(SearchQuery(text="lighthouse")).total == 1


def test_a_withdrawn_story_disappears_from_search_at_once(published):
    story = published("The night at the lighthouse.")
    assert found(text="lighthouse") == [story.public_id]
    assert search(SearchQuery()).total == 1  # the browse totals are now cached

    lifecycle.transition(story, lifecycle.Action.WITHDRAW, actor_kind="contributor")

    assert found(text="lighthouse") == []
    assert search(SearchQuery()).total == 0


def test_browse_figures_counted_before_a_withdrawal_are_never_read_after_it(published):
    from archive.search import browse_cache

    story = published("The night at the lighthouse.")
    # A reader starts counting the browse figures before the withdrawal commits …
    counting_at = browse_cache.key()
    stale = search(SearchQuery())
    assert stale.total == 1

    lifecycle.transition(story, lifecycle.Action.WITHDRAW, actor_kind="contributor")
    # … and stores them after it, once the withdrawal's own forgetting is done.
    browse_cache.store(counting_at, (stale.total, stale.facets, False, False), seconds=300)

    assert search(SearchQuery()).total == 0


def test_withdrawing_consent_to_publish_removes_the_story_from_search(published):
    story = published("The night at the lighthouse.")

    consents.consent_record(
        story=story,
        scopes={"publish": False, "research": True, "statistics": True},
        method="web",
    )

    assert found(text="lighthouse") == []


def test_only_the_redacted_text_is_searchable(published):
    story = published(
        "Quentin Marchetti followed me home from the lighthouse.",
        redact_terms=["Quentin Marchetti"],
    )

    assert found(text="lighthouse") == [story.public_id]
    assert found(text="Marchetti") == []
    hit = search(SearchQuery(text="lighthouse")).hits[0]
    assert "Marchetti" not in "".join(part.text for part in hit.snippet)


def test_metoo_hashtag_and_the_words_me_too_find_each_other(published):
    camel = published("It happened at my first job. #MeToo")
    lower = published("Nobody believed me at school. #metoo")
    words = published("When I read the posts I thought: me too, and I wrote this.")

    for query in ("#MeToo", "#metoo", "metoo", "me too", '"me too"'):
        assert set(found(text=query)) == {camel.public_id, lower.public_id, words.public_id}, query


def test_a_camel_cased_hashtag_is_found_by_its_words(published):
    story = published("I kept quiet for years. #WhyIDidntReport")

    assert found(text="why i didnt report") == [story.public_id]
    assert found(text="#whyididntreport") == [story.public_id]


def test_accents_and_case_are_folded_both_ways(published):
    story = published("Harcèlement au café, tous les jours.", language="fr")

    assert found(text="harcelement") == [story.public_id]
    assert found(text="CAFÉ") == [story.public_id]
    assert found(text="Harcèlement") == [story.public_id]


def test_english_word_forms_are_stemmed(published):
    story = published("The managers laughed when I reported it.")

    assert found(text="manager") == [story.public_id]
    assert found(text="reporting") == [story.public_id]


def test_a_quoted_phrase_needs_the_words_together_in_order(published):
    together = published("It was my first job after school.")
    published("My job was fine at first.")

    assert found(text='"first job"') == [together.public_id]


def test_or_finds_either_word_and_minus_excludes(published):
    boss = published("My boss said nothing.")
    coach = published("My coach said nothing.")
    both = published("My boss and my coach said nothing.")

    assert set(found(text="boss OR coach")) == {boss.public_id, coach.public_id, both.public_id}
    assert set(found(text="boss -coach")) == {boss.public_id}
    assert set(found(text="said -coach")) == {boss.public_id}


def test_a_query_of_only_exclusions_returns_everything_else(published):
    boss = published("My boss said nothing.")
    published("My coach said nothing.")

    assert found(text="-coach") == [boss.public_id]


def test_filters_narrow_by_language_year_country_setting_and_hashtag(published):
    fr = published(
        "Dans le métro chaque matin. #BalanceTonPorc",
        language="fr",
        year=2016,
        country="FR",
        setting="public_space",
    )
    en = published(
        "On the metro every morning. #MeToo",
        language="en",
        year=2012,
        country="GB",
        setting="workplace",
    )

    assert found(languages=("fr",)) == [fr.public_id]
    assert found(year_from=2010, year_to=2013) == [en.public_id]
    assert found(year_from=2013) == [fr.public_id]
    assert found(countries=("gb",)) == [en.public_id]
    assert found(settings=("public_space",)) == [fr.public_id]
    assert found(hashtags=("#BalanceTonPorc",)) == [fr.public_id]
    assert set(found(hashtags=("metoo", "balancetonporc"))) == {fr.public_id, en.public_id}
    assert found(text="metro", countries=("FR",)) == [fr.public_id]
    assert found(languages=("no-such-language",)) == []


def test_hidden_content_notes_leave_out_the_stories_that_carry_them(published):
    published("The party.", content_notes=["assault"])
    harassment = published("The office.", content_notes=["harassment"])
    plain = published("The bus.")

    assert set(found(hide_content_notes=("assault", "rape"))) == {
        harassment.public_id,
        plain.public_id,
    }


def test_facets_count_the_matching_stories(published):
    published("At work. #MeToo", language="en", year=2017, country="GB", setting="workplace")
    published("At work again. #MeToo", language="en", year=2017, country="US", setting="workplace")
    published("Au travail. #BalanceTonPorc", language="fr", year=2015, country="FR")
    published("At school.", language="en", year=2017, country="GB", setting="education")

    results = search(SearchQuery(text="work OR travail"))

    assert results.total == 3
    assert not results.facets_estimated
    assert results.facets["language"] == [("en", 2), ("fr", 1)]
    assert results.facets["year"] == [("2015", 1), ("2017", 2)]
    assert results.facets["country"] == [("FR", 1), ("GB", 1), ("US", 1)]
    assert results.facets["setting"] == [("workplace", 2)]
    assert results.facets["hashtag"] == [("metoo", 2), ("balancetonporc", 1)]


def test_facets_can_be_left_out(published):
    published("At work.")

    assert search(SearchQuery(text="work", with_facets=False)).facets == {}


def test_sorting_by_date_puts_the_newest_first(published):
    older = published("A story about the hallway.")
    newer = published("Another story about the hallway and the hallway again.")

    assert found(text="hallway", sort="date") == [newer.public_id, older.public_id]
    assert found(sort="date") == [newer.public_id, older.public_id]


def test_relevance_ranks_a_title_match_above_a_passing_mention(published):
    mention = published("Many things happened, and one was at the lighthouse.")
    title = published("What happened there.", title="The lighthouse")

    assert found(text="lighthouse") == [title.public_id, mention.public_id]
    ranks = [hit.rank for hit in search(SearchQuery(text="lighthouse")).hits]
    assert ranks[0] > ranks[1] > 0


def test_pages_split_the_results_and_the_total_counts_them_all(published):
    made = [published(f"Account number {i} about the corridor.") for i in range(5)]

    first = search(SearchQuery(text="corridor", sort="date", page_size=2))
    third = search(SearchQuery(text="corridor", sort="date", page_size=2, page=3))
    beyond = search(SearchQuery(text="corridor", sort="date", page_size=2, page=9))

    assert first.total == third.total == beyond.total == 5
    assert first.page_count == 3
    assert [h.public_id for h in first.hits] == [made[4].public_id, made[3].public_id]
    assert [h.public_id for h in third.hits] == [made[0].public_id]
    # A page past the end is the last page, never an empty one.
    assert beyond.page == 3
    assert [h.public_id for h in beyond.hits] == [made[0].public_id]


def test_a_page_past_the_reachable_results_is_empty_but_still_counted(published, monkeypatch):
    from archive.search import query
    from archive.search.backends import base

    published("One account about the corridor.")
    monkeypatch.setattr(base, "MAX_RESULTS", 0)
    monkeypatch.setattr(query, "MAX_RESULTS", 0)

    results = search(SearchQuery(text="corridor"))

    assert results.total == 1
    assert results.hits == ()


def test_snippets_are_plain_text_parts_with_the_match_highlighted(published):
    published("He wrote <script>alert(1)</script> and <b>laughed</b> at my manager\x02.")

    hit = search(SearchQuery(text="manager")).hits[0]

    text = "".join(part.text for part in hit.snippet)
    # Whatever the backend keeps of the text stays text: the page escapes every part.
    assert "alert(1)" in text and "laughed" in text
    assert "\x02" not in text and "\x03" not in text
    assert [p.text.lower() for p in hit.snippet if p.highlighted] == ["manager"]


def test_without_a_query_the_snippet_is_the_opening_unhighlighted(published):
    published("It started on a Monday. " * 30)

    hit = search(SearchQuery()).hits[0]

    assert hit.snippet[0].text.startswith("It started on a Monday.")
    assert not any(part.highlighted for part in hit.snippet)


def test_a_hit_carries_the_public_metadata(published):
    story = published(
        "On the stairs.",
        title="Stairs",
        year=2014,
        country="IE",
        setting="education",
        content_notes=["harassment"],
    )

    hit = search(SearchQuery(text="stairs")).hits[0]

    assert (hit.story_id, hit.public_id, hit.title) == (story.pk, story.public_id, "Stairs")
    assert (hit.language, hit.year, hit.country, hit.setting) == ("en", 2014, "IE", "education")
    assert hit.content_notes == ("harassment",)
    assert hit.published_at == story.published_at


def test_no_results_suggest_looser_queries_that_do_find_something(published):
    published("The storeroom at the back.")

    results = search(SearchQuery(text='"storeroom office" -back'))

    assert results.total == 0
    assert "storeroom" in results.suggestions
    for suggestion in results.suggestions:
        assert search(SearchQuery(text=suggestion)).total > 0


def test_no_results_with_filters_say_how_many_the_words_find_without_them(published):
    published("The storeroom at the back.", country="GB")

    results = search(SearchQuery(text="storeroom", countries=("FR",)))

    assert results.total == 0
    assert results.unfiltered_total == 1


def test_the_language_is_detected_when_the_contributor_gave_none(published):
    story = published(
        "Je n'ai rien dit pendant des années parce que j'avais peur de perdre mon travail.",
        language="",
    )

    entry = SearchEntry.objects.get(story=story)
    assert entry.language == "fr"
    assert found(languages=("fr",)) == [story.public_id]


def test_odd_input_never_raises(published):
    published("Anything at all.")

    for odd in [
        '"unclosed',
        "OR",
        "-",
        '""',
        "NEAR(a b)",
        "a* ^b :c",
        "'; DROP TABLE x; --",
        "x" * 5000,
    ]:
        results = search(SearchQuery(text=odd, page=-3, page_size=10_000, sort="sideways"))
        assert results.page == 1
        assert results.page_size == 100


def test_a_query_of_only_stop_words_finds_nothing_without_failing(published):
    published("The and of.")

    assert search(SearchQuery(text="")).total == 1
    assert isinstance(search(SearchQuery(text="the of")).total, int)


def test_the_index_task_run_twice_has_one_effect(published):
    story = make_story(status=Status.PUBLISHED, body="Indexed twice.")

    assert tasks.index_story_task(story.pk) is True
    first = SearchEntry.objects.get(story=story)
    assert tasks.index_story_task(story.pk) is True

    assert SearchEntry.objects.filter(story=story).count() == 1
    again = SearchEntry.objects.get(story=story)
    assert (again.pk, again.version, again.body) == (first.pk, first.version, first.body)


def test_the_batch_task_builds_public_stories_and_removes_others(published):
    public = make_story(status=Status.PUBLISHED, body="Batch one.")
    draft = make_story(status=Status.DRAFT, body="Batch two.")

    assert tasks.index_stories_task([public.pk, draft.pk]) == 1
    assert tasks.index_stories_task([public.pk, draft.pk]) == 0

    assert list(SearchEntry.objects.values_list("story_id", flat=True)) == [public.pk]


def test_a_batch_written_in_chunks_stores_what_one_by_one_indexing_stores(published, monkeypatch):
    from archive.search import index

    stories = [
        make_story(
            status=Status.PUBLISHED,
            title=f"Title {i}",
            body=f"The porter at the gate {i} #MeToo said me too.",
            content_notes=["rape"],
            year=2001 + i,
            language="" if i % 2 else "en",
        )
        for i in range(5)
    ]
    ids = [s.pk for s in stories]
    monkeypatch.setattr(index, "BUILD_CHUNK", 2)  # three statements on PostgreSQL

    assert index.index_stories(ids) == 5
    fields = [f for f in index.UPDATE_FIELDS if f != "indexed_at"]
    batched = {e["story_id"]: e for e in SearchEntry.objects.values("story_id", *fields)}
    SearchEntry.objects.all().delete()
    for pk in ids:
        index.index_story(pk)
    single = {e["story_id"]: e for e in SearchEntry.objects.values("story_id", *fields)}

    assert batched == single
    assert batched[ids[0]]["hashtags"] == ["metoo"]
    assert found(text="porter", year_from=2003, year_to=2003) == [stories[2].public_id]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL batch writer")
def test_a_failed_batch_write_raises_a_django_database_error_and_writes_nothing():
    from django.db import DataError, transaction

    from archive.search import index
    from archive.search.backends.postgres import EntryWriter

    story = make_story(status=Status.PUBLISHED, body="A batch that cannot be written.")
    row = Story.objects.filter(pk=story.pk).values(*index._STORY_FIELDS).get()
    bad = index.entry_for(row, "en")
    bad.country = "GBR"  # longer than the column allows

    with pytest.raises(DataError), transaction.atomic(), EntryWriter(connection) as writer:
        writer.write([index.entry_for(row, "en")])
        writer.write([bad])

    assert not SearchEntry.objects.filter(story=story).exists()


def test_the_reconcile_sweep_builds_missing_refreshes_stale_and_drops_orphans(published):
    missing = make_story(status=Status.PUBLISHED, body="Never indexed.")
    stale = published("Indexed long ago.")
    SearchEntry.objects.filter(story=stale).update(version=0)
    orphan = published("Will be withdrawn behind the index's back.")
    from archive.models import Story

    Story.objects.filter(pk=orphan.pk).update(status=Status.WITHDRAWN)

    assert tasks.reconcile_index_task() == 3  # tasks run in-process in tests

    assert SearchEntry.objects.get(story=missing).version == missing.version
    assert SearchEntry.objects.get(story=stale).version == stale.version
    assert not SearchEntry.objects.filter(story=orphan).exists()
    assert tasks.reconcile_index_task() == 0


def test_rebuild_index_rebuilds_every_entry_in_batches(published, capsys):
    stories = [make_story(status=Status.PUBLISHED, body=f"Rebuilt {i}.") for i in range(3)]
    gone = published("Not public any more.")
    from archive.models import Story

    Story.objects.filter(pk=gone.pk).update(status=Status.REJECTED)

    call_command("rebuild_index", "--batch-size", "2", "--no-progress")

    assert set(SearchEntry.objects.values_list("story_id", flat=True)) == {s.pk for s in stories}
    assert "3 entries written" in capsys.readouterr().out


def test_very_broad_queries_estimate_facets_from_the_sample(published, settings, monkeypatch):
    made = [published(f"Account {i} about work.", country="GB") for i in range(17)]
    in_sample = [s for s in made if s.pk % 16 == 0]
    settings.SEARCH = {**settings.SEARCH, "FACET_EXACT_LIMIT": 3}
    if connection.vendor == "postgresql":
        from archive.search.backends import postgres

        # PostgreSQL reads every match once when it counts them exactly, and the exact
        # facets come with them: its facets are sampled when its total is.
        settings.SEARCH["COUNT_EXACT_LIMIT"] = 0
        monkeypatch.setattr(postgres, "SAMPLE_MIN_MATCHES", 1)

    results = search(SearchQuery(text="work"))

    assert results.total == (16 * len(in_sample) if results.total_estimated else 17)
    assert results.facets_estimated
    assert len(in_sample) >= 1
    assert results.facets["country"] == [("GB", results.total)]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's match sets")
def test_an_exact_total_reads_the_matches_once_and_gives_exact_facets(published, settings):
    for i in range(30):
        published(f"Account {i} about work.", country="GB" if i % 3 else "US", year=2016)
    published("Account about work in another year.", country="GB", year=1990)
    published("Nothing to see.", country="GB", year=2016)
    settings.SEARCH = {**settings.SEARCH, "RANK_ALL_LIMIT": 5}

    with CaptureQueriesContext(connection) as captured:
        results = search(
            SearchQuery(text="work", year_from=2015, year_to=2018, countries=("GB", "US"))
        )
        by_date = search(
            SearchQuery(
                text="work",
                year_from=2015,
                year_to=2018,
                countries=("GB", "US"),
                sort="date",
                page=2,
                page_size=7,
            )
        )

    assert (results.total, results.total_estimated, results.facets_estimated) == (30, False, False)
    assert results.facets["country"] == [("GB", 20), ("US", 10)]
    assert results.facets["year"] == [("2016", 30)]
    # Relevance over more than RANK_ALL_LIMIT matches: the newest RANK_CANDIDATES of them.
    assert results.ranked_among == 30 and len(results.hits) == 20
    newest = SearchEntry.objects.filter(year=2016, body__contains="work").order_by(
        "-published_at", "-id"
    )
    assert [h.public_id for h in by_date.hits] == [e.public_id for e in newest[7:14]]
    # GIN is asked once per search: the set gives the total, facets and candidates.
    lookups = [q["sql"] for q in captured.captured_queries if "vector @@" in q["sql"]]
    assert len([sql for sql in lookups if "EXPLAIN" not in sql]) == 2


@pytest.mark.parametrize(
    "walk_limit, sort_limit",
    [(10**6, 10**6), (0, 10**6), (0, 0)],
    ids=["date-index walk", "date sort", "index order"],
)
def test_very_broad_queries_rank_a_bounded_candidate_set_of_true_matches(
    published, settings, walk_limit, sort_limit
):
    for i in range(6):
        published(f"Account {i} about the corridor.")
    published("Nothing to see.")
    settings.SEARCH = {
        **settings.SEARCH,
        "RANK_ALL_LIMIT": 2,
        "RANK_CANDIDATES": 3,
        "DATE_WALK_LIMIT": walk_limit,
        "SORT_CANDIDATES_LIMIT": sort_limit,
    }

    results = search(SearchQuery(text="corridor", page_size=10))

    assert results.total == 6
    assert 1 <= len(results.hits) <= 6
    for hit in results.hits:
        assert "corridor" in "".join(p.text for p in hit.snippet).lower()


def test_a_search_runs_a_bounded_number_of_queries_whatever_the_page_size(published):
    for i in range(12):
        published(f"Account {i} about the corridor. #MeToo")

    with CaptureQueriesContext(connection) as small:
        search(SearchQuery(text="corridor", page_size=3))
    with CaptureQueriesContext(connection) as large:
        search(SearchQuery(text="corridor", page_size=50))

    assert len(small) == len(large) <= 16


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="per-language stemming is PostgreSQL's"
)
def test_each_language_is_stemmed_with_its_own_rules(published):
    story = published("Je travaillais la nuit et personne ne m'écoutait.", language="fr")

    assert found(text="travaille") == [story.public_id]
    assert connection.vendor == "postgresql"


def test_a_very_broad_total_is_exact_or_flagged_as_an_estimate(published, settings, monkeypatch):
    from archive.search.backends import postgres

    for i in range(40):
        published(f"Account {i} about the corridor.")
    settings.SEARCH = {**settings.SEARCH, "COUNT_EXACT_LIMIT": 0}
    monkeypatch.setattr(postgres, "SAMPLE_MIN_MATCHES", 1)

    results = search(SearchQuery(text="corridor"))

    # PostgreSQL counts broad queries in a fixed sample and says so; SQLite counts exactly.
    if results.total_estimated:
        assert connection.vendor == "postgresql"
        assert results.total > 0 and results.total % 16 == 0
    else:
        assert results.total == 40
    assert len(results.hits) == 20
    assert all("corridor" in "".join(p.text for p in h.snippet).lower() for h in results.hits)


def test_a_sample_too_small_to_estimate_from_falls_back_to_the_exact_total(published, settings):
    for i in range(5):
        published(f"Account {i} about the corridor.")
    settings.SEARCH = {**settings.SEARCH, "COUNT_EXACT_LIMIT": 0}

    results = search(SearchQuery(text="corridor"))

    assert (results.total, results.total_estimated) == (5, False)


def test_phrase_operators_are_read_as_and_outside_quoted_lexemes():
    from archive.search.backends.postgres import _has_phrase, _loosen

    assert _loosen("('first' <-> 'job') | ('first' <2> 'job')") == (
        "('first' & 'job') | ('first' & 'job')"
    )
    assert _has_phrase("'first' <-> 'job'")
    assert not _has_phrase("'first' & 'job' & !'boss'")
    assert not _has_phrase("'a<->b' & 'it''s'")  # inside a lexeme: not an operator
    assert _loosen("'a<->b' <-> 'c'") == "'a<->b' & 'c'"


@pytest.mark.parametrize("check_limit", [3, 400], ids=["bounded candidates", "all checked"])
def test_a_phrase_whose_words_are_common_finds_only_the_phrase(published, settings, check_limit):
    together = []
    for i in range(4):
        together.append(published(f"Account {i}: my first job was in a kitchen."))
        published(f"Account {i}: the job came first, the kitchen later.")
    published("The job came first.")
    published("Nothing to see.")
    settings.SEARCH = {**settings.SEARCH, "PHRASE_CHECK_LIMIT": check_limit}

    results = search(SearchQuery(text='"first job"', page_size=1))
    words = search(SearchQuery(text="first job", page_size=20))

    assert results.total == 4 and not results.total_estimated
    assert {h.public_id for h in results.hits} <= {s.public_id for s in together}
    assert len(results.hits) >= 1
    assert all(
        "first job" in " ".join(p.text for p in h.snippet if p.highlighted).lower()
        or "first job" in "".join(p.text for p in h.snippet).lower()
        for h in results.hits
    )
    assert words.total == 9  # the words alone, in any order, still find all nine
    if connection.vendor == "postgresql" and check_limit == 3:
        assert results.ranked_among is not None and results.ranked_among <= results.total


@pytest.mark.parametrize("walk_limit", [10**6, 0], ids=["date-index walk", "date sort"])
def test_filters_only_by_date_walk_the_same_accounts_as_the_index_finds(
    published, settings, walk_limit
):
    kept = []
    for i in range(4):
        kept.append(published(f"Account {i}.", setting="workplace", country="GB", year=2016))
        published(f"Noted {i}.", setting="workplace", content_notes=["rape"])
        published(f"Elsewhere {i}.", setting="home", country="GB", year=2016)
    settings.SEARCH = {**settings.SEARCH, "DATE_WALK_LIMIT": walk_limit}

    results = search(
        SearchQuery(
            settings=("workplace",),
            countries=("gb",),
            year_from=2015,
            year_to=2017,
            hide_content_notes=("rape",),
            sort="date",
        )
    )

    assert results.total == 4
    assert [h.public_id for h in results.hits] == [s.public_id for s in reversed(kept)]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's samples")
def test_a_broad_word_ranks_the_newest_matches_of_the_sample_it_was_counted_in(
    published, settings, monkeypatch
):
    from archive.search.backends import postgres

    made = [published(f"Account {i} about the corridor.") for i in range(40)]
    published("Nothing to see.")
    in_sample = sorted((s for s in made if s.pk % 16 == 0), key=lambda s: -s.pk)
    settings.SEARCH = {
        **settings.SEARCH,
        "COUNT_EXACT_LIMIT": 0,
        "RANK_ALL_LIMIT": 1,
        "RANK_CANDIDATES": 400,
        "SORT_CANDIDATES_LIMIT": 0,
        "DATE_WALK_LIMIT": 0,
    }
    monkeypatch.setattr(postgres, "SAMPLE_MIN_MATCHES", 1)

    results = search(SearchQuery(text="corridor"))

    assert results.total_estimated and results.total == 16 * len(in_sample)
    # Fewer candidates than RANK_CANDIDATES, and the page says so.
    assert results.ranked_among == len(in_sample) == results.reachable
    assert {h.public_id for h in results.hits} == {s.public_id for s in in_sample}
