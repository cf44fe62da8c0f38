"""archive/stats.py and the statistics page: public, consented, small cells suppressed."""

from __future__ import annotations

import re

import pytest

from archive.public import charts, stats
from archive.stories import consents, lifecycle
from tests.public.conftest import published, run_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def threshold_3(settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 3}


def _countries(figures: stats.Statistics) -> dict[str, int]:
    return {c.value: c.count for c in figures.dimensions["country"].cells}


def test_small_cells_are_neither_named_nor_counted(threshold_3):
    for _ in range(3):
        published(country="FR")
    published(country="IS")

    figures = stats.public_statistics()

    assert figures.total == 4
    # FR (3) beside the total (4) would reveal the one IS account: FR is held back too.
    assert _countries(figures) == {}
    country = figures.dimensions["country"]
    assert country.suppressed_cells and country.other == 4


def test_small_cells_are_pooled_once_the_pool_reaches_the_threshold(threshold_3):
    for country in ("FR", "FR", "FR", "IS", "MT", "LU"):
        published(country=country)

    country = stats.public_statistics().dimensions["country"]

    assert [c.value for c in country.cells] == ["FR"]
    assert country.other == 3


def test_nothing_is_shown_while_the_archive_is_smaller_than_the_threshold(threshold_3, client):
    published(country="FR")
    published(country="FR")

    figures = stats.public_statistics()
    html = client.get("/statistics/").content.decode()

    assert figures.total is None and figures.dimensions == {}
    assert "not yet enough accounts" in html and '<th scope="row">FR</th>' not in html


def test_accounts_whose_authors_refused_statistics_are_not_counted(threshold_3):
    for _ in range(3):
        published(country="FR")
    refused = published(country="FR")
    run_on_commit(
        consents.consent_record,
        story=refused,
        scopes={"publish": True, "research": False, "statistics": False},
        method="web",
    )

    assert stats.public_statistics().total == 3


def test_content_notes_are_counted_per_note(threshold_3):
    for _ in range(3):
        published(content_notes=["harassment", "stalking"])
    published(content_notes=["rape"])

    notes = {c.value: c.count for c in stats.public_statistics().dimensions["content_note"].cells}

    assert notes == {"harassment": 3, "stalking": 3}


def test_statistics_page_shows_labelled_tables(threshold_3, client):
    for _ in range(3):
        published(country="FR", setting="workplace", year=2017)

    html = client.get("/statistics/").content.decode()

    assert "<dt>Accounts shared</dt>\n      <dd>3</dd>" in html
    assert '<th scope="row">Workplace</th><td>3</td>' in html
    assert '<th scope="row">2017</th><td>3</td>' in html


def test_a_chart_drawn_before_is_drawn_anew_when_its_figures_change(threshold_1, client):
    published(country="FR", setting="workplace", year=2017)
    html = client.get("/statistics/").content.decode()
    assert '<th scope="row">Workplace</th><td>1</td>' in html
    leaving = published(country="FR", setting="workplace", year=2016)
    html = client.get("/statistics/").content.decode()
    assert '<th scope="row">Workplace</th><td>2</td>' in html
    assert '<th scope="row">2016</th><td>1</td>' in html

    run_on_commit(
        lifecycle.transition, leaving, lifecycle.Action.WITHDRAW, actor_kind="contributor"
    )

    html = client.get("/statistics/").content.decode()
    assert '<th scope="row">Workplace</th><td>1</td>' in html
    assert '<th scope="row">2016</th>' not in html
    french = client.get("/statistics/", headers={"accept-language": "fr"}).content.decode()
    assert "Workplace" not in french  # the same figures in another language: its own drawing


@pytest.fixture
def threshold_1(settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 1}


def test_statistics_cost_one_query_whatever_the_archive_holds(
    threshold_1, django_assert_num_queries
):
    published(country="FR")
    with django_assert_num_queries(1):  # the summary, never the stories
        assert stats.public_statistics().total == 1
    published(country="IS", year=2016)
    with django_assert_num_queries(1):
        assert stats.public_statistics().total == 2


def test_a_withdrawn_account_leaves_the_statistics_at_once(threshold_1, client):
    published(country="FR")
    leaving = published(country="IS")
    assert client.get("/api/v1/stats/").json()["total"] == 2

    run_on_commit(
        lifecycle.transition, leaving, lifecycle.Action.WITHDRAW, actor_kind="contributor"
    )

    body = client.get("/api/v1/stats/").json()
    assert body["total"] == 1 and "IS" not in str(body)


def test_withdrawing_consent_to_statistics_takes_effect_at_once(threshold_1):
    published(country="FR")
    story = published(country="IS")
    assert stats.public_statistics().total == 2

    run_on_commit(
        consents.consent_record,
        story=story,
        scopes={"publish": True, "statistics": False},
        method="web",
    )

    assert stats.public_statistics().total == 1


def test_a_newly_published_account_is_counted_at_once(threshold_1, settings):
    published(country="FR")
    assert stats.public_statistics().total == 1
    published(country="FR")
    assert stats.public_statistics().total == 2
    assert stats.recount_raw()["country"] == stats.raw_counts()["country"] == {"FR": 2}


def test_timeline_labels_follow_the_readers_language_on_every_request():
    from django.utils import translation

    inputs = charts.Inputs()
    inputs.__dict__["raw"] = {"accounts_month": {"2017-10": 50}, "voices_month": {"2017-11": 60}}

    labels = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            labels.setdefault(language, []).append(
                [row.label for row in charts.timeline_by_month(inputs).rows]
            )

    assert labels["en"] == [["October 2017", "November 2017"]] * 2
    assert labels["fr"] == [["octobre 2017", "novembre 2017"]]


@pytest.mark.parametrize(("language", "grouped"), [("en", "375,463"), ("fr", "375\xa0463")])
def test_chart_summaries_and_tables_group_thousands_like_the_rest_of_the_page(
    client, language, grouped
):
    """The totals said "478,806" and the sentence under the chart "(375463)"."""
    from archive.counts.demo import demo_dataset_load

    demo_dataset_load()
    html = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    summaries = re.findall(r'<p class="chart-summary"[^>]*>(.*?)</p>', html, re.S)
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert summaries and cells
    assert not [s for s in summaries if re.search(r"\(\d{4,}\)", s)]
    assert not [c for c in cells if re.fullmatch(r"\d{4,}", c)]
    assert f"({grouped})" in html
