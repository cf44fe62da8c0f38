"""Streaming readers: JSON arrays (ijson, C backend), JSON Lines, and JavaScript-wrapped JSON.

Each yields `(record_number, value)` pairs and reports what it could not read as a
`Problem`, so an importer never holds a whole file in memory and one bad line never
stops the lines after it. A broken JSON *array* cannot be resynchronised, so there the
problem names the record where reading stopped.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

import ijson
from django.conf import settings
from django.utils.translation import gettext

from archive.importers.base import ImportFileError, Problem

# ijson picks its fastest backend at import; yajl2_c parses about ten times faster than
# the pure-Python one, which the import throughput targets rely on.
BACKEND = ijson.backend

_YTD = re.compile(rb"^\s*window\.YTD\.[\w.]+\s*=\s*")
_BOMS = (codecs.BOM_UTF8,)
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Prefixed:
    """A binary stream that first replays `head`, then reads on from `rest`."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readline(self, size: int = -1) -> bytes:
        if self._head:
            cut = self._head.find(b"\n")
            end = len(self._head) if cut < 0 else cut + 1
            if size >= 0:
                end = min(end, size)
            line, self._head = self._head[:end], self._head[end:]
            if self._head or line.endswith(b"\n") or (size >= 0 and len(line) >= size):
                return line
            return line + self._rest.readline(size - len(line) if size >= 0 else -1)
        return self._rest.readline(size)

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head + self._rest.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            if len(data) < size:
                data += self._rest.read(size - len(data))
            return data
        return self._rest.read(size)


def _check_encoding(head: bytes, what: str) -> bytes:
    if head.startswith(_UTF16):
        raise ImportFileError(
            gettext("%(file)s is saved as UTF-16; save it as UTF-8 and upload it again.")
            % {"file": what}
        )
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :]
    return head


def unwrap_javascript(stream: BinaryIO, what: str) -> BinaryIO:
    """Skip Twitter's `window.YTD.tweets.part0 = ` so what follows is plain JSON."""
    head = _check_encoding(stream.read(4096), what)
    match = _YTD.match(head)
    if match:
        head = head[match.end() :]
    return Prefixed(head, stream)  # type: ignore[return-value]


def plain_json(stream: BinaryIO, what: str) -> BinaryIO:
    head = _check_encoding(stream.read(4096), what)
    return Prefixed(head, stream)  # type: ignore[return-value]


def peek_start(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first non-blank byte of `stream`, and a stream that still starts with it."""
    first = stream.read(1)
    while first in (b" ", b"\n", b"\r", b"\t"):
        first = stream.read(1)
    return first, Prefixed(first, stream)  # type: ignore[return-value]


def _kb(name: str) -> int:
    return settings.CHORUS[name] * 1024


class RecordTooLarge(Exception):
    """One JSON array element is larger than IMPORT_MAX_RECORD_KB."""


class _RecordBudget:
    """Feeds ijson, counting the bytes read since the last element was yielded.

    ijson builds a whole element in memory before yielding it, so one huge element (a
    120 MB string on one line) would be held at once; reading stops at the first byte
    past the budget instead, whatever the element looks like.
    """

    def __init__(self, stream: BinaryIO, budget: int) -> None:
        self._stream = stream
        self.budget = budget
        self.since_last = 0

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for 0 bytes to learn whether the stream gives bytes
            return b""
        if self.since_last > self.budget:
            raise RecordTooLarge
        data = self._stream.read(min(size, 64 * 1024) if size and size > 0 else 64 * 1024)
        self.since_last += len(data)
        return data


def _too_deep(value, limit: int) -> bool:
    """Whether `value` nests lists/objects deeper than `limit` (iteratively: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in item if isinstance(child, dict | list))
    return False


def iter_json_array(stream: BinaryIO, what: str, prefix: str = "item") -> Iterator:
    """Yield (n, element) for each element of the JSON array at `prefix`, then stop.

    On malformed JSON, an element over IMPORT_MAX_RECORD_KB or nested deeper than
    IMPORT_MAX_JSON_DEPTH, yield one Problem naming the element where reading stopped.
    """
    n = 0
    depth = settings.CHORUS["IMPORT_MAX_JSON_DEPTH"]
    counted = _RecordBudget(stream, _kb("IMPORT_MAX_RECORD_KB"))
    try:
        for n, value in enumerate(ijson.items(counted, prefix, use_float=True), start=1):  # noqa: B007
            if _too_deep(value, depth):
                yield Problem(n, f"{what}: record {n} is nested more than {depth} levels deep.")
                return
            yield n, value
            counted.since_last = 0
    except ijson.JSONError as exc:
        yield Problem(
            n + 1,
            f"{what}: the JSON is broken at record {n + 1} ({_short(exc)}); "
            "the records after it could not be read.",
        )
    except RecordTooLarge:
        yield Problem(
            n + 1,
            f"{what}: record {n + 1} is larger than {counted.budget // 1024} KB; "
            "the records after it could not be read.",
        )


def bounded_lines(stream: BinaryIO, what: str) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each physical line; None for a line over IMPORT_MAX_LINE_KB.

    A line is never read whole past the limit: the rest of a long line is skipped in
    bounded reads, so a 120 MB file on one line takes no more memory than a short one.
    """
    limit = _kb("IMPORT_MAX_LINE_KB")
    readline = getattr(stream, "readline", None)
    if readline is None:
        raise ImportFileError(gettext("%(file)s cannot be read line by line.") % {"file": what})
    number = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = readline(64 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def iter_json_lines(stream: BinaryIO, what: str) -> Iterator:
    """Yield (line_number, value) for each non-empty line; a bad line yields a Problem."""
    depth = settings.CHORUS["IMPORT_MAX_JSON_DEPTH"]
    for number, raw in bounded_lines(stream, what):
        if raw is None:
            yield Problem(
                number,
                f"line {number}: longer than {settings.CHORUS['IMPORT_MAX_LINE_KB']} KB, "
                "so it was not read.",
            )
            continue
        if number == 1:
            raw = _check_encoding(raw, what)
        line = raw.strip()
        if not line:
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            yield Problem(number, f"line {number}: not valid UTF-8 (save the file as UTF-8).")
            continue
        try:
            value = json.loads(text)
        except RecursionError:
            value = _DEEP
        except ValueError as exc:
            yield Problem(number, f"line {number}: not valid JSON ({_short(exc)}).")
            continue
        if value is _DEEP or _too_deep(value, depth):
            yield Problem(number, f"line {number}: nested more than {depth} levels deep.")
            continue
        yield number, value


_DEEP = object()


def _short(exc: Exception) -> str:
    # Parser messages can quote the input; keep only the part before any quoted text.
    message = str(exc).split("\n", 1)[0]
    return re.split(r"[\"']", message, maxsplit=1)[0].strip(" :") or "syntax error"
