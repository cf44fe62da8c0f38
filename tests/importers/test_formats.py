"""Every importer against the real samples of its format (../shared/import-samples)."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from tests.importers.helpers import accounts_of, read

pytestmark = pytest.mark.django_db


# --- Twitter/X personal archive ---------------------------------------------------------


def test_tweets_js_is_detected_and_every_record_is_read(samples):
    fmt, posts, problems = read(samples / "twitter-archive" / "tweets.js")
    assert fmt == "twitter-archive"
    assert len(posts) + len(problems) == 42
    assert all(p.platform == "twitter" and p.source_id.isdigit() for p in posts)


def test_only_the_last_version_of_an_edited_tweet_is_kept(samples):
    _fmt, posts, problems = read(samples / "twitter-archive" / "tweets.js")
    ids = {p.source_id for p in posts}
    assert [p.reason for p in problems] == ["an earlier version of an edited post"] * 5
    assert "1767497756157866020" in ids  # the edit
    assert "1767496415922585688" not in ids  # its initial version


def test_retweets_in_an_archive_are_left_out(samples):
    found, problems, tally = accounts_of(samples / "twitter-archive" / "tweets.js")
    assert tally.skipped_by_reason["a repost or boost"] == 3
    assert not any(a.text.startswith("RT @") for a in found)


def test_a_self_reply_thread_becomes_one_account_in_order(samples):
    found, _problems, _tally = accounts_of(samples / "twitter-archive" / "tweets.js")
    thread = next(a for a in found if "1848757197745860812" in a.thread_ids)
    assert thread.thread_ids == ("1848756482629620036", "1848757197745860812")
    assert thread.source_id == "1848756482629620036"
    assert thread.text.startswith("TIL (4 años tarde)")
    assert thread.text.endswith("antes y después https://t.co/oVcLlQu2lj")
    # Replies to other people stay on their own.
    assert not any("1854591356741861770" in a.thread_ids and len(a.thread_ids) > 1 for a in found)


def test_html_entities_in_archive_text_are_unescaped(samples):
    _fmt, posts, _problems = read(samples / "twitter-archive" / "tweets.js")
    post = next(p for p in posts if p.source_id == "1775199867641475522")
    assert post.text.startswith("> Con 4 líneas de bash")
    assert "&gt;" not in post.text


def test_dates_and_languages_are_read_and_twitters_no_language_codes_dropped(samples):
    _fmt, posts, _problems = read(samples / "twitter-archive" / "tweets.js")
    first = next(p for p in posts if p.source_id == "1854591356741861770")
    assert first.created_at.isoformat() == "2024-11-07T18:26:50+00:00"
    assert first.language == "es"
    assert {p.language for p in posts} & {"und", "qme", "zxx"} == set()


def test_long_tweets_get_their_whole_text_from_note_tweet_js(samples, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("tweets.js", "note-tweet.js"):
        shutil.copy(samples / "twitter-archive" / name, data / name)
    _fmt, posts, _problems = read(tmp_path)
    by_id = {p.source_id: p for p in posts}
    long_ones = [
        "1712845356000485462",
        "1752243867426926637",
        "1776702010894504077",
        "1775197948491542564",
    ]
    for source_id in long_ones:
        assert not by_id[source_id].text.endswith("…"), source_id
        assert len(by_id[source_id].text) > 280
    assert by_id["1712845356000485462"].text.endswith("Check it out 👇")


def test_the_whole_archive_zip_is_read_with_account_and_notes(samples, tmp_path):
    archive = tmp_path / "twitter-2024.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("tweets.js", "note-tweet.js", "account.js"):
            zf.write(samples / "twitter-archive" / name, f"data/{name}")
        zf.writestr("data/tweets_media/photo.jpg", b"\xff\xd8 not read")
    fmt, posts, problems = read(archive)
    assert fmt == "twitter-archive"
    assert len(posts) == 37 and len(problems) == 5
    # account.js names the owner: replies to anyone else are not self-replies.
    replies = [p for p in posts if p.reply_to_id]
    assert replies and all(p.reply_to_author_id == "other" for p in replies)


def test_multi_part_archives_are_read_in_part_order(write):
    from tests.importers.conftest import tweet, tweets_js

    folder = write("data/tweets.js", tweets_js([tweet("1", "first #MeToo")])).parent
    (folder / "tweets-part10.js").write_bytes(tweets_js([tweet("3", "third #MeToo")], 10))
    (folder / "tweets-part1.js").write_bytes(tweets_js([tweet("2", "second #MeToo")], 1))
    _fmt, posts, _problems = read(folder)
    assert [p.source_id for p in posts] == ["1", "2", "3"]


def test_the_older_tweet_js_layout_is_read(samples):
    fmt, posts, problems = read(samples / "twitter-archive" / "tweet.js")
    assert fmt == "twitter-archive"
    assert len(posts) == 22 and not problems
    assert sum(1 for p in posts if p.reply_to_id) == 9


# --- Twitter API v1.1 ------------------------------------------------------------------


def test_v1_statuses_use_id_str_and_leave_out_the_retweet(samples):
    fmt, posts, _problems = read(samples / "twitter-api-v1" / "tweets.json")
    assert fmt == "twitter-v1"
    assert len(posts) == 3
    assert all(p.source_id == p.source_id.strip() and p.source_id.isdigit() for p in posts)
    assert sum(p.is_repost for p in posts) == 1
    found, _problems, _tally = accounts_of(samples / "twitter-api-v1" / "tweets.json")
    assert len(found) == 2


def test_v1_streaming_compatibility_mode_reads_the_extended_text(samples):
    _fmt, posts, _problems = read(samples / "twitter-api-v1" / "streaming_extended_tweet.json")
    (post,) = posts
    assert not post.text.endswith("…")
    assert len(post.text) > 140
    assert post.created_at is not None


# --- Twitter API v2 / twarc2 ------------------------------------------------------------


def test_twarc2_pages_join_data_and_number_records_by_line(samples):
    fmt, posts, problems = read(samples / "twarc2-jsonl" / "media_tweet.jsonl")
    assert fmt == "twitter-v2"
    assert len(posts) == 1 and not problems
    assert posts[0].record == "1.1"


def test_a_stream_capture_cut_off_on_its_last_line_is_reported_and_the_rest_read(samples):
    fmt, posts, problems = read(samples / "twarc2-jsonl" / "streaming_output_with_error.jsonl")
    assert fmt == "twitter-v2"
    assert len(posts) == 7
    (problem,) = problems
    assert problem.record == 8
    assert problem.reason.startswith("line 8: not valid JSON")


def test_v2_long_posts_use_note_tweet_text(write):
    import json

    line = {
        "data": [
            {
                "id": "5",
                "text": "cut short… https://t.co/x",
                "note_tweet": {"text": "the whole long text #MeToo"},
                "author_id": "1",
                "created_at": "2017-10-15T10:00:00.000Z",
            }
        ]
    }
    _fmt, posts, _problems = read(write("page.jsonl", json.dumps(line) + "\n"))
    assert posts[0].text == "the whole long text #MeToo"


# --- CSV --------------------------------------------------------------------------------


def test_old_twarc_csv_decodes_its_json_encoded_text(samples):
    fmt, posts, problems = read(samples / "twarc-csv" / "small_sample.csv")
    assert fmt == "csv"
    assert len(posts) == 4 and not problems
    assert all(p.platform == "twitter" for p in posts)
    assert not any(p.text.startswith('"') for p in posts)
    assert posts[0].source_id == "1170073690492588037"


def test_the_metoo_research_dataset_reads_python_reprs_and_leaves_out_retweets(samples):
    found, _problems, tally = accounts_of(
        samples / "metoo-datasets" / "tweets1.csv", match_all=False
    )
    assert tally.read == 74
    assert tally.skipped_by_reason == {"a repost or boost": 43}
    assert tally.matched + tally.not_matched == 31
    assert tally.matched >= 20
    # Hashtags listed in `entities` count even when the text was cut before them.
    assert all("metoo" in (a.text + " ".join(a.hashtags)).lower() for a in found)
    everything, _problems, _tally = accounts_of(samples / "metoo-datasets" / "tweets1.csv")
    post = next(a for a in everything if a.source_id == "926911797885657088")
    assert post.author_id == "2586084062"  # from the `user` repr
    assert post.reply_to_author_id == "20044868"  # "20044868.0" was a float
    assert "&amp;" not in post.text
    assert post.mentions[:2] == ("@BreezyWinter", "@jatemple")


def test_reddit_exports_are_read_with_multi_line_bodies(samples):
    _fmt, comments, problems = read(samples / "reddit" / "comments.csv")
    assert len(comments) == 30 and not problems
    assert all(c.platform == "reddit" for c in comments)
    _fmt, posts, _problems = read(samples / "reddit" / "posts.csv")
    assert len(posts) == 24
    assert any("\n" in p.text for p in posts)


def test_a_generic_csv_is_read_through_a_column_mapping(write):
    path = write("mine.csv", "post_ref,when,words\n7,2017-10-16,Me too. It was my coach.\n")
    _fmt, posts, _problems = read(
        path, options={"mapping": {"id": "post_ref", "text": "words", "created_at": "when"}}
    )
    assert posts[0].source_id == "7"
    assert posts[0].text == "Me too. It was my coach."
    assert posts[0].created_at.year == 2017


def test_generic_json_lines_are_read_with_nested_fields(write):
    path = write("x.jsonl", '{"uid": "a1", "body": {"text": "#MeToo at school"}}\n')
    fmt, posts, _problems = read(path, options={"mapping": {"id": "uid", "text": "body.text"}})
    assert fmt == "jsonl"
    assert posts[0].source_id == "a1" and posts[0].text == "#MeToo at school"


# --- Facebook ---------------------------------------------------------------------------


def test_facebook_posts_are_repaired_and_empty_ones_left_out(samples):
    fmt, posts, _problems = read(samples / "facebook" / "your_posts_1.json")
    assert fmt == "facebook"
    assert len(posts) == 14
    texts = [p.text for p in posts]
    assert any("næsten" in t for t in texts)
    assert not any("Ã" in t for t in texts)
    # The generated title repeats the owner's name and is not part of the account.
    assert not any("updated his status" in t for t in texts)
    found, _problems, tally = accounts_of(samples / "facebook" / "your_posts_1.json")
    assert tally.skipped_by_reason == {"no text": 8}
    assert len(found) == 6


def test_facebook_posts_without_ids_get_a_stable_one(samples):
    _fmt, first, _p = read(samples / "facebook" / "your_posts_1.json")
    _fmt, again, _p = read(samples / "facebook" / "your_posts_1.json")
    assert [p.source_id for p in first] == [p.source_id for p in again]
    assert len({p.source_id for p in first}) == 14


def test_facebook_group_posts_wrapper_is_read(write):
    path = write(
        "group_posts_1.json",
        '{"group_posts_v2": [{"timestamp": 1508000000, "data": [{"post": "Me too"}]}]}',
    )
    fmt, posts, _problems = read(path)
    assert fmt == "facebook" and posts[0].text == "Me too"


# --- Mastodon ---------------------------------------------------------------------------


def test_mastodon_outbox_leaves_out_boosts_and_private_messages(samples):
    found, _problems, tally = accounts_of(samples / "mastodon" / "outbox.json")
    assert tally.read == 216
    assert tally.skipped_by_reason["a repost or boost"] == 26
    assert tally.skipped_by_reason["not public (followers-only or a direct message)"] == 27
    assert all("<p>" not in a.text and "&#39;" not in a.text for a in found)


def test_mastodon_html_becomes_text_with_line_breaks(samples):
    _fmt, posts, _problems = read(samples / "mastodon" / "outbox.json")
    post = next(p for p in posts if p.source_id == "indieweb.social/109326619594920944")
    assert post.text.startswith("Feeling happier")
    assert "\nStill thinking" in post.text
    assert "y'all" in post.text
    assert post.language == "en"


def test_mastodon_self_replies_are_joined_into_the_first_post(samples):
    found, _problems, _tally = accounts_of(samples / "mastodon" / "outbox.json")
    threads = [a for a in found if len(a.thread_ids) > 1]
    assert threads
    for thread in threads:
        assert thread.text.count("\n\n") >= len(thread.thread_ids) - 1


# --- Detection --------------------------------------------------------------------------


def test_bluesky_data_is_refused_with_a_clear_message(samples):
    from archive.importers.base import ImportFileError

    with pytest.raises(ImportFileError, match="Bluesky"):
        read(samples / "bluesky" / "thread_view_post_with_embed_media.json")
