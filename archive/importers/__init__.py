"""Importing posts from other platforms: one module per format, one record type (Post).

sources.py   where bytes come from (a file, a folder, a zip archive, safely)
detect.py    which format a file is in
twitter_archive, twitter_v1, twitter_v2, facebook, mastodon, tabular: the formats
filters.py   which posts are "me too" accounts
pipeline.py  leaving out, joining threads, matching
service.py   storing accounts with provenance, deduplication and consent rules
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils.translation import gettext

from archive.importers import facebook, mastodon, tabular, twitter_archive, twitter_v1, twitter_v2
from archive.importers.base import ImportFileError, Post, Problem
from archive.importers.sources import Source

Reader = Callable[[Source, dict], Iterator[Post | Problem]]

FORMATS: dict[str, tuple[str, Reader]] = {
    "twitter-archive": ("Twitter/X archive (tweets.js or the archive .zip)", twitter_archive.read),
    "twitter-v2": ("Twitter API v2 / twarc2 (JSON Lines)", twitter_v2.read),
    "twitter-v1": ("Twitter API v1.1 (JSON)", twitter_v1.read),
    "facebook": ("Facebook posts (your_posts_1.json)", facebook.read),
    "mastodon": ("Mastodon archive (outbox.json or the archive .zip)", mastodon.read),
    "csv": ("CSV with a column for the text", tabular.read_csv),
    "jsonl": ("JSON Lines with a field for the text", tabular.read_jsonl),
}


def reader_for(fmt: str) -> Reader:
    try:
        return FORMATS[fmt][1]
    except KeyError:
        raise ImportFileError(gettext("Unknown format %(format)r.") % {"format": fmt}) from None


__all__ = ["FORMATS", "ImportFileError", "Post", "Problem", "reader_for"]
