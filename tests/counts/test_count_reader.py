"""The lean count-only reader gives exactly the counts of the shared importer path.

`voice_cells` reads CSV itself (archive/importers/counting.py); these tests run it and
the shared path (read_accounts + Matcher.term, what the count-only import used before)
over the same files and compare cells and tallies, on the real samples and on a CSV
made of every awkward case the shared CSV reader handles.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from archive.counts.models import CountedDataset, VoiceCount
from archive.counts.service import CountImportError, dataset_count_path, tally_voices
from archive.folding import fold
from archive.importers.base import ImportFileError, Problem, parse_time
from archive.importers.counting import day_of, voice_cells
from archive.importers.filters import Matcher, build_matcher
from archive.importers.pipeline import matching_text
from archive.importers.service import ImportSettings, Report, read_accounts
from tests.importers.conftest import SAMPLES


def shared_path(path: Path, how: ImportSettings) -> tuple[Counter, dict]:
    """The count-only import as it was: every matched Post from the shared pipeline."""
    report = Report()
    matcher = build_matcher(
        extra_hashtags=how.extra_hashtags,
        extra_phrases=how.extra_phrases,
        match_all=how.match_all,
    )
    cells: Counter = Counter()
    for item in read_accounts(path, how, report, join_threads=False):
        if isinstance(item, Problem):
            continue
        when = item.created_at.date() if item.created_at else None
        term = matcher.term(matching_text(item)) or "*"
        cells[(when, item.language[:16], term[:100], item.country or "")] += 1
    return cells, report.as_dict()


def lean_path(path: Path, how: ImportSettings) -> tuple[Counter, dict]:
    report = Report()
    cells = Counter(voice_cells(path, how, report))
    return cells, report.as_dict()


def assert_same(path: Path, how: ImportSettings) -> Counter:
    lean, lean_report = lean_path(path, how)
    shared, shared_report = shared_path(path, how)
    assert lean == shared
    assert lean_report == shared_report
    return lean


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    skip = {"SOURCES.md", "account.js", "note-tweet.js", "tweet.js"}
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.name not in skip)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared import samples are not available")
@pytest.mark.parametrize("path", sample_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("match_all", [False, True])
def test_every_sample_is_counted_as_the_shared_path_counts_it(path, match_all):
    how = ImportSettings(match_all=match_all)
    try:
        shared = shared_path(path, how)
    except ImportFileError as exc:
        # Bluesky: refused the same way, with the same words.
        with pytest.raises(ImportFileError, match=str(exc)[:40]):
            lean_path(path, how)
        return
    assert lean_path(path, how) == shared


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared import samples are not available")
def test_the_metoo_research_dataset_is_read_by_the_lean_reader_and_counts_something():
    path = SAMPLES / "metoo-datasets" / "tweets1.csv"
    report = Report()
    cells = Counter(voice_cells(path, ImportSettings(match_all=True), report))
    assert report.format == "csv"
    assert sum(cells.values()) > 0
    assert report.tally.skipped_by_reason.get("a repost or boost", 0) > 0


AWKWARD_HEADER = ["id", "created_at", "user_id", "lang", "country_code", "hashtags", "text"]
AWKWARD_ROWS = [
    ["1", "2017-10-15T20:00:00Z", "a", "en", "US", "", "Me too. It was at work."],
    ["2", "2017-10-15T23:30:00-05:00", "a", "EN", "us", "", "Sadly, me too"],
    ["3", "2017-10-15 23:30:00", "a", "und", "", "MeToo", "It happened at school"],
    ["4", "Sun Oct 15 20:00:00 +0000 2017", "a", "fr", "France", "", "Moi aussi, au lycée."],
    ["5", "1508097600", "a", "fr", "FR", "#BalanceTonPorc #X", "rien"],
    ["6", "1508097600000", "a", "es", "ES", "", "#YoTambién"],
    ["7", "2017-02-30T10:00:00Z", "a", "es", "ES", "", "A mí también me pasó"],
    ["8", "not a date", "a", "it", "IT", "", "#QuellaVoltaChe"],
    ["9", "2017-10-15T20+01:00", "a", "de", "DE", "", "Ich auch."],
    ["10", "2017-10-15T20:00:00+0100", "a", "de", "DE", "", "ich auch"],
    ["11", "2017-10-16T01:00:00Z", "a", "en", "GB", "", "RT @someone: #MeToo"],
    ["12", "2017-10-16T01:00:00Z", "a", "en", "GB", "", "   "],
    ["13", "2017-10-16T01:00:00Z", "a", "en", "GB", "", "they told me too"],
    ["14", "2017-10-16T01:00:00Z", "a", "ar", "EG", "", "\u202e#MeToo\u202c"],
    ["14b", "2017-10-16T01:00:00Z", "a", "ar", "EG", "", "#Me\u200eToo"],
    ["14c", "2017-10-16T01:00:00Z", "a", "ar", "EG", "", "\u200f\u200e"],
    ["15", "2017-10-16T01:00:00Z", "a", "en", "GB", "", "x" * 80 + " #MeToo"],
    ["16", "2017-10-16T01:00:00Z", "a", "en", "GB", "", "#MeTooLate but not this"],
    ["17", "", "a", "", "", "", "“Me too” — she said"],
    ["18", " 2017-10-16T01:00:00Z", "a", "en", "GB", "", "#me_too"],
    ["19", "2017-10-16T01:00:00ZZ", "a", "en", "GB", "", "#NousToutes"],
]


def awkward_csv(path: Path) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AWKWARD_HEADER)
    writer.writerows(AWKWARD_ROWS)
    body = out.getvalue()
    body += "\n"  # a blank line: not a record
    body += "20,2017-10-16T01:00:00Z,a,en\n"  # too few columns
    body += '21,2017-10-16T01:00:00Z,a,en,GB,,"Me too. a quoted\nline break"\n'
    raw = b"\xef\xbb\xbf" + body.encode()
    raw += b"22,2017-10-16T01:00:00Z,a,en,GB,,Me too \xff\xfe broken\n"  # not UTF-8
    raw += b'23,2017-10-16T01:00:00Z,a,en,GB,,"Me too."\n'
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize(
    "how",
    [
        ImportSettings(),
        ImportSettings(match_all=True),
        ImportSettings(extra_hashtags=("#NousToutes",), extra_phrases=("ça suffit",)),
        ImportSettings(format="csv", mapping={"country": "lang", "hashtags": "hashtags"}),
    ],
    ids=["matching", "match-all", "extra-terms", "mapping"],
)
def test_awkward_csv_rows_are_counted_and_left_out_as_the_shared_path_does(tmp_path, how, settings):
    settings.CHORUS = {**settings.CHORUS, "MAX_STORY_CHARS": 60}
    cells = assert_same(awkward_csv(tmp_path / "awkward.csv"), how)
    assert sum(cells.values()) >= 8


def awkward_jsonl(path: Path) -> Path:
    lines = [
        json.dumps(dict(zip(AWKWARD_HEADER, row, strict=True)), ensure_ascii=False)
        for row in AWKWARD_ROWS
    ]
    lines += [
        json.dumps({"id": 30, "created_at": 1508097600, "text": "Me too.", "is_retweet": False}),
        json.dumps({"id": 31, "created_at": 1508097600.5, "text": "#MeToo", "is_retweet": True}),
        json.dumps({"id": 32, "created_at": None, "text": "Moi aussi.", "lang": None}),
        json.dumps({"id": 33, "text": "ich auch", "place": {"country_code": "de"}}),
        json.dumps({"id": 34, "text": ["not", "text"], "hashtags": ["MeToo"]}),
        json.dumps({"id": 35, "text": "", "hashtags": "#MeToo"}),
        "",
        "[1, 2]",
        "{not json",
        json.dumps({"id": 36, "text": "#MeToo " + "[" * 70 + "]" * 70}),
        '{"id": 37, "text": "' + "[" * 100 + '"}',
    ]
    raw = "\n".join(lines).encode() + b'\n{"id": 38, "text": "Me too \xff"}\n'
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    return path


@pytest.mark.parametrize(
    "how",
    [
        ImportSettings(),
        ImportSettings(match_all=True),
        ImportSettings(
            format="jsonl",
            mapping={"country": "lang", "language": "country_code", "hashtags": "hashtags"},
        ),
    ],
    ids=["matching", "match-all", "mapping"],
)
def test_awkward_json_lines_are_counted_as_the_shared_path_counts_them(tmp_path, how, settings):
    settings.CHORUS = {**settings.CHORUS, "MAX_STORY_CHARS": 60}
    path = awkward_jsonl(tmp_path / "awkward.jsonl")
    report = Report()
    list(voice_cells(path, how, report))
    assert report.format == "jsonl"
    cells = assert_same(path, how)
    assert sum(cells.values()) >= 8


def test_reddit_titles_deleted_posts_and_twitter_layouts_match_the_shared_path(tmp_path):
    reddit = tmp_path / "posts.csv"
    reddit.write_text(
        "id,permalink,subreddit,date,title,body\n"
        "a1,/r/x/1,x,2017-10-15 10:00:00,Me too,It was at work.\n"
        "a2,/r/x/2,x,2017-10-15 11:00:00,,[deleted]\n"
        "a3,/r/x/3,x,2017-10-15 12:00:00,#MeToo,[removed]\n"
        "a4,/r/x/4,x,2017-10-16 12:00:00,A question,me too.\n",
        encoding="utf-8",
    )
    assert sum(assert_same(reddit, ImportSettings()).values()) == 3
    twitter = tmp_path / "v1.csv"
    twitter.write_text(
        "id_str,text,user,retweeted_status,created_at,lang,entities,"
        "in_reply_to_status_id_str,in_reply_to_user_id_str\n"
        "1,Me too &amp; more,{'id_str': '9'},,Sun Oct 15 20:00:00 +0000 2017,en,"
        "\"{'hashtags': []}\",,\n"
        "2,It was him,{'id_str': '9'},,Sun Oct 15 21:00:00 +0000 2017,en,"
        "\"{'hashtags': [{'text': 'MeToo'}]}\",1.0,9.0\n"
        "3,#MeToo,{'id_str': '8'},{'id': 1},Sun Oct 15 22:00:00 +0000 2017,en,,,\n",
        encoding="utf-8",
    )
    assert sum(assert_same(twitter, ImportSettings()).values()) == 2


def test_a_zip_of_csv_and_tsv_files_is_counted_as_the_shared_path_counts_it(tmp_path):
    path = tmp_path / "dataset.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "text,date\nMe too.,2017-10-15\n#MeToo,2017-10-16\n")
        archive.writestr("b.tsv", "text\tdate\nMoi aussi.\t2017-10-17\n")
    assert sum(assert_same(path, ImportSettings(format="csv")).values()) == 3


def test_a_csv_with_too_many_broken_lines_is_refused_like_the_shared_path(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("text,date\n" + 'a"b,"c\n' * 1100, encoding="utf-8")
    try:
        expected = shared_path(path, ImportSettings())
    except ImportFileError as exc:
        with pytest.raises(ImportFileError, match=str(exc)):
            lean_path(path, ImportSettings())
    else:
        assert lean_path(path, ImportSettings()) == expected


def test_the_record_limit_stops_the_lean_reader_with_the_shared_message(tmp_path, monkeypatch):
    from archive.importers import counting, service
    from archive.importers.sources import Limits

    for module in (counting, service):
        monkeypatch.setattr(module, "_default_limits", lambda: Limits(max_records=3))
    path = tmp_path / "posts.csv"
    path.write_text("text\n" + "Me too.\n" * 5, encoding="utf-8")
    with pytest.raises(ImportFileError, match="more than 3 posts") as shared:
        shared_path(path, ImportSettings())
    with pytest.raises(ImportFileError) as lean:
        list(voice_cells(path, ImportSettings(), Report()))
    assert str(lean.value) == str(shared.value)


@pytest.mark.parametrize(
    "value",
    [
        "2017-10-15T20:00:00Z",
        "2017-10-15 20:00:00",
        "2017-10-15T23:30:00-05:00",
        "2017-10-15T20+01:00",
        "2017-10-15T20+01:00Z",
        "2017-10-15T20:00:00.123Z",
        "2017-02-30T10:00:00Z",
        "2017-10-15T25:00:00Z",
        "2017-10-15T20:00:00ZZ",
        "2017-10-15Z20:00:00Z",
        " 2017-10-15T20:00:00Z",
        "2017-10-15T20:00:00 ",
        "2017-W41-7T20:00:00",
        "2017-10-15",
        "Sun Oct 15 20:00:00 +0000 2017",
        "Sun, 15 Oct 2017 23:00:00 -0300",
        "1508097600",
        "",
        "nonsense",
    ],
)
def test_the_cheap_day_parser_gives_the_day_parse_time_gives(value):
    parsed = parse_time(value)
    assert day_of(value) == (parsed.date() if parsed else None)


def test_first_term_finds_what_the_combined_pattern_finds():
    matcher = build_matcher(extra_hashtags=("#NousToutes",), extra_phrases=("ça suffit",))
    rng = random.Random(15)
    pieces = [
        "me too", "Me too.", "moi aussi", " ", ".", ",", "!", "\n", "«", "—", "-", "“", "(",
        ":", "…", "#metoo", "#MeTooLate", "#me_too", "#yotambién", "a mí también", "sadly,",
        "they told me too", "word", "é", "anch'io", "#", "#noustoutes", "ça suffit", "ik ook",
    ]  # fmt: skip
    for _ in range(20_000):
        text = "".join(
            rng.choice(pieces) + rng.choice(("", " ")) for _ in range(rng.randint(0, 12))
        )
        assert matcher.first_term(fold(text)) == matcher.term(text), text


def test_first_term_of_a_matcher_built_from_one_pattern_uses_that_pattern():
    whole = build_matcher()
    by_hand = Matcher(pattern=whole.pattern)
    assert by_hand.first_term(fold("Sadly, MOI AUSSI.")) == "moi aussi"
    assert by_hand.first_term(fold("they told me too")) == ""


def spilled_rows() -> dict:
    return {(r.day, r.language, r.term, r.country): r.count for r in VoiceCount.objects.all()}


def dataset_csv(path: Path, posts: int = 400) -> Path:
    rng = random.Random(3)
    lines = ["created_at,lang,country,text"]
    for _ in range(posts):
        day = dt.date(2017, 10, 1) + dt.timedelta(days=rng.randrange(40))
        text = rng.choice(["Me too.", "#MeToo", "moi aussi", "#BalanceTonPorc", "no"])
        lines.append(f"{day}T12:00:00Z,{rng.choice('ab')},{rng.choice(['US', 'FR', ''])},{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_cells_past_the_buffer_are_summed_in_the_database_to_the_same_rows(tmp_path, monkeypatch):
    from archive.counts import service

    path = dataset_csv(tmp_path / "posts.csv")
    whole = Counter(voice_cells(path, ImportSettings(), Report()))
    held = []
    original = service.CellTally.spill

    def spill(self):
        held.append(len(self.cells))
        original(self)

    monkeypatch.setattr(service.CellTally, "spill", spill)
    monkeypatch.setattr(service, "CELL_BUFFER", 7)
    report = dataset_count_path(path=path, name="spilled", source="s", licence="l")
    assert len(held) > 10 and max(held) <= 7  # never more than the buffer in memory
    dataset = CountedDataset.objects.get()
    expected = {(d, lang, t, c or None): n for (d, lang, t, c), n in whole.items()}
    assert spilled_rows() == expected
    assert report.cells == len(expected)
    assert dataset.posts_counted == sum(whole.values()) == report.counted
    days = [d for d, *_ in whole if d]
    assert (dataset.first_day, dataset.last_day) == (min(days), max(days))
    # The spill table is gone once the import is done.
    assert "chorus_voicecount_spill" not in connection.introspection.table_names()


@pytest.mark.django_db
def test_a_spilled_import_that_fails_at_the_end_writes_nothing(tmp_path, monkeypatch):
    from archive.counts import service

    path = dataset_csv(tmp_path / "posts.csv")
    dataset_count_path(path=path, name="taken", source="s", licence="l")
    rows = VoiceCount.objects.count()
    monkeypatch.setattr(service, "CELL_BUFFER", 5)
    with pytest.raises(CountImportError, match="counted already"):
        dataset_count_path(path=path, name="taken", source="s", licence="l")
    assert CountedDataset.objects.count() == 1
    assert VoiceCount.objects.count() == rows
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE chorus_voicecount_spill (n integer)")
        cursor.execute("DROP TABLE chorus_voicecount_spill")  # it was dropped before


@pytest.mark.django_db
def test_tally_voices_holds_no_more_than_its_buffer(tmp_path):
    path = dataset_csv(tmp_path / "posts.csv")
    tally = tally_voices(path, ImportSettings(), Report(), buffer=4)
    try:
        assert tally.spilled and len(tally.cells) == 0
    finally:
        tally.close()


def awkward_cells_csv(path: Path) -> Path:
    """Posts with no date, no language and no country beside ordinary ones: the NULL and
    empty cells the two store paths (and the two databases) must group alike."""
    lines = ["created_at,lang,country,text"]
    for i in range(60):
        day = "" if i % 4 == 0 else f"2017-10-{1 + i % 3:02d}T12:00:00Z"
        lang = "" if i % 5 == 0 else "en"
        country = "" if i % 3 == 0 else "FR"
        lines.append(f"{day},{lang},{country},{'#MeToo' if i % 2 else 'Me too.'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("buffer", [1_000_000, 3], ids=["in memory", "spilled"])
def test_both_store_paths_write_the_cells_the_reader_yields(tmp_path, monkeypatch, buffer):
    """Run on SQLite and on PostgreSQL (DATABASE_URL), this proves both databases store
    the same rows: each is compared with the reader's own Counter, computed in Python."""
    from archive.counts import service

    path = awkward_cells_csv(tmp_path / "posts.csv")
    whole = Counter(voice_cells(path, ImportSettings(), Report()))
    assert (None, "", "me too", "") in whole  # the awkward cells are there to be stored
    monkeypatch.setattr(service, "CELL_BUFFER", buffer)
    dataset_count_path(path=path, name="both", source="s", licence="l")
    assert spilled_rows() == {(d, lang, t, c or None): n for (d, lang, t, c), n in whole.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("buffer", [1_000_000, 3], ids=["in memory", "spilled"])
def test_an_import_that_fails_after_writing_its_rows_leaves_nothing(tmp_path, monkeypatch, buffer):
    from archive.counts import service

    path = dataset_csv(tmp_path / "posts.csv")
    original = service._rows_write
    written = []

    def write_then_fail(dataset_id, tally):
        original(dataset_id, tally)
        written.append(VoiceCount.objects.filter(dataset_id=dataset_id).count())
        raise OSError("the disk is full")

    monkeypatch.setattr(service, "_rows_write", write_then_fail)
    monkeypatch.setattr(service, "CELL_BUFFER", buffer)
    with pytest.raises(OSError, match="disk is full"):
        dataset_count_path(path=path, name="half", source="s", licence="l")
    assert written and written[0] > 0  # the rows were there, inside the transaction
    assert not CountedDataset.objects.exists()
    assert not VoiceCount.objects.exists()
    assert "chorus_voicecount_spill" not in connection.introspection.table_names()


@pytest.mark.django_db
def test_deleting_a_dataset_deletes_its_counts_and_no_other(tmp_path):
    path = dataset_csv(tmp_path / "posts.csv")
    dataset_count_path(path=path, name="kept", source="s", licence="l")
    kept = VoiceCount.objects.count()
    dataset_count_path(path=path, name="deleted", source="s", licence="l")
    CountedDataset.objects.get(name="deleted").delete()
    assert VoiceCount.objects.count() == kept
    assert set(VoiceCount.objects.values_list("dataset__name", flat=True)) == {"kept"}
