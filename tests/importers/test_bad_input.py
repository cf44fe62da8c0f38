"""Broken, hostile or wrong files: a clear error naming the place, and nothing half-done."""

from __future__ import annotations

import io
import zipfile

import pytest

from archive.importers.base import ImportFileError
from archive.importers.service import ImportSettings, import_file
from archive.importers.sources import Limits, open_source
from archive.models import ImportBatch, Story
from tests.importers.conftest import tweet, tweets_js
from tests.importers.helpers import read

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET)


def test_broken_json_names_the_record_and_keeps_the_records_before_it(write, batch):
    good = tweets_js(
        [tweet("1", "#MeToo one"), tweet("2", "#MeToo two"), tweet("3", "#MeToo three")]
    )
    broken = good[: good.index(b'"id_str": "3"')] + b'"id_str": "3", "full_te'
    report = import_file(path=write("tweets.js", broken), batch=batch, how=ImportSettings())
    assert report.imported == 2
    assert report.tally.errors == 1
    (problem,) = report.problems
    assert problem["record"] == 3
    assert "the JSON is broken at record 3" in problem["error"]
    assert set(Story.objects.values_list("source_id", flat=True)) == {"1", "2"}


def test_a_bad_json_line_is_named_and_the_lines_after_it_are_imported(write, batch):
    content = (
        '{"text": "#MeToo first", "id": "a"}\n'
        "{not json at all\n"
        '{"text": "#MeToo third", "id": "c"}\n'
    )
    report = import_file(
        path=write("posts.jsonl", content), batch=batch, how=ImportSettings(format="jsonl")
    )
    assert report.imported == 2
    assert report.problems[0]["record"] == 2
    assert report.problems[0]["error"].startswith("line 2: not valid JSON")


def test_a_csv_row_with_the_wrong_number_of_columns_is_named(write, batch):
    content = 'id,text\n1,"#MeToo one"\n2,"#MeToo two",extra\n3,"#MeToo three"\n'
    report = import_file(path=write("d.csv", content), batch=batch, how=ImportSettings())
    assert report.imported == 2
    assert report.problems == [
        {"record": 3, "error": "line 3: has 3 columns where the header has 2.", "skipped": False}
    ]


def test_a_csv_line_in_the_wrong_encoding_is_named_and_the_rest_imported(write, batch):
    content = "id,text\n1,#MeToo à l'école\n".encode() + "2,#MeToo à la fac\n".encode("latin-1")
    content += b"3,#MeToo ok\n"
    report = import_file(path=write("d.csv", content), batch=batch, how=ImportSettings())
    assert report.imported == 2
    assert report.problems[0]["record"] == 3
    assert "line 3: not valid utf-8" in report.problems[0]["error"]


def test_the_encoding_can_be_named_for_a_csv(write, batch):
    content = "id,text\n1,#MeToo à la fac\n".encode("cp1252")
    report = import_file(
        path=write("d.csv", content), batch=batch, how=ImportSettings(encoding="cp1252")
    )
    assert report.imported == 1
    assert Story.objects.get().body == "#MeToo à la fac"


def test_a_utf16_file_is_refused_with_advice(write):
    with pytest.raises(ImportFileError, match="UTF-16"):
        read(write("d.csv", "id,text\n1,#MeToo\n".encode("utf-16")))


def test_a_quoted_field_spanning_lines_points_at_the_line_where_its_record_starts(write):
    content = 'id,text\n1,"#MeToo\nsecond line"\n2,"#MeToo",x\n'
    _fmt, posts, problems = read(write("d.csv", content))
    assert posts[0].text == "#MeToo\nsecond line"
    assert problems[0].record == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "not a text file"),
        (b'{"$type": "app.bsky.feed.post", "text": "x"}', "Bluesky"),
        (b"[1, 2, 3]", "not in a format Chorus recognises"),
        (b"name,age\nAda,36\n", "No column holding the text"),
    ],
)
def test_the_wrong_kind_of_file_is_refused_with_a_clear_message(write, content, message):
    with pytest.raises(ImportFileError, match=message):
        read(write("upload.bin", content))


def test_a_column_mapping_naming_a_missing_column_is_refused(write):
    with pytest.raises(ImportFileError, match="does not have: words"):
        read(write("d.csv", "id,body\n1,x\n"), options={"mapping": {"text": "words"}})


def test_the_wrong_format_chosen_by_hand_gives_an_error_not_an_import(write, batch):
    path = write("d.csv", "id,text\n1,#MeToo\n")
    with pytest.raises(ImportFileError, match="No tweets.js"):
        import_file(path=path, batch=batch, how=ImportSettings(format="twitter-archive"))
    assert not Story.objects.exists()


def _zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_a_zip_with_a_path_leading_outside_it_is_refused(tmp_path):
    path = tmp_path / "evil.zip"
    _zip(path, {"data/tweets.js": tweets_js([tweet("1", "#MeToo")]), "../../etc/cron.d/x": b"x"})
    with pytest.raises(ImportFileError, match="unsafe path"):
        open_source(path)


@pytest.mark.parametrize("name", ["/etc/passwd", "C:/Windows/x.js", "data\\..\\..\\x.js"])
def test_absolute_and_windows_paths_in_a_zip_are_refused(tmp_path, name):
    path = tmp_path / "evil.zip"
    _zip(path, {name: b"x"})
    with pytest.raises(ImportFileError, match="unsafe path"):
        open_source(path)


def test_a_zip_bomb_is_refused_before_anything_is_inflated(tmp_path):
    path = tmp_path / "bomb.zip"
    _zip(
        path, {"data/tweets.js": b"window.YTD.tweets.part0 = [" + b" " * (30 * 1024 * 1024) + b"]"}
    )
    with pytest.raises(ImportFileError, match="zip bomb"):
        open_source(path)


def test_a_zip_that_unpacks_past_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.zip"
    _zip(path, {f"data/part{n}.txt": bytes(range(256)) * 4096 for n in range(4)})
    with pytest.raises(ImportFileError, match="unpacks to"):
        # (Its members compress far past the ratio limit: only the size is tested here.)
        open_source(path, limits=Limits(max_inflated_bytes=3 * 1024 * 1024, max_ratio=10**6))


def test_a_zip_member_larger_than_it_claims_is_stopped_while_reading(tmp_path):
    path = tmp_path / "liar.zip"
    payload = tweets_js([tweet(str(n), "#MeToo " + "x" * 50) for n in range(200)])
    _zip(path, {"data/tweets.js": payload})
    # Rewrite the declared sizes (local header and central directory) to 1 KB.
    raw = bytearray(path.read_bytes())
    real = len(payload).to_bytes(4, "little")
    fake = (1024).to_bytes(4, "little")
    raw = bytearray(bytes(raw).replace(real, fake))
    path.write_bytes(bytes(raw))
    with pytest.raises(ImportFileError, match="damaged or larger than the archive says"):
        read(path)


def test_a_file_over_the_size_limit_is_refused(write):
    path = write("tweets.js", tweets_js([tweet("1", "#MeToo " + "x" * 2000)]))
    with pytest.raises(ImportFileError, match="over the limit"):
        open_source(path, limits=Limits(max_file_bytes=1024))


def test_a_post_longer_than_an_account_may_be_is_skipped_with_the_reason(write, batch, settings):
    settings.CHORUS = {**settings.CHORUS, "MAX_STORY_CHARS": 50}
    posts = [tweet("1", "#MeToo " + "x" * 100), tweet("2", "#MeToo short")]
    report = import_file(
        path=write("tweets.js", tweets_js(posts)), batch=batch, how=ImportSettings()
    )
    assert report.imported == 1
    assert report.problems == [{"record": 1, "error": "longer than 50 characters", "skipped": True}]


def test_reports_never_contain_the_text_of_a_post(write, batch):
    secret = "my neighbour Jeanne Secretname"
    content = f'id,text\n1,"#MeToo {secret}",oops\n2,"{secret}"\n'
    report = import_file(path=write("d.csv", content), batch=batch, how=ImportSettings())
    assert secret not in str(report.as_dict())
    assert "Secretname" not in io.StringIO(str(report.problems)).getvalue()
