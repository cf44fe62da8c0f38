"""Facebook "Download your information" posts: your_posts_1.json and its later names.

The file is a JSON array of posts (or `{"group_posts_v2": [...]}` for group posts), each
with an epoch `timestamp` and `data[].post` text. Facebook writes UTF-8 bytes as Latin-1
code points ("tilfÃ¸jet" for "tilføjet"); every string is repaired. Posts carry no id,
so the source id is a digest of the time and text: importing the same file twice still
adds nothing. The generated `title` ("X updated his status.") is not part of the
account: it only repeats the owner's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import ftfy
import ijson

from archive.importers.base import Post, Problem, parse_time
from archive.importers.sources import Source
from archive.importers.streams import iter_json_array, peek_start, plain_json

PLATFORM = "facebook"
POST_FILES = (
    "your_posts*.json",
    "your_posts__check_ins__photos_and_videos*.json",
    "group_posts*.json",
)
_WRAPPERS = ("group_posts_v2", "status_updates_v2", "posts_v2", "your_posts_v2")


def repair(text: str) -> str:
    """Undo Facebook's Latin-1 escaping of UTF-8; leave text that was right alone."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ftfy.fix_text(text, unescape_html=False, normalization=None)


def post_from_facebook(post: dict, record: int | str) -> Post | Problem:
    parts = []
    tagged = []
    for item in post.get("data") or []:
        if isinstance(item, dict) and isinstance(item.get("post"), str):
            parts.append(repair(item["post"]).strip())
    for tag in post.get("tags") or []:
        name = tag.get("name") if isinstance(tag, dict) else tag
        if isinstance(name, str) and name.strip():
            tagged.append(repair(name).strip())
    text = "\n\n".join(p for p in parts if p)
    created = parse_time(post.get("timestamp"))
    digest = hashlib.sha256(f"{post.get('timestamp')}\x00{text}".encode()).hexdigest()[:32]
    return Post(
        platform=PLATFORM,
        source_id=digest,
        text=text,
        record=record,
        created_at=created,
        author_id="self",
        is_deleted=False,
        mentions=tuple(name for name in tagged if name in text),
    )


def read(source: Source, options: dict) -> Iterator[Post | Problem]:
    for member in source.find(*POST_FILES) or source.members():
        what = member.rsplit("/", 1)[-1]
        with source.open(member) as raw:
            first, stream = peek_start(plain_json(raw, what))
            if first == b"[":
                items = iter_json_array(stream, what)
            elif first == b"{":
                prefix = _wrapper_key(source, member)
                if prefix is None:
                    yield Problem(1, f"{what}: no list of posts was found in it.")
                    continue
                items = iter_json_array(stream, what, prefix=f"{prefix}.item")
            else:
                yield Problem(1, f"{what}: not a Facebook posts file.")
                continue
            for item in items:
                if isinstance(item, Problem):
                    yield item
                    continue
                number, value = item
                if not isinstance(value, dict):
                    yield Problem(number, f"record {number}: not a post object.")
                    continue
                yield post_from_facebook(value, number)


def _wrapper_key(source: Source, member: str) -> str | None:
    """The top-level key that holds the posts, read from the start of the file only."""
    with source.open(member) as raw:
        try:
            for prefix, event, value in ijson.parse(plain_json(raw, member)):
                if prefix == "" and event == "map_key" and value in _WRAPPERS:
                    return value
                if prefix == "" and event == "map_key":
                    continue
        except ijson.JSONError:
            return None
    return None
