"""The count-only import keeps counts and nothing else of the posts it reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from archive.counts.models import CountedDataset, VoiceCount
from archive.importers.filters import build_matcher

ROWS = [
    # id, created_at, author_id, lang, country, text
    ("901", "2017-10-15T20:00:00Z", "author-one", "en", "US", "Me too. secretword-one"),
    ("902", "2017-10-15T21:00:00Z", "author-two", "en", "us", "It happened at work #MeToo"),
    ("903", "2017-10-16T08:00:00Z", "author-three", "fr", "FR", "#BalanceTonPorc secretword"),
    ("904", "2017-10-16T09:00:00Z", "author-four", "fr", "", "Moi aussi, au lycée."),
    ("905", "2017-10-16T09:30:00Z", "author-five", "en", "GB", "they told me too, not one"),
    ("906", "2017-10-17T10:00:00Z", "author-six", "en", "GB", "RT @someone: #MeToo"),
    ("907", "", "author-seven", "es", "Spain", "#YoTambién"),
]


def write_csv(path: Path, rows=ROWS) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "created_at", "author_id", "lang", "country", "text"])
        writer.writerows(rows)
    return path


def count(path: Path, name: str = "A research dataset") -> None:
    call_command("import_counts", str(path), name=name, source="A university", licence="CC BY 4.0")


@pytest.mark.django_db
def test_only_matching_posts_are_counted_per_day_language_term_and_country(tmp_path):
    count(write_csv(tmp_path / "posts.csv"))
    dataset = CountedDataset.objects.get()
    assert (dataset.posts_read, dataset.posts_counted) == (7, 5)
    assert (dataset.first_day, dataset.last_day) == (dt.date(2017, 10, 15), dt.date(2017, 10, 16))
    rows = {(r.day, r.language, r.term, r.country): r.count for r in VoiceCount.objects.all()}
    assert rows == {
        (dt.date(2017, 10, 15), "en", "me too", "US"): 1,
        (dt.date(2017, 10, 15), "en", "#metoo", "US"): 1,
        (dt.date(2017, 10, 16), "fr", "#balancetonporc", "FR"): 1,
        (dt.date(2017, 10, 16), "fr", "moi aussi", None): 1,
        # No usable date and a country name rather than a code: counted, undated, no country.
        (None, "es", "#yotambien", None): 1,
    }


@pytest.mark.django_db
def test_no_text_post_id_or_author_is_stored(tmp_path):
    count(write_csv(tmp_path / "posts.csv"))
    stored = serializers.serialize(
        "json", [*CountedDataset.objects.all(), *VoiceCount.objects.all()]
    )
    for post_id, _when, author, _lang, _country, _text in ROWS:
        assert author not in stored
        assert f'"{post_id}"' not in stored
    assert "secretword" not in stored
    assert "work" not in stored


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfeu\x00t\x00f\x001\x006\x00")
    with pytest.raises(CommandError, match="UTF-16"):
        count(bad)
    assert not CountedDataset.objects.exists()
    assert not VoiceCount.objects.exists()


@pytest.mark.django_db
def test_a_dataset_name_is_counted_once(tmp_path):
    path = write_csv(tmp_path / "posts.csv")
    count(path)
    with pytest.raises(CommandError, match="counted already"):
        count(path)
    assert CountedDataset.objects.count() == 1
    assert VoiceCount.objects.count() == 5


@pytest.mark.django_db
def test_a_dataset_needs_a_name_a_source_and_a_licence(tmp_path):
    with pytest.raises(CommandError, match="name, a source and a licence"):
        call_command(
            "import_counts", str(write_csv(tmp_path / "p.csv")), name=" ", source="x", licence="y"
        )
    assert not CountedDataset.objects.exists()


def test_the_matcher_names_the_term_a_post_used():
    matcher = build_matcher()
    assert matcher.term("It was at work #Me_Too") == "#metoo"
    assert matcher.term("Sadly, MOI AUSSI.") == "moi aussi"
    assert matcher.term("#YoTambién") == "#yotambien"
    assert matcher.term("they told me too") == ""
