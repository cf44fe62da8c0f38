"""Mastodon account archive: outbox.json (ActivityPub), alone or inside the archive zip.

`orderedItems` is streamed. A `Create` of a `Note` is a post (HTML converted to text);
an `Announce` is a boost and is left out, as are followers-only and direct messages:
visibility is read from the audience (`to`/`cc`) the way Mastodon sets it. Replies to the
author's own statuses are joined into threads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import urlsplit

from archive.importers.base import Post, Problem, handles_in, html_to_text, parse_time, text_of
from archive.importers.sources import Source
from archive.importers.streams import iter_json_array, plain_json

PLATFORM = "mastodon"
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}


def compact_id(url: str) -> str:
    """A status URL as "host/id": short, unique across instances, fits source_id."""
    parts = urlsplit(url)
    short = f"{parts.netloc}/{parts.path.rstrip('/').rsplit('/', 1)[-1]}" if parts.netloc else url
    if len(short) <= 64:
        return short
    return hashlib.sha256(url.encode()).hexdigest()[:40]


def visibility(to: list, cc: list) -> str:
    if PUBLIC & set(to):
        return "public"
    if PUBLIC & set(cc):
        return "unlisted"
    if any(isinstance(a, str) and a.endswith("/followers") for a in to + cc):
        return "private"
    return "direct"


def _not_a_post(activity: dict, record: int | str) -> Post | Problem | None:
    """A boost, a deleted post or an activity that is no post; None for a post."""
    kind = activity.get("type")
    if kind == "Announce":
        return Post(PLATFORM, compact_id(text_of(activity.get("id"))), "", record, is_repost=True)
    note = activity.get("object")
    if kind != "Create" or not isinstance(note, dict):
        return Problem(record, f"a {kind or 'untyped'} activity, not a post", is_error=False)
    if note.get("type") == "Tombstone":
        return Post(PLATFORM, compact_id(text_of(note.get("id"))), "", record, is_deleted=True)
    if note.get("type") not in ("Note", "Article", "Question"):
        return Problem(record, f"a {note.get('type')} object, not a post", is_error=False)
    if not text_of(note.get("id")):
        return Problem(record, f"record {record}: the post has no id.")
    return None


def _text_and_language(note: dict) -> tuple[str, str]:
    """The note as plain text (its content warning first) and its language, if stated."""
    content_map = note.get("contentMap") if isinstance(note.get("contentMap"), dict) else {}
    content = text_of(note.get("content"))
    if not content and content_map:
        content = next((v for v in content_map.values() if isinstance(v, str)), "")
    text = html_to_text(content)
    warning = text_of(note.get("summary")).strip()
    if warning:
        text = f"{warning}\n\n{text}"
    language = next(iter(content_map))[:8] if content_map else ""
    return text, language


def _mentions(note: dict, text: str) -> tuple[str, ...]:
    """The handles of people the note mentions, as they appear in its text."""
    mentions: list[str] = []
    for tag in note.get("tag") or []:
        if isinstance(tag, dict) and tag.get("type") == "Mention" and tag.get("name"):
            full = tag["name"] if tag["name"].startswith("@") else "@" + tag["name"]
            short = "@" + full.lstrip("@").split("@", 1)[0]
            for handle in (full, short):
                if handle.lower() in text.lower() and handle not in mentions:
                    mentions.append(handle)
    for handle in handles_in(text):
        if handle not in mentions and not any(m.startswith(handle) for m in mentions):
            mentions.append(handle)
    return tuple(mentions)


def _audience(note: dict, activity: dict, field: str) -> list[str]:
    return [a for a in note.get(field) or activity.get(field) or [] if isinstance(a, str)]


def post_from_activity(activity: dict, record: int | str) -> Post | Problem:
    skipped = _not_a_post(activity, record)
    if skipped is not None:
        return skipped
    note = activity["object"]
    author = text_of(note.get("attributedTo")) or text_of(activity.get("actor"))
    text, language = _text_and_language(note)
    reply_to = text_of(note.get("inReplyTo"))
    return Post(
        platform=PLATFORM,
        source_id=compact_id(text_of(note.get("id"))),
        text=text,
        record=record,
        created_at=parse_time(note.get("published") or activity.get("published")),
        author_id=author,
        language=language,
        reply_to_id=compact_id(reply_to) if reply_to else "",
        reply_to_author_id=author if reply_to.startswith(author.rstrip("/") + "/") else "other",
        visibility=visibility(_audience(note, activity, "to"), _audience(note, activity, "cc")),
        mentions=_mentions(note, text),
    )


def read(source: Source, options: dict) -> Iterator[Post | Problem]:
    members = source.find("outbox.json") or source.members()
    for member in members:
        what = member.rsplit("/", 1)[-1]
        with source.open(member) as raw:
            for item in iter_json_array(plain_json(raw, what), what, prefix="orderedItems.item"):
                if isinstance(item, Problem):
                    yield item
                    continue
                number, activity = item
                if not isinstance(activity, dict):
                    yield Problem(number, f"record {number}: not an activity.")
                    continue
                yield post_from_activity(activity, number)
