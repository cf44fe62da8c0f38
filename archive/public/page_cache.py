"""Whole public pages for visitors, cached under the public version they were rendered at.

A public page shown to a visitor without a session is the same for everyone who asks for
the same address in the same language, so its rendered response is kept in the shared
cache. What makes this safe is the key, not invalidation: it holds the public version
(PublicVersion, which archive/stories/public_view.py changes in the transaction of every
change to the public view, and indexing changes when a story becomes searchable), read
from the database the page reads from (`read_database()`: the replica or the primary,
held for the whole request, raw SQL included), in one primary-key query, before the page
reads anything. A page rendered at version V read everything from that one database at V
or later, so serving it while the version there is still V never shows less than V; once
a withdrawal commits (on the replica: once it is replayed) the version is new and every
page is rendered again, even if the cache never heard of the withdrawal. The same token
names the same public view on either database, so a page rendered from one may be served
to a reader of the other.

The day is in the key too (an embargo ends at midnight, with no writer), and so are the
language, the scheme and host (API answers carry absolute links) and, for the API, the
Accept header (DRF chooses the format from it). Entries expire after
PUBLIC_PAGE_CACHE_SECONDS: what changes without a new version (a counted dataset, the
"did you mean" words, a new deployment's templates) shows within that time.

Never cached, never served from the cache:
- a request with a cookie other than the language choice and the CSRF token (a session,
  a signed-in person, a content-note choice, a message), with an Authorization header,
  or from a signed-in user; anything but GET; any view not in CACHED_VIEWS;
- a response that is not a 200, is streamed, sets a cookie (its own, or the session's or
  CSRF token's, which their middleware add after this one), or says `private` /
  `no-store` / `no-cache`.

Entries live in the shared cache and, the most recently used ones, in the process
(`recent`). With the shared cache down, pages are rendered for each request, except
the few this process keeps itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from archive.models import PublicVersion
from archive.shared_cache import pages
from config.db_router import read_database

# URL names (`resolver_match.view_name`) of the pages and API answers that are the same
# for every visitor.
CACHED_VIEWS = frozenset(
    {
        "home",
        "archive:story_list",
        "archive:story_detail",
        "archive:search",
        "archive:statistics",
        "api-public-story-list",
        "api-public-story-detail",
        "api-public-search",
        "api-public-stats",
    }
)
# A response header saying which way a page was served (tests and benchmarks read it).
HEADER = "X-Public-Cache"


def cache_seconds() -> int:
    return int(settings.CHORUS["PUBLIC_PAGE_CACHE_SECONDS"])


class _RecentPages:
    """This process's most recently used pages, in front of the shared cache.

    Safe for the same reason the shared cache is: the key holds the public version read
    for this request, so an entry of an older version is simply never asked for again
    (and falls out as newer ones come in). It saves the shared cache's round trip and
    unpickling, the larger part of a hit's cost after the version read (profiled:
    bench/load/profile.py). Bounded in bytes; entries expire like the shared ones.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # gthread workers share a process

    def get(self, key: str):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def set(self, key: str, value: tuple, seconds: int) -> None:
        size = len(value[0])
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + seconds, value)
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _expires, value = self._entries.pop(key)
        self._bytes -= len(value[0])


recent = _RecentPages(max_bytes=16 * 1024 * 1024)


def _anonymous(request: HttpRequest) -> bool:
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    if not set(request.COOKIES) <= allowed or "HTTP_AUTHORIZATION" in request.META:
        return False
    # Without a session cookie this reads no database.
    return not request.user.is_authenticated


def page_key(request: HttpRequest, version: int | str) -> str:
    view = request.resolver_match.view_name
    parts = [
        str(version),
        timezone.localdate().isoformat(),
        get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", "") if view.startswith("api-") else "",
    ]
    return "chorus:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The session and CSRF middleware set their cookies after this one has seen the
    # response: what they are about to send is read from the request instead.
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page carries this visitor's token
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not directives & {"private", "no-store", "no-cache"}


class PublicPageCacheMiddleware:
    """Serves and stores the pages described above.

    Placed after config.db_router.PublicReadsMiddleware, so the version is read from the
    database the page reads from (the replica, when a visitor's public read goes there).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_public_page", None)
        if key is not None:
            # Every read of the page came from the database its version was read from:
            # read_database() holds its choice for the whole request.
            if _storable(request, response):
                entry = (response.content, list(response.items()))
                pages.set(key, entry, timeout=cache_seconds())
                recent.set(key, entry, cache_seconds())
            response[HEADER] = "miss"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if (
            cache_seconds() <= 0
            or request.method != "GET"
            or request.resolver_match.view_name not in CACHED_VIEWS
            or not _anonymous(request)
        ):
            return None
        version = PublicVersion.token_at(read_database())
        if version is None:
            return None
        key = page_key(request, version)
        cached = recent.get(key)
        if cached is None:
            cached = pages.get(key)
            if cached is not None:
                recent.set(key, cached, cache_seconds())
        if cached is None:
            request._public_page = key
            return None
        content, headers = cached
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
