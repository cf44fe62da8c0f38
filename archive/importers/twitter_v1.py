"""Twitter API v1.1 statuses: a JSON array, or one status per line (streaming captures).

Handles `tweet_mode=extended` (`full_text`), streaming "compatibility mode" (`text` cut at
140 characters with the whole text in `extended_tweet.full_text`), retweets
(`retweeted_status`, or text starting "RT @"), delete notices, and ids that lost their
precision as numbers (only `id_str` is trusted). The personal archive's tweets.js holds
the same objects, so twitter_archive.py converts with `post_from_status` too.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from archive.importers.base import Post, Problem, handles_in, parse_time, text_of
from archive.importers.sources import Source
from archive.importers.streams import iter_json_array, iter_json_lines, plain_json

PLATFORM = "twitter"

# Twitter's codes for "no language": undetermined, emoji only, media only, hashtags only…
_NO_LANGUAGE = {"und", "qme", "zxx", "qht", "qst", "qam", "qct", "art"}


def _id(obj: dict, key: str = "id") -> str:
    value = obj.get(f"{key}_str")
    if value:
        return str(value)
    value = obj.get(key)
    # A float id has already lost its last digits: better no id than a wrong one.
    return str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""


def language_of(code) -> str:
    code = text_of(code).lower()
    return "" if code in _NO_LANGUAGE else code[:8]


def status_text(status: dict) -> str:
    extended = status.get("extended_tweet")
    if isinstance(extended, dict) and extended.get("full_text"):
        text = extended["full_text"]
    else:
        text = text_of(status.get("full_text")) or text_of(status.get("text"))
    return html.unescape(text)


def post_from_status(status: dict, record: int | str, owner_id: str = "") -> Post | Problem:
    """One v1.1 status object (or archive tweet) as a Post, or a Problem saying why not."""
    if "delete" in status and "id_str" not in status:
        return Problem(record, "a notice that a post was deleted", is_error=False)
    source_id = _id(status)
    if not source_id:
        return Problem(record, f"record {record}: the post has no id.")
    text = status_text(status)
    user = status.get("user") if isinstance(status.get("user"), dict) else {}
    author_id = _id(user) if user else owner_id
    retweeted = status.get("retweeted_status")
    mentions = []
    entities = status.get("extended_tweet", {}).get("entities") or status.get("entities") or {}
    for mention in entities.get("user_mentions") or []:
        if isinstance(mention, dict) and mention.get("screen_name"):
            handle = "@" + mention["screen_name"]
            if handle.lower() in text.lower():
                mentions.append(handle)
    for handle in handles_in(text):
        if handle not in mentions:
            mentions.append(handle)
    hashtags = tuple(
        h["text"] for h in entities.get("hashtags") or [] if isinstance(h, dict) and h.get("text")
    )
    created = parse_time(status.get("created_at")) or parse_time(status.get("timestamp_ms"))
    return Post(
        platform=PLATFORM,
        source_id=source_id,
        text=text,
        record=record,
        created_at=created,
        author_id=author_id,
        language=language_of(status.get("lang")),
        reply_to_id=_id(status, "in_reply_to_status_id"),
        reply_to_author_id=_id(status, "in_reply_to_user_id"),
        is_repost=bool(retweeted) or text.startswith("RT @"),
        is_deleted=False,
        mentions=tuple(mentions),
        hashtags=hashtags,
    )


def read(source: Source, options: dict) -> Iterator[Post | Problem]:
    """Every status in every JSON member of the source (an array, or JSON Lines)."""
    for member in source.find("*.json", "*.jsonl", "*.ndjson", "*.txt") or source.members():
        what = member.rsplit("/", 1)[-1]
        is_array = source.head(member, 4096).lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"["
        with source.open(member) as raw:
            if is_array:
                items = iter_json_array(plain_json(raw, what), what)
            else:
                items = iter_json_lines(raw, what)
            for item in items:
                if isinstance(item, Problem):
                    yield item
                    continue
                number, status = item
                if not isinstance(status, dict):
                    yield Problem(number, f"record {number}: not a post object.")
                    continue
                yield post_from_status(status, number)
