"""The Twitter/X personal archive ("Download your data"): data/tweets.js and friends.

Reads `tweets.js`, `tweets-part1.js`, … (or the older `tweet.js`), each a JavaScript
assignment `window.YTD.tweets.part0 = [ {"tweet": {...}}, … ]`, streamed element by
element. From the same archive, when present:

- `account.js` gives the owner's account id, so replies to the owner are known to be
  self-replies (without it, a reply whose text does not start with the replied-to
  handle is taken as a self-reply: Twitter prefixes replies to others with their handle);
- `note-tweet.js` gives the whole text of long posts, whose `full_text` is cut off with
  "…"; a note is joined to its post by creation time (to the second) plus a text prefix,
  because the note's id is not the post's id.

Edited posts appear once per version; only the last version is imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from django.utils.translation import gettext

from archive.importers.base import ImportFileError, Post, Problem, handles_in, parse_time
from archive.importers.sources import Source
from archive.importers.streams import iter_json_array, unwrap_javascript
from archive.importers.twitter_v1 import post_from_status

PLATFORM = "twitter"
TWEET_FILES = ("tweets.js", "tweets-part*.js", "tweet.js", "tweet-part*.js")
# Notes are small (one per long post), so they are read whole; this caps that.
_MAX_NOTE_BYTES = 64 * 1024 * 1024
_CUT = re.compile(r"…\s*(?:https://t\.co/\w+\s*)?$")


def _read_small_js(source: Source, member: str) -> list:
    with source.open(member) as raw:
        stream = unwrap_javascript(raw, member)
        data = stream.read(_MAX_NOTE_BYTES + 1)
    if len(data) > _MAX_NOTE_BYTES:
        raise ImportFileError(
            gettext("%(member)s is too large to be a genuine archive file.") % {"member": member}
        )
    try:
        value = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(
            gettext("%(file)s is not valid JSON.") % {"file": member.rsplit("/", 1)[-1]}
        ) from exc
    return value if isinstance(value, list) else []


def _owner_id(source: Source) -> str:
    for member in source.find("account.js"):
        for item in _read_small_js(source, member):
            account = item.get("account", item) if isinstance(item, dict) else {}
            if account.get("accountId"):
                return str(account["accountId"])
    return ""


def _notes(source: Source) -> dict[str, list[str]]:
    """Long texts by creation second ("2023-10-13T14:58:50")."""
    notes: dict[str, list[str]] = {}
    for member in source.find("note-tweet.js", "note-tweet-part*.js"):
        for item in _read_small_js(source, member):
            note = item.get("noteTweet", item) if isinstance(item, dict) else {}
            created = parse_time(note.get("createdAt"))
            text = (note.get("core") or {}).get("text")
            if created and isinstance(text, str):
                notes.setdefault(created.strftime("%Y-%m-%dT%H:%M:%S"), []).append(text)
    return notes


def _with_note(post: Post, notes: dict[str, list[str]]) -> None:
    cut = _CUT.search(post.text)
    if not cut or post.created_at is None:
        return
    prefix = post.text[: cut.start()].rstrip()[:100]
    for text in notes.get(post.created_at.strftime("%Y-%m-%dT%H:%M:%S"), ()):
        if text.startswith(prefix):
            post.text = text
            post.mentions = tuple(dict.fromkeys(post.mentions + handles_in(text)))
            return


def _superseded(tweet: dict) -> bool:
    """An earlier version of an edited post (the last version is kept)."""
    initial = (tweet.get("edit_info") or {}).get("initial") or {}
    versions = initial.get("editTweetIds") or []
    return len(versions) > 1 and str(tweet.get("id_str") or tweet.get("id")) != str(versions[-1])


def read(source: Source, options: dict) -> Iterator[Post | Problem]:
    members = source.find(*TWEET_FILES)
    if not members and len(source.members()) == 1:
        # One uploaded file, whatever its name: trust the variable it assigns.
        head = source.head(source.members()[0], 256)
        if re.match(rb"^(?:\xef\xbb\xbf)?\s*window\.YTD\.tweets?\.part\d+\s*=", head):
            members = source.members()
    if not members:
        raise ImportFileError(
            gettext("No tweets.js was found: upload data/tweets.js or the whole archive (.zip).")
        )
    owner_id = _owner_id(source)
    notes = _notes(source)
    record = 0
    for member in members:
        what = member.rsplit("/", 1)[-1]
        with source.open(member) as raw:
            for item in iter_json_array(unwrap_javascript(raw, what), what):
                if isinstance(item, Problem):
                    label = f"{what}:{item.record}" if len(members) > 1 else item.record
                    yield Problem(label, item.reason)
                    continue
                number, value = item
                record += 1
                label = f"{what}:{number}" if len(members) > 1 else number
                tweet = value.get("tweet", value) if isinstance(value, dict) else None
                if not isinstance(tweet, dict):
                    yield Problem(label, f"record {label}: not a post object.")
                    continue
                if _superseded(tweet):
                    yield Problem(label, "an earlier version of an edited post", is_error=False)
                    continue
                post = post_from_status(tweet, label, owner_id=owner_id or "self")
                if isinstance(post, Problem):
                    yield post
                    continue
                if post.reply_to_id:
                    replied_handle = "@" + str(tweet.get("in_reply_to_screen_name") or "")
                    is_self = (
                        post.reply_to_author_id == owner_id
                        if owner_id
                        else not post.text.lower().startswith(replied_handle.lower())
                    )
                    post.reply_to_author_id = post.author_id if is_self else "other"
                _with_note(post, notes)
                yield post
