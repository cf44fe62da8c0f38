"""Charts, downloads, totals, the feed and the sitemap: only public, counted things.

`mixed_archive` (tests/public/conftest.py) holds one public account and one of every
state that must stay hidden, all sharing metadata (year 1999, NZ, sport) that only the
hidden ones carry; with the threshold at 1, a hidden account counted anywhere would show.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from archive.counts.models import CountedDataset, VoiceCount
from archive.public import charts
from tests.factories import ALL_SCOPES
from tests.public.conftest import assert_nothing_hidden_in, published

SLUGS = list(charts.BUILDERS)


def not_counted(mixed_archive):
    """A public account whose author said no to statistics: readable, never counted."""
    story = published(
        title="Public but not counted",
        year=1998,
        country="IS",
        setting="military",
        language="de",
        consent={**ALL_SCOPES, "statistics": False},
    )
    mixed_archive.not_counted = story
    return story


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_chart_download_counts_only_public_statistics_consented_accounts(
    mixed_archive, client, fmt
):
    not_counted(mixed_archive)
    for slug in SLUGS:
        response = client.get(f"/statistics/charts/{slug}.{fmt}")
        assert response.status_code == 200, slug
        text = response.content.decode()
        assert_nothing_hidden_in(text, mixed_archive)
        for value in ("1999", "1998", "NZ", "IS", "sport", "military", "Sport", "Military"):
            assert value not in text, (slug, value)


def test_the_statistics_page_counts_one_account_and_shows_it_in_svg(mixed_archive, client):
    not_counted(mixed_archive)
    response = client.get("/statistics/")
    html = response.content.decode()
    assert_nothing_hidden_in(html, mixed_archive)
    assert "<dt>Accounts shared</dt>\n      <dd>1</dd>" in html
    # (The timelines cover 2016-2019: an account published today is not on them.)
    for slug in ("map-accounts", "year", "setting", "content-note", "language"):
        figure = html.split(f'id="chart-{slug}"')[1].split("</figure>")[0]
        assert '<svg class="chart-svg' in figure, slug
        assert "The figures as a table" in figure and f"/statistics/charts/{slug}.csv" in figure
    year = json.loads(client.get("/statistics/charts/year.json").content)
    assert [(r["value"], r["counts"]) for r in year["rows"]] == [("2017", {"Accounts shared": 1})]


def test_pages_with_charts_keep_the_strict_policy(mixed_archive, client):
    for url in ("/", "/statistics/"):
        response = client.get(url)
        html = response.content.decode()
        assert "style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html)
        assert not re.search(r"(src|href)=\"https?://(?!www\.)", html.split("<footer")[0])
        assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.fixture
def counted_dataset(db):
    dataset = CountedDataset.objects.create(
        name="A counted dataset", source="A university", licence="CC BY 4.0"
    )
    rows = [
        (dt.date(2017, 10, 15), "en", "#metoo", "US", 1200),
        (dt.date(2017, 10, 16), "fr", "#balancetonporc", "FR", 300),
        (dt.date(2017, 10, 16), "en", "#metoo", "IS", 3),  # a small cell
        (dt.date(2017, 11, 2), "en", "me too", None, 40),
    ]
    VoiceCount.objects.bulk_create(
        VoiceCount(dataset=dataset, day=d, language=lang, term=t, country=c, count=n)
        for d, lang, t, c, n in rows
    )
    return dataset


@pytest.fixture
def threshold_5(settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 5}


def test_voices_counted_are_shown_with_small_cells_left_blank(threshold_5, counted_dataset, client):
    voices_map = json.loads(client.get("/statistics/charts/map-voices.json").content)
    by_country = {r["value"]: r["counts"] for r in voices_map["rows"]}
    assert by_country["US"] == {"Voices counted (posts that used the words)": 1200}
    assert "IS" not in by_country
    month = json.loads(client.get("/statistics/charts/timeline-month.json").content)
    october = next(r for r in month["rows"] if r["value"] == "2017-10")
    assert october["counts"]["Voices counted (posts that used the words)"] == 1503
    assert october["counts"]["Accounts shared"] is None  # none, or fewer than 5

    html = client.get("/statistics/").content.decode()
    assert "<dt>Voices counted</dt>\n      <dd>1,543</dd>" in html
    assert "Countries left blank have fewer than 5, or none." in html
    assert "not verified accounts" in html
    assert "A counted dataset" in html and "CC BY 4.0" in html

    home = client.get("/").content.decode()
    assert home.index("Voices counted") < home.index('role="search"')
    assert home.index('id="chart-timeline-month"') < home.index('role="search"')


def test_the_day_timeline_covers_october_2017(threshold_5, counted_dataset, client):
    days = json.loads(client.get("/statistics/charts/timeline-day.json").content)["rows"]
    assert days[0]["value"] == "2017-10-01"
    assert {r["value"]: r["counts"]["Voices counted (posts that used the words)"] for r in days}[
        "2017-10-15"
    ] == 1200


def test_csv_download_is_exactly_the_table(threshold_5, counted_dataset, client):
    text = client.get("/statistics/charts/voices-term.csv").content.decode()
    assert text.splitlines() == [
        "value,label,Voices counted (posts that used the words)",
        "#metoo,#metoo,1203",
        "#balancetonporc,#balancetonporc,300",
        "me too,me too,40",
    ]


def test_an_unknown_chart_or_format_is_not_found(db, client):
    assert client.get("/statistics/charts/nothing.csv").status_code == 404
    assert client.get("/statistics/charts/year.xml").status_code == 404
    assert client.post("/statistics/charts/year.csv").status_code == 405


def test_the_feed_lists_only_public_accounts(mixed_archive, client):
    response = client.get("/feeds/accounts.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert mixed_archive.visible.public_id in feed
    assert_nothing_hidden_in(feed, mixed_archive)
    assert "Readable words" not in feed  # titles and content notes, never the text


def test_the_feed_per_language_and_per_hashtag(mixed_archive, client):
    visible = mixed_archive.visible.public_id
    assert visible in client.get("/feeds/accounts.atom?language=en").content.decode()
    assert visible not in client.get("/feeds/accounts.atom?language=fr").content.decode()
    tagged = client.get("/feeds/accounts.atom?hashtag=metoo").content.decode()
    assert visible in tagged
    assert_nothing_hidden_in(tagged, mixed_archive)
    assert client.get("/feeds/accounts.atom?language=xx").status_code == 404
    assert client.get("/feeds/accounts.atom?hashtag=%3Cb%3E").status_code == 404


def test_the_sitemap_lists_public_pages_and_public_accounts_only(mixed_archive, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap = response.content.decode()
    assert f"/stories/{mixed_archive.visible.public_id}/" in sitemap
    assert "/support/" in sitemap and "/statistics/" in sitemap
    assert_nothing_hidden_in(sitemap, mixed_archive)
    assert "/admin" not in sitemap and "/accounts/" not in sitemap


def test_a_story_page_offers_a_plain_link_to_copy_and_support(mixed_archive, client):
    html = client.get(f"/stories/{mixed_archive.visible.public_id}/").content.decode()
    link = f'<a id="story-link" href="/stories/{mixed_archive.visible.public_id}/">'
    assert link in html
    assert 'data-copy-link="#story-link"' in html and " hidden>" in html
    assert html.index("Before you read") < html.index("Read this account")
    assert html.count('href="/support/"') >= 2  # after the account, and in the footer
