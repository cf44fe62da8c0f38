"""Twitter API v2 as written by twarc2: JSON Lines of response pages or stream messages.

Each line is `{"data": [...] or {...}, "includes": {...}, "__twarc": {...}}`. Long posts
carry their whole text in `note_tweet.text`. A retweet is a post whose
`referenced_tweets` has type "retweeted". Record numbers are "line" or "line.n" (the n-th
post on a page), so a report points at the exact place. A line cut off mid-capture is
reported and skipped; the lines after it are still read.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from archive.importers.base import Post, Problem, handles_in, parse_time, text_of
from archive.importers.sources import Source
from archive.importers.streams import iter_json_lines
from archive.importers.twitter_v1 import language_of

PLATFORM = "twitter"


def post_from_v2(tweet: dict, record: int | str) -> Post | Problem:
    source_id = text_of(tweet.get("id")) or (
        str(tweet["id"]) if isinstance(tweet.get("id"), int) else ""
    )
    if not source_id:
        return Problem(record, f"record {record}: the post has no id.")
    note = tweet.get("note_tweet") if isinstance(tweet.get("note_tweet"), dict) else {}
    text = html.unescape(text_of(note.get("text")) or text_of(tweet.get("text")))
    references = tweet.get("referenced_tweets") or []
    kinds = {r.get("type"): str(r.get("id", "")) for r in references if isinstance(r, dict)}
    mentions = []
    for mention in ((note.get("entities") or tweet.get("entities") or {}).get("mentions")) or []:
        if isinstance(mention, dict) and mention.get("username"):
            mentions.append("@" + mention["username"])
    for handle in handles_in(text):
        if handle not in mentions:
            mentions.append(handle)
    return Post(
        platform=PLATFORM,
        source_id=source_id,
        text=text,
        record=record,
        created_at=parse_time(tweet.get("created_at")),
        author_id=str(tweet.get("author_id") or ""),
        language=language_of(tweet.get("lang")),
        reply_to_id=kinds.get("replied_to", ""),
        reply_to_author_id=str(tweet.get("in_reply_to_user_id") or ""),
        is_repost="retweeted" in kinds or text.startswith("RT @"),
        mentions=tuple(mentions),
    )


def read(source: Source, options: dict) -> Iterator[Post | Problem]:
    for member in source.find("*.jsonl", "*.json", "*.ndjson", "*.txt") or source.members():
        what = member.rsplit("/", 1)[-1]
        with source.open(member) as raw:
            for item in iter_json_lines(raw, what):
                if isinstance(item, Problem):
                    yield item
                    continue
                line, page = item
                if not isinstance(page, dict):
                    yield Problem(line, f"line {line}: not a twarc2 response.")
                    continue
                data = page.get("data")
                if isinstance(data, dict):
                    yield post_from_v2(data, line)
                elif isinstance(data, list):
                    for n, tweet in enumerate(data, start=1):
                        label = f"{line}.{n}"
                        if isinstance(tweet, dict):
                            yield post_from_v2(tweet, label)
                        else:
                            yield Problem(label, f"record {label}: not a post object.")
                elif "id" in page and "text" in page:
                    # twarc2 flattened output: one post per line.
                    yield post_from_v2(page, line)
                else:
                    yield Problem(line, f"line {line}: holds no posts.", is_error=False)
