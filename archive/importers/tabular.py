"""Generic CSV and JSON Lines, with a column mapping, and the known dataset layouts.

Columns are matched by header name, never by position. A mapping names the column for
each field (`{"text": "body", "id": "post_id", "created_at": "date"}`); what is not
mapped is guessed from common names. Layouts recognised from their header and read
without a mapping:

- Twitter API v1.1 search results saved by pandas (#MeToo research datasets): nested
  cells are Python reprs, retweets have a `retweeted_status`, ids are read from `*_str`
  because the numeric columns were turned into floats;
- twarc-csv, old (47 columns, `text` JSON-encoded) and current (84 columns);
- Reddit's data-request export (comments.csv, posts.csv).

Record numbers are physical line numbers, so a quoted field spanning lines still points
at the line where its record starts.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from archive.importers.base import (
    ImportFileError,
    Post,
    Problem,
    TextColumnMissing,
    handles_in,
    parse_time,
)
from archive.importers.sources import Source
from archive.importers.streams import bounded_lines, iter_json_lines
from archive.importers.twitter_v1 import language_of

FIELDS = (
    "hashtags",
    "id",
    "text",
    "created_at",
    "author_id",
    "language",
    "reply_to_id",
    "reply_to_author_id",
    "repost",
    "title",
    "country",
)
GUESSES = {
    "id": ("id_str", "id", "post_id", "tweet_id", "status_id", "uuid"),
    "text": ("full_text", "text", "body", "content", "message", "post", "tweet"),
    "created_at": ("created_at", "date", "timestamp", "time", "published", "created", "datetime"),
    "author_id": ("author_id", "user_id", "author.id", "user.id_str", "author"),
    "language": ("lang", "language"),
    "reply_to_id": (
        "in_reply_to_status_id_str",
        "referenced_tweets.replied_to.id",
        "in_reply_to_id",
        "reply_to_id",
    ),
    "reply_to_author_id": ("in_reply_to_user_id_str", "in_reply_to_user_id", "reply_to_author_id"),
    "repost": (
        "referenced_tweets.retweeted.id",
        "retweeted_status",
        "is_retweet",
        "is_repost",
        "reblog",
    ),
    "title": ("title",),
    "country": ("country_code", "country", "place.country_code"),
}
_DELETED = {"[deleted]", "[removed]"}
_HASHTAG_LIST = re.compile(r"""['"]hashtags['"]\s*:\s*\[([^\]]*)\]""")
_HASHTAG_TEXT = re.compile(r"""['"](?:text|tag)['"]\s*:\s*['"]([^'"]+)['"]""")
_USER_ID = re.compile(r"""['"]id_str['"]\s*:\s*['"](\d+)['"]""")
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"", "0", "false", "no", "n", "f", "none", "null", "nan"}


@dataclass
class Layout:
    platform: str
    columns: dict[str, str]
    # Per-layout fix-ups of a cell, by field.
    convert: dict[str, Callable[[str], str]]
    # A post whose text is exactly one of these was deleted.
    deleted_texts: frozenset[str] = frozenset()


def _json_string(cell: str) -> str:
    # Old twarc-csv wrote `text` JSON-encoded: "\"Hello\\nworld\"".
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        try:
            value = json.loads(cell)
        except ValueError:
            return cell
        return value if isinstance(value, str) else cell
    return cell


def _hashtags(cell: str) -> str:
    """The hashtags of an `entities` cell (a Python repr or JSON), space separated."""
    listed = _HASHTAG_LIST.search(cell)
    if not listed:
        return ""
    return " ".join(_HASHTAG_TEXT.findall(listed.group(1)))


def _user_id(cell: str) -> str:
    match = _USER_ID.search(cell)
    return match.group(1) if match else ""


def _whole_number(cell: str) -> str:
    # "20044868.0" (pandas turned the column into floats) is safe only below 2**53.
    if cell.endswith(".0") and cell[:-2].isdigit() and len(cell) < 17:
        return cell[:-2]
    return cell if cell.isdigit() else ""


def detect_layout(header: list[str], mapping: dict[str, str], platform: str = "") -> Layout:
    names = set(header)
    if {"id_str", "text", "user", "retweeted_status"} <= names:
        layout = Layout(
            "twitter",
            {
                "id": "id_str",
                "text": "text",
                "created_at": "created_at",
                "author_id": "user",
                "language": "lang",
                "reply_to_id": "in_reply_to_status_id_str",
                "reply_to_author_id": "in_reply_to_user_id_str",
                "repost": "retweeted_status",
                "hashtags": "entities",
            },
            {
                "hashtags": _hashtags,
                "text": html.unescape,
                "author_id": _user_id,
                "reply_to_id": _whole_number,
                "reply_to_author_id": _whole_number,
            },
        )
    elif "author.username" in names or "__twarc.url" in names or "referenced_tweets" in names:
        columns = {
            "id": "id",
            "text": "text",
            "created_at": "created_at",
            "author_id": "author_id",
            "language": "lang",
        }
        if "referenced_tweets.retweeted.id" in names:
            columns |= {
                "repost": "referenced_tweets.retweeted.id",
                "reply_to_id": "referenced_tweets.replied_to.id",
                "reply_to_author_id": "in_reply_to_user_id",
            }
        elif "type" in names:
            columns["repost"] = "type"
        layout = Layout("twitter", columns, {"text": lambda c: html.unescape(_json_string(c))})
    elif {"permalink", "subreddit", "body"} <= names:
        columns = {"id": "id", "text": "body", "created_at": "date"}
        if "title" in names:
            columns["title"] = "title"
        layout = Layout("reddit", columns, {}, frozenset(_DELETED))
    else:
        columns = {}
        for field, candidates in GUESSES.items():
            found = next((c for c in candidates if c in names), None)
            if found:
                columns[field] = found
        layout = Layout(platform or "csv", columns, {})
    layout.columns.update({k: v for k, v in mapping.items() if k in FIELDS and v})
    if platform:
        layout.platform = platform
    missing = [v for v in layout.columns.values() if v not in names]
    if missing:
        raise ImportFileError(
            gettext("The column mapping names columns the file does not have: %(columns)s")
            % {"columns": ", ".join(missing[:5])}
        )
    if "text" not in layout.columns:
        raise TextColumnMissing(
            gettext(
                "No column holding the text of the posts was found. Name it in the column mapping "
                "(for example text=body); the file's columns are: %(columns)s"
            )
            % {"columns": ", ".join(header[:20])}
        )
    return layout


def _repost(value: str, column: str) -> bool:
    lowered = value.strip().lower()
    if column == "type":
        return lowered in {"retweeted", "retweet"}
    return lowered not in _FALSE


def make_post(
    get: Callable[[object, str], str], data: object, layout: Layout, record: int
) -> Post | Problem:
    """A Post from one row or object; `get(data, field)` reads a field's cell as text."""
    text = get(data, "text")
    title = get(data, "title")
    if title:
        text = f"{title}\n\n{text}" if text and text not in _DELETED else title
    deleted = text.strip() in layout.deleted_texts
    created = get(data, "created_at")
    source_id = get(data, "id")
    if not source_id:
        source_id = hashlib.sha256(f"{created}\x00{text}".encode()).hexdigest()[:32]
    repost_column = layout.columns.get("repost", "")
    return Post(
        platform=layout.platform,
        source_id=source_id[:64],
        text=text,
        record=record,
        created_at=parse_time(created),
        author_id=get(data, "author_id"),
        language=language_of(get(data, "language")),
        reply_to_id=get(data, "reply_to_id"),
        reply_to_author_id=get(data, "reply_to_author_id"),
        is_repost=bool(repost_column)
        and _repost(get(data, "repost"), repost_column)
        or text.startswith("RT @"),
        is_deleted=deleted,
        mentions=handles_in(text),
        hashtags=tuple(get(data, "hashtags").replace("#", " ").split()),
        country=_country(get(data, "country")),
    )


def _country(cell: str) -> str:
    # Only a two-letter code is a country we can count by; names are left out.
    code = cell.strip().upper()
    return code if len(code) == 2 and code.isalpha() else ""


def _cell_reader(header: list[str], layout: Layout) -> Callable[[object, str], str]:
    index = {field: header.index(column) for field, column in layout.columns.items()}
    convert = layout.convert

    def get(row, field: str) -> str:
        position = index.get(field)
        if position is None:
            return ""
        cell = row[position]
        fix = convert.get(field)
        return fix(cell) if fix and cell else cell

    return get


def _value_reader(layout: Layout) -> Callable[[object, str], str]:
    def get(obj, field: str) -> str:
        column = layout.columns.get(field)
        if not column:
            return ""
        value = _dig(obj, column) if "." in column and column not in obj else obj.get(column, "")
        if isinstance(value, bool):
            return "true" if value else ""
        if value is None:
            return ""
        if isinstance(value, dict | list):
            return json.dumps(value) if value else ""
        return str(value)

    return get


def read_header(reader, what: str, encoding: str, bad: list[int]) -> list[str] | None:
    """The header row of one CSV member (None when the member is empty), or a clear error
    when the member is not CSV or its header is not in `encoding`."""
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return None
    except csv.Error as exc:
        raise ImportFileError(
            gettext("%(file)s is not a readable CSV file (%(error)s).")
            % {"file": what, "error": exc}
        ) from exc
    if bad:
        raise ImportFileError(
            gettext(
                "%(file)s, line 1: the header is not valid %(encoding)s; save the file "
                "as UTF-8, or name its encoding."
            )
            % {"file": what, "encoding": encoding}
        )
    return header


def _decoded_lines(raw, encoding: str, bad: list[int]) -> Iterator[str]:
    for number, line in bounded_lines(raw, "CSV"):
        if line is None:
            # A CSV row may span lines (quoted newlines), so one cannot be skipped safely.
            raise ImportFileError(
                gettext("Line %(line)s is longer than %(kb)s KB, so the file was not read on.")
                % {"line": number, "kb": settings.CHORUS["IMPORT_MAX_LINE_KB"]}
            )
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        elif number == 1 and line[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise ImportFileError(
                gettext("The file is saved as UTF-16; save it as UTF-8 and upload it again.")
            )
        try:
            yield line.decode(encoding)
        except UnicodeDecodeError:
            bad.append(number)
            yield line.decode(encoding, "replace")


def read_csv(source: Source, options: dict) -> Iterator[Post | Problem]:
    mapping = options.get("mapping") or {}
    encoding = options.get("encoding") or "utf-8"
    # A research CSV can hold whole profiles in one cell; cap at something sane.
    csv.field_size_limit(min(sys.maxsize, 16 * 1024 * 1024))
    for member in source.find("*.csv", "*.tsv") or source.members():
        what = member.rsplit("/", 1)[-1]
        with source.open(member) as raw:
            bad: list[int] = []
            lines = _decoded_lines(raw, encoding, bad)
            delimiter = "\t" if what.endswith(".tsv") else options.get("delimiter", ",")
            reader = csv.reader(lines, delimiter=delimiter)
            header = read_header(reader, what, encoding, bad)
            if header is None:
                continue
            layout = detect_layout(header, mapping, options.get("platform", ""))
            get = _cell_reader(header, layout)
            width = len(header)
            previous = reader.line_num
            failures = 0
            while True:
                first = previous + 1
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
                    yield Problem(first, f"line {first}: not valid CSV ({exc}).")
                    continue
                previous = reader.line_num
                if bad and bad[0] <= previous:
                    lines_bad = [n for n in bad if n <= previous]
                    del bad[: len(lines_bad)]
                    yield Problem(
                        first,
                        f"line {lines_bad[0]}: not valid {encoding} (save the file as UTF-8, "
                        "or name its encoding).",
                    )
                    continue
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) != width:
                    failures += 1
                    yield Problem(
                        first, f"line {first}: has {len(row)} columns where the header has {width}."
                    )
                    continue

                yield make_post(get, row, layout, first)


def _dig(value, path: str):
    for part in path.split("."):
        if not isinstance(value, dict):
            return ""
        value = value.get(part, "")
    return value


def read_jsonl(source: Source, options: dict) -> Iterator[Post | Problem]:
    mapping = options.get("mapping") or {}
    for member in source.find("*.jsonl", "*.ndjson", "*.json") or source.members():
        what = member.rsplit("/", 1)[-1]
        layout: Layout | None = None
        with source.open(member) as raw:
            for item in iter_json_lines(raw, what):
                if isinstance(item, Problem):
                    yield item
                    continue
                line, obj = item
                if not isinstance(obj, dict):
                    yield Problem(line, f"line {line}: not an object.")
                    continue
                if layout is None:
                    keys = list(obj) + [
                        f"{k}.{sub}" for k, v in obj.items() if isinstance(v, dict) for sub in v
                    ]
                    layout = detect_layout(keys, mapping, options.get("platform", "") or "jsonl")
                    get = _value_reader(layout)
                yield make_post(get, obj, layout, line)
