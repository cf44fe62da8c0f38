"""Count-only reading: the (day, language, term, country) of each matching post, nothing else.

A count-only import (archive/counts/service.py) needs four short values per post, not a
Post: no id, no author, no mentions, no thread. For CSV, the format research datasets
come in, `voice_cells` reads the rows itself, with the same layouts, limits, left-out
posts and matcher as `read_csv` + `pipeline.accounts`, so the counts are exactly those of
the shared path, about ten times faster: only the needed cells are looked at, the date is
parsed without the general parser when it is plain ISO 8601 in UTC, language and country
codes are looked up once per distinct value, and the matcher is run once per post on
folded text (`Matcher.first_term`). Every other format goes through the shared path
(`read_accounts`) unchanged. The text of a post lives only for its own loop iteration.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from archive.folding import fold
from archive.importers.base import ImportFileError, Problem, parse_time
from archive.importers.detect import detect_format
from archive.importers.filters import Matcher, build_matcher
from archive.importers.pipeline import Tally, matching_text
from archive.importers.service import (
    ImportSettings,
    Report,
    _default_limits,
    read_accounts,
)
from archive.importers.sources import Limits, Source, open_source
from archive.importers.streams import iter_json_lines
from archive.importers.tabular import (
    _DELETED,
    Layout,
    _country,
    _decoded_lines,
    _repost,
    _value_reader,
    detect_layout,
    read_header,
)
from archive.importers.twitter_v1 import language_of
from archive.usertext import clean_user_text

Cell = tuple[date | None, str, str, str]
# Distinct language and country cells remembered; a file with more simply stops caching.
_MEMO_LIMIT = 10_000


def voice_cells(path: Path, how: ImportSettings, report: Report) -> Iterator[Cell]:
    """One (day, language, term, country) per matching post of the file at `path`.

    `report.tally` counts what was read, left out and broken, as the shared path does.
    Raises ImportFileError when the file cannot be read at all.
    """
    limits = _default_limits()
    source = open_source(path, limits=limits)
    try:
        fmt = how.format or detect_format(source)
        if fmt in ("csv", "jsonl"):
            report.format = fmt
            read = _csv_cells if fmt == "csv" else _jsonl_cells
            yield from read(source, how, report.tally, limits)
            return
    finally:
        source.close()
    matcher = build_matcher(
        extra_hashtags=how.extra_hashtags,
        extra_phrases=how.extra_phrases,
        match_all=how.match_all,
    )
    # Threads are not joined: a dataset counts posts, and joining would hold self-replies
    # in memory until the end of the file.
    for item in read_accounts(path, how, report, join_threads=False):
        if isinstance(item, Problem):
            continue
        when = item.created_at.date() if item.created_at else None
        term = matcher.term(matching_text(item)) or "*"
        yield (when, item.language[:16], term[:100], item.country or "")


def _refuse(limits: Limits) -> None:
    """Raise the shared path's error (`service._bounded`) for a file past the limit."""
    raise ImportFileError(
        gettext(
            "This file holds more than %(count)s posts, more than we can read in one "
            "go. Upload only the file with your posts (data/tweets.js or outbox.json)."
        )
        % {"count": f"{limits.max_records:,}"}
    )


def _remember(known: dict[str, str], cell: str, function: Callable[[str], str]) -> str:
    """`function(cell)`, remembered in `known` (language and country codes are few)."""
    value = function(cell)
    if len(known) < _MEMO_LIMIT:
        known[cell] = value
    return value


def _getter(at: dict, convert: dict, field: str) -> Callable[[list[str]], str] | None:
    """Reads one field's cell of a row, as `tabular._cell_reader` does; None if unmapped."""
    position = at.get(field)
    if position is None:
        return None
    fix = convert.get(field)
    if fix is None:
        return itemgetter(position)
    return lambda row: fix(value) if (value := row[position]) else value


def day_of(value: str) -> date | None:
    """The UTC day of a post's time: `parse_time(value).date()`, cheaply for plain ISO 8601.

    "2017-10-15T20:00:00Z" and "2017-10-15 20:00:00" (naive times are UTC) are read by
    the C parser alone; anything else, or anything it refuses, by `parse_time`.
    """
    size = len(value)
    if value[10:11] in ("T", " ") and (
        (size == 20 and value.find("Z") == 19) or (size == 19 and "Z" not in value)
    ):
        try:
            naive = datetime.fromisoformat(value[:19])
        except ValueError:
            naive = None
        if naive is not None and naive.tzinfo is None:
            return naive.date()
    parsed = parse_time(value)
    return parsed.date() if parsed is not None else None


def _csv_cells(source: Source, how: ImportSettings, tally: Tally, limits: Limits) -> Iterator[Cell]:
    """`tabular.read_csv` + `pipeline.accounts` + `Matcher.term`, for counting only.

    Kept step for step with them (problems, left-out reasons, the record limit), so the
    tally and the cells are the same; tests/counts compares the two on every sample file.
    """
    mapping = how.mapping or {}
    encoding = how.encoding or "utf-8"
    matcher: Matcher = build_matcher(
        extra_hashtags=how.extra_hashtags,
        extra_phrases=how.extra_phrases,
        match_all=how.match_all,
    )
    match_all = how.match_all
    first_term = matcher.first_term
    max_chars = settings.CHORUS["MAX_STORY_CHARS"]
    too_long = f"longer than {max_chars} characters"
    max_records = limits.max_records
    languages: dict[str, str] = {}
    countries: dict[str, str] = {}
    csv.field_size_limit(min(sys.maxsize, 16 * 1024 * 1024))
    for member in source.find("*.csv", "*.tsv") or source.members():
        what = member.rsplit("/", 1)[-1]
        with source.open(member) as raw:
            bad: list[int] = []
            lines = _decoded_lines(raw, encoding, bad)
            delimiter = "\t" if what.endswith(".tsv") else ","
            reader = csv.reader(lines, delimiter=delimiter)
            header = read_header(reader, what, encoding, bad)
            if header is None:
                continue
            layout = detect_layout(header, mapping, how.platform)
            at = {field: header.index(column) for field, column in layout.columns.items()}
            convert = layout.convert

            def cell(row: list[str], field: str, at=at, convert=convert) -> str:
                position = at.get(field)
                if position is None:
                    return ""
                value = row[position]
                fix = convert.get(field)
                return fix(value) if fix and value else value

            i_text = at["text"]
            fix_text = convert.get("text")
            has_title = "title" in at
            created = _getter(at, convert, "created_at")
            code = _getter(at, convert, "language")
            place = _getter(at, convert, "country")
            has_hashtags = "hashtags" in at
            repost_column = layout.columns.get("repost", "")
            deleted_texts = layout.deleted_texts
            width = len(header)
            previous = reader.line_num
            failures = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    previous = reader.line_num
                    failures += 1
                    if failures > 1000:
                        raise ImportFileError(
                            gettext("%(file)s is not a readable CSV file.") % {"file": what}
                        ) from exc
                    if tally.read >= max_records:
                        _refuse(limits)
                    tally.read += 1
                    tally.errors += 1
                    continue
                previous = reader.line_num
                if bad and bad[0] <= previous:
                    del bad[: len([n for n in bad if n <= previous])]
                    if tally.read >= max_records:
                        _refuse(limits)
                    tally.read += 1
                    tally.errors += 1
                    continue
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) != width:
                    failures += 1
                    if tally.read >= max_records:
                        _refuse(limits)
                    tally.read += 1
                    tally.errors += 1
                    continue
                if tally.read >= max_records:
                    _refuse(limits)
                tally.read += 1

                # tabular.make_post, the fields a count needs.
                text = row[i_text]
                if fix_text and text:
                    text = fix_text(text)
                if has_title:
                    title = cell(row, "title")
                    if title:
                        text = f"{title}\n\n{text}" if text and text not in _DELETED else title
                if (repost_column and _repost(cell(row, "repost"), repost_column)) or (
                    text.startswith("RT @")
                ):
                    tally.skip("a repost or boost")
                    continue
                if deleted_texts and text.strip() in deleted_texts:
                    tally.skip("a deleted post")
                    continue
                # pipeline.accounts: bidirectional controls are all non-ASCII.
                if not text.isascii():
                    text = clean_user_text(text)
                if not text or text.isspace():  # not text.strip(), without the copy
                    tally.skip("no text")
                    continue
                if len(text) > max_chars:
                    tally.skip(too_long)
                    continue
                if has_hashtags:
                    hashtags = cell(row, "hashtags").replace("#", " ").split()
                    if hashtags:
                        text = text + " " + " ".join("#" + h for h in hashtags)
                term = first_term(fold(text))
                if not term:
                    if not match_all:
                        tally.not_matched += 1
                        continue
                    term = "*"
                tally.matched += 1
                lang = country = ""
                if code:
                    value = code(row)
                    lang = languages.get(value)
                    if lang is None:
                        lang = _remember(languages, value, language_of)
                if place:
                    value = place(row)
                    country = countries.get(value)
                    if country is None:
                        country = _remember(countries, value, _country)
                yield (day_of(created(row)) if created else None, lang, term[:100], country)


def _record_judge(
    how: ImportSettings, tally: Tally
) -> Callable[[Callable, object, Layout], Cell | None]:
    """`tabular.make_post` + `pipeline.accounts` + `Matcher.term` for one record read
    through `get(data, field)`: its cell, or None (tallied as left out or not matched).

    The CSV loop above does the same inline (it is the hot path); this serves JSON Lines,
    where parsing the JSON costs more than a call.
    """
    matcher = build_matcher(
        extra_hashtags=how.extra_hashtags,
        extra_phrases=how.extra_phrases,
        match_all=how.match_all,
    )
    match_all = how.match_all
    max_chars = settings.CHORUS["MAX_STORY_CHARS"]
    too_long = f"longer than {max_chars} characters"
    languages: dict[str, str] = {}
    countries: dict[str, str] = {}

    def judge(get: Callable, data: object, layout: Layout) -> Cell | None:
        text = get(data, "text")
        title = get(data, "title")
        if title:
            text = f"{title}\n\n{text}" if text and text not in _DELETED else title
        repost_column = layout.columns.get("repost", "")
        if (repost_column and _repost(get(data, "repost"), repost_column)) or (
            text.startswith("RT @")
        ):
            tally.skip("a repost or boost")
            return None
        if layout.deleted_texts and text.strip() in layout.deleted_texts:
            tally.skip("a deleted post")
            return None
        text = clean_user_text(text)
        if not text.strip():
            tally.skip("no text")
            return None
        if len(text) > max_chars:
            tally.skip(too_long)
            return None
        hashtags = get(data, "hashtags").replace("#", " ").split()
        if hashtags:
            text = text + " " + " ".join("#" + h for h in hashtags)
        term = matcher.first_term(fold(text))
        if not term:
            if not match_all:
                tally.not_matched += 1
                return None
            term = "*"
        tally.matched += 1
        code = get(data, "language")
        lang = languages.get(code)
        if lang is None:
            lang = _remember(languages, code, language_of)
        place = get(data, "country")
        country = countries.get(place)
        if country is None:
            country = _remember(countries, place, _country)
        return (day_of(get(data, "created_at")), lang[:16], term[:100], country)

    return judge


def _jsonl_cells(
    source: Source, how: ImportSettings, tally: Tally, limits: Limits
) -> Iterator[Cell]:
    """`tabular.read_jsonl` + `pipeline.accounts` + `Matcher.term`, for counting only."""
    mapping = how.mapping or {}
    judge = _record_judge(how, tally)
    max_records = limits.max_records
    for member in source.find("*.jsonl", "*.ndjson", "*.json") or source.members():
        what = member.rsplit("/", 1)[-1]
        layout: Layout | None = None
        with source.open(member) as raw:
            for item in iter_json_lines(raw, what):
                if tally.read >= max_records:
                    _refuse(limits)
                tally.read += 1
                if isinstance(item, Problem):
                    if item.is_error:
                        tally.errors += 1
                    else:
                        tally.skip(item.reason)
                    continue
                _line, obj = item
                if not isinstance(obj, dict):
                    tally.errors += 1
                    continue
                if layout is None:
                    keys = list(obj) + [
                        f"{k}.{sub}" for k, v in obj.items() if isinstance(v, dict) for sub in v
                    ]
                    layout = detect_layout(keys, mapping, how.platform or "jsonl")
                    get = _value_reader(layout)
                cell = judge(get, obj, layout)
                if cell is not None:
                    yield cell
