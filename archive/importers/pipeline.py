"""From an importer's raw posts to the accounts worth importing.

    importer ─▶ leave out (reposts, deleted, non-public, empty, too long)
             ─▶ join self-reply threads ─▶ keep "me too" matches

Streaming: a post that is not part of a self-reply thread is decided the moment it is
read. Self-replies wait until the end of the file, because a thread's posts can come in
any order (archives are newest first, datasets oldest first); memory is proportional to
the number of self-replies, not to the file, and capped (past the cap, self-replies are
imported one by one). When a thread's first post went by before any of its replies, the
joined replies are yielded with `continues` set to its id: the service appends them to
that post's account if it stored one in this import.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings

from archive.importers.base import Post, Problem
from archive.importers.filters import Matcher
from archive.usertext import clean_user_text

MAX_PENDING_REPLIES = 100_000
# Unmatched posts kept for a while in case a later self-reply makes their thread match.
RECENT_UNMATCHED = 2_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Tally:
    read: int = 0
    matched: int = 0
    not_matched: int = 0
    skipped: int = 0
    errors: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_by_reason[reason] = self.skipped_by_reason.get(reason, 0) + 1


def matching_text(post: Post) -> str:
    """What the matcher reads of a post: its text, plus the hashtags the platform lists."""
    if post.hashtags:
        return post.text + " " + " ".join("#" + h for h in post.hashtags)
    return post.text


def _matches(matcher: Matcher, post: Post) -> bool:
    if matcher.match_all:
        return matcher.matches(post.text)
    return matcher.matches(matching_text(post))


def _order(post: Post) -> tuple:
    return (post.created_at or _EPOCH, len(post.source_id), post.source_id)


def _exclusion(post: Post, max_chars: int) -> str:
    if post.is_repost:
        return "a repost or boost"
    if post.is_deleted:
        return "a deleted post"
    if post.visibility not in ("public", "unlisted"):
        return "not public (followers-only or a direct message)"
    if not post.text.strip():
        return "no text"
    if len(post.text) > max_chars:
        return f"longer than {max_chars} characters"
    return ""


def _joined(members: list[Post], matched: bool, continues: str = "") -> Post:
    first = members[0]
    mentions: dict[str, None] = {}
    for member in members:
        mentions.update(dict.fromkeys(member.mentions))
    return Post(
        platform=first.platform,
        source_id=first.source_id,
        text="\n\n".join(m.text.strip() for m in members),
        record=first.record,
        created_at=first.created_at,
        author_id=first.author_id,
        language=first.language or next((m.language for m in members if m.language), ""),
        country=first.country,
        mentions=tuple(mentions),
        thread_ids=tuple(m.source_id for m in members),
        continues=continues,
        matched=matched,
    )


def accounts(
    items: Iterable[Post | Problem], matcher: Matcher, tally: Tally, *, join_threads: bool = True
) -> Iterator[Post | Problem]:
    """Yield the matched accounts (threads joined) and every Problem, counting as it goes."""
    max_chars = settings.CHORUS["MAX_STORY_CHARS"]
    pending: dict[str, Post] = {}
    waiting_for: dict[str, int] = {}  # parent id -> number of pending replies to it
    roots: dict[str, Post] = {}
    recent: OrderedDict[str, Post] = OrderedDict()

    for item in items:
        if isinstance(item, Problem):
            if item.is_error:
                tally.read += 1
                tally.errors += 1
            else:
                tally.read += 1
                tally.skip(item.reason)
            yield item
            continue
        tally.read += 1
        item.text = clean_user_text(item.text)
        reason = _exclusion(item, max_chars)
        if reason:
            tally.skip(reason)
            yield Problem(item.record, reason, is_error=False)
            continue
        is_self_reply = (
            join_threads
            and item.reply_to_id
            and item.reply_to_author_id
            and item.reply_to_author_id == item.author_id
            and len(pending) < MAX_PENDING_REPLIES
        )
        if is_self_reply:
            pending[item.source_id] = item
            waiting_for[item.reply_to_id] = waiting_for.get(item.reply_to_id, 0) + 1
            continue
        if item.source_id in waiting_for:
            roots[item.source_id] = item
            continue
        if _matches(matcher, item):
            tally.matched += 1
            yield item
        else:
            tally.not_matched += 1
            if join_threads:
                recent[item.source_id] = item
                if len(recent) > RECENT_UNMATCHED:
                    recent.popitem(last=False)

    yield from _threads(pending, roots, recent, matcher, tally)


def _threads(
    pending: dict[str, Post],
    roots: dict[str, Post],
    recent: OrderedDict[str, Post],
    matcher: Matcher,
    tally: Tally,
) -> Iterator[Post]:
    groups: dict[str, list[Post]] = {}
    for post in pending.values():
        top = post
        seen = {top.source_id}
        while top.reply_to_id in pending and top.reply_to_id not in seen:
            top = pending[top.reply_to_id]
            seen.add(top.source_id)
        groups.setdefault(top.reply_to_id, []).append(post)
    for root_id, members in groups.items():
        members.sort(key=_order)
        root = roots.pop(root_id, None)
        if root is None and root_id in recent:
            root = recent.pop(root_id)
            tally.not_matched -= 1
        if root is not None:
            thread = [root, *members]
            if any(_matches(matcher, p) for p in thread):
                tally.matched += 1
                yield _joined(thread, True)
            else:
                tally.not_matched += 1
            continue
        # The first post went by already (stored as its own account, or not matching), or
        # it is not in the file: the service decides.
        yield _joined(members, any(_matches(matcher, p) for p in members), continues=root_id)
    for root in roots.values():
        # Its replies were all left out (reposts cannot be replies; this is rare).
        if _matches(matcher, root):
            tally.matched += 1
            yield root
        else:
            tally.not_matched += 1
