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


def iter_json_array(stream: BinaryIO, what: str, prefix: str = "item") -> Iterator:
    """Yield (n, element) for each element of the JSON array at `prefix`, then stop.

    On malformed JSON yield one Problem naming the element where reading stopped.
    """
    n = 0
    try:
        for n, value in enumerate(ijson.items(stream, prefix, use_float=True), start=1):  # noqa: B007
            yield n, value
    except ijson.JSONError as exc:
        yield Problem(
            n + 1,
            f"{what}: the JSON is broken at record {n + 1} ({_short(exc)}); "
            "the records after it could not be read.",
        )


def iter_json_lines(stream: BinaryIO, what: str) -> Iterator:
    """Yield (line_number, value) for each non-empty line; a bad line yields a Problem."""
    for number, raw in enumerate(stream, start=1):
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
            yield number, json.loads(text)
        except ValueError as exc:
            yield Problem(number, f"line {number}: not valid JSON ({_short(exc)}).")


def _short(exc: Exception) -> str:
    # Parser messages can quote the input; keep only the part before any quoted text.
    message = str(exc).split("\n", 1)[0]
    return re.split(r"[\"']", message, maxsplit=1)[0].strip(" :") or "syntax error"
