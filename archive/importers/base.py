"""The one record type every importer yields, and the problems it may report instead.

An importer is a generator over a `Source` (archive/importers/sources.py) that yields, in
file order, a `Post` for every post it could read and a `Problem` for every record it
could not (malformed line, wrong encoding, cut-off record). It raises `ImportFileError`
only when nothing more can be read from the file at all (wrong format, unsafe zip).
Record numbers are 1-based: the n-th record of a JSON array, or the physical line of a
JSON Lines or CSV file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why, in plain words."""


class TextColumnMissing(ImportFileError):
    """A table (CSV, JSON Lines) with no column for the posts' text. The message is for
    staff and names the file's columns: a contributor's upload says something else, since
    a contributor has no column mapping and the "columns" may be their own words."""


@dataclass(slots=True)
class Post:
    """One post, whatever the platform it came from.

    `text` is plain text (HTML converted, entities unescaped, mojibake repaired).
    `mentions` are the handles of other people that appear in the text, as written
    (with their "@"): they are redacted by default.
    """

    platform: str
    source_id: str
    text: str
    record: int | str
    created_at: datetime | None = None
    author_id: str = ""
    language: str = ""
    reply_to_id: str = ""
    reply_to_author_id: str = ""
    is_repost: bool = False
    is_deleted: bool = False
    # "public" or "unlisted" are importable; "private" and "direct" never are.
    visibility: str = "public"
    mentions: tuple[str, ...] = ()
    # Hashtags the platform lists for the post (without "#"); they count for matching
    # even when the text was cut short before them.
    hashtags: tuple[str, ...] = ()
    # ISO 3166 alpha-2, when the data carries one (research datasets often do).
    country: str = ""
    # Set by the thread joiner: the ids of every post joined into this one, in order.
    thread_ids: tuple[str, ...] = field(default_factory=tuple)
    # Set by the thread joiner when the thread's first post went by before its replies
    # were seen: these replies continue the post with this id (stored already, or not
    # in the file), and `matched` says whether the replies alone are a "me too" account.
    continues: str = ""
    matched: bool = True


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that could not be read, or was left out, and why (never its text)."""

    record: int | str
    reason: str
    # An error is input that is broken; a skip is input that is fine but not imported.
    is_error: bool = True


# --- Small helpers shared by the importers ------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}(?:@[\w.-]+\w)?")


def html_to_text(markup: str) -> str:
    """Mastodon-style HTML (paragraphs, line breaks, links) as plain text."""
    text = _BREAK.sub("\n", markup)
    text = _TAG.sub("", text)
    return html.unescape(text).strip()


def handles_in(text: str) -> tuple[str, ...]:
    """The @handles written in a post, in order, without repeats.

    This reads the platforms' own mention syntax (a post's structured mention list when a
    format has one is preferred); it is not a detector of identifying details.
    """
    seen: dict[str, None] = {}
    for match in _HANDLE.finditer(text):
        seen.setdefault(match.group(0), None)
    return tuple(seen)


def parse_time(value) -> datetime | None:
    """Every time format the supported exports use, as an aware UTC datetime.

    Accepts epoch seconds or milliseconds (number or digit string), ISO 8601 (with "Z",
    an offset, or none: naive times are taken as UTC), and Twitter's
    "Sat Apr 06 20:02:23 +0000 2024". Returns None for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000
        try:
            return datetime.fromtimestamp(number, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    twitter = _twitter_time(value)
    if twitter is not None:
        return twitter
    value = value.strip()
    if value.endswith(" UTC"):
        value = value[:-4] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
        except ValueError:
            try:
                parsed = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


_MONTHS = {m: n for n, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _twitter_time(value: str) -> datetime | None:
    """ "Sat Apr 06 20:02:23 +0000 2024" without strptime, which is slow and locale-bound:
    an archive has one per post."""
    parts = value.split(" ")
    if len(parts) != 6 or parts[4] != "+0000" or parts[1] not in _MONTHS:
        return None
    try:
        hour, minute, second = parts[3].split(":")
        return datetime(
            int(parts[5]),
            _MONTHS[parts[1]],
            int(parts[2]),
            int(hour),
            int(minute),
            int(second),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def text_of(value) -> str:
    return value if isinstance(value, str) else ""
