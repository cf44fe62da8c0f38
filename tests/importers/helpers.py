from __future__ import annotations

from pathlib import Path

from archive.importers import reader_for
from archive.importers.base import Post, Problem
from archive.importers.detect import detect_format
from archive.importers.filters import build_matcher
from archive.importers.pipeline import Tally, accounts
from archive.importers.sources import Limits, open_source


def read(path: Path, fmt: str = "", options: dict | None = None, limits: Limits | None = None):
    """(format, posts, problems) as the importer yields them, before any filtering."""
    source = open_source(path, limits=limits)
    try:
        fmt = fmt or detect_format(source)
        items = list(reader_for(fmt)(source, options or {}))
    finally:
        source.close()
    return (
        fmt,
        [i for i in items if isinstance(i, Post)],
        [i for i in items if isinstance(i, Problem)],
    )


def accounts_of(path: Path, *, match_all: bool = True, fmt: str = "", options=None):
    """(accounts, problems, tally) after leaving out, joining threads and matching."""
    source = open_source(path)
    tally = Tally()
    try:
        fmt = fmt or detect_format(source)
        matcher = build_matcher(match_all=match_all)
        items = list(accounts(reader_for(fmt)(source, options or {}), matcher, tally))
    finally:
        source.close()
    return (
        [i for i in items if isinstance(i, Post)],
        [i for i in items if isinstance(i, Problem)],
        tally,
    )
