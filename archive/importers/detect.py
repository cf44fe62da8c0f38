"""Which format a file is in, when the user does not say.

An archive or folder is recognised by the names of the files in it; a single file by its
first bytes only, since an uploaded file's name proves nothing.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext

from archive.importers.base import ImportFileError
from archive.importers.sources import Source

_YTD = re.compile(rb"^\s*window\.YTD\.(\w+)\.part\d+\s*=")


def _first_json_value(head: bytes):
    """The first complete JSON value in `head` (a line, or an array's first element)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \r\n\t")
    decoder = json.JSONDecoder()
    if text.startswith("["):
        text = text[1:].lstrip()
    try:
        value, _end = decoder.raw_decode(text)
    except ValueError:
        return None
    return value


def detect_format(source: Source) -> str:
    """One of the importer names in archive.importers.FORMATS, or ImportFileError."""
    members = source.members()
    if len(members) > 1:
        # An archive or a folder: its file names say what it is.
        if source.find("tweets.js", "tweet.js", "tweets-part*.js", "tweet-part*.js"):
            return "twitter-archive"
        if source.find("outbox.json"):
            return "mastodon"
        if source.find("your_posts*.json", "group_posts*.json"):
            return "facebook"
        raise ImportFileError(
            gettext(
                "This archive is not one Chorus can read: no tweets.js, outbox.json or "
                "your_posts_1.json was found in it."
            )
        )
    head = source.head(members[0])
    if not head.strip():
        raise ImportFileError(gettext("The file is empty."))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            gettext("The file is saved as UTF-16; save it as UTF-8 and upload it again.")
        )
    if _YTD.match(head.lstrip(b"\xef\xbb\xbf")):
        return "twitter-archive"
    stripped = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if stripped[:1] in (b"{", b"["):
        if b'"orderedItems"' in head or b"activitystreams" in head:
            return "mastodon"
        if b'"group_posts_v2"' in head:
            return "facebook"
        value = _first_json_value(head)
        if value is None and stripped[:1] == b"{":
            # A large first object (a twarc2 page) does not fit the sample: look at its keys.
            if re.search(rb'^\{\s*"(data|includes)"\s*:', stripped):
                return "twitter-v2"
        if isinstance(value, dict):
            keys = set(value)
            if "tweet" in keys and isinstance(value["tweet"], dict):
                return "twitter-archive"
            if keys & {"data", "includes", "__twarc"} and stripped[:1] == b"{":
                return "twitter-v2"
            if keys & {"full_text", "id_str", "retweeted_status", "extended_tweet"}:
                return "twitter-v1"
            if "timestamp" in keys and keys & {"data", "attachments", "title"}:
                return "facebook"
            if "$type" in keys or "thread" in keys or "uri" in keys and "cid" in keys:
                raise ImportFileError(
                    gettext(
                        "This looks like Bluesky data, which Chorus cannot import yet. Export "
                        "the posts as CSV (one column for the text) and import that."
                    )
                )
            if stripped[:1] == b"{":
                return "jsonl"
        raise ImportFileError(
            gettext(
                "This JSON file is not in a format Chorus recognises: choose the format, or "
                "use JSON Lines with one post per line."
            )
        )
    if b"\x00" in head:
        raise ImportFileError(gettext("This is not a text file Chorus can read."))
    return "csv"
