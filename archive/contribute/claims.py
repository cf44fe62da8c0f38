"""Who may see and change a submission, and how often anyone may try.

A contributor proves ownership with the claim code shown once at submission, or by being
the signed-in account that submitted it. Failures look the same whether or not a story
exists, and repeated failures from one client are refused for a while.

Throttles need to recognise a client without remembering it: the client address is
turned into a keyed hash (HMAC with the secret key) that lives only as a short-lived
cache key. Nothing about the client is written to the database or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from archive.identifiers import hash_claim_code
from archive.models import Story

_SESSION_KEY = "chorus_claims"
_DRAFT_KEY = "chorus_draft"
# How long a browser that entered a claim code (or just submitted) may act on the story
# without entering it again: long enough to edit, short enough for a shared computer.
CLAIM_SESSION_SECONDS = 60 * 60

_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/hour' -> (20, 3600), in DRF's notation."""
    count, period = rate.split("/")
    return int(count), _RATE_UNITS[period[0]]


def client_address(request: HttpRequest) -> str:
    """The client's address, used only to be hashed. Behind NUM_PROXIES trusted proxies
    it is the X-Forwarded-For entry the outermost of them saw (as DRF does)."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        entries = [a.strip() for a in forwarded.split(",") if a.strip()]
        if entries:
            return entries[-min(proxies, len(entries))]
    return request.META.get("REMOTE_ADDR", "")


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client address: recognisable for a throttle, not reversible."""
    address = client_address(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _throttle_key(scope: str, request: HttpRequest) -> str:
    return f"chorus:throttle:{scope}:{client_fingerprint(request)}"


def throttle_hit(request: HttpRequest, scope: str, rate: str) -> bool:
    """Count one attempt; False once the client has used up `rate` (e.g. '10/hour')."""
    limit, window = parse_rate(rate)
    key = _throttle_key(scope, request)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def throttle_exceeded(request: HttpRequest, scope: str, rate: str) -> bool:
    """True if the client has already used up `rate`, without counting an attempt."""
    limit, _window = parse_rate(rate)
    return (cache.get(_throttle_key(scope, request)) or 0) >= limit


def claim_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["claim"]


def submission_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["submissions"]


class ClaimThrottled(Exception):
    """Too many wrong claim codes from this client; try again later."""


def story_for_claim_code(request: HttpRequest, code: str, public_id: str = "") -> Story | None:
    """The story this claim code opens, or None; raises ClaimThrottled after many misses.

    Only failures are counted, so a contributor using their right code is never slowed
    down. A wrong code, an erased story and a story that does not exist all give None.
    """
    if throttle_exceeded(request, "claim", claim_rate()):
        raise ClaimThrottled
    story = None
    if code and len(code) <= 100:
        story = Story.objects.filter(
            claim_code_hash=hash_claim_code(code), erased_at__isnull=True
        ).first()
    if story is not None and public_id and not constant_time_compare(story.public_id, public_id):
        story = None
    if story is None:
        throttle_hit(request, "claim", claim_rate())
    return story


# --- The browser session: the draft being written, and stories claimed recently --------


def remember_claim(request: HttpRequest, story: Story) -> None:
    """Let this browser act on `story` for CLAIM_SESSION_SECONDS.

    The session key changes first, so a session id planted or seen before cannot ride on
    the new access (session fixation)."""
    request.session.cycle_key()
    claims = {
        pid: expiry
        for pid, expiry in request.session.get(_SESSION_KEY, {}).items()
        if expiry > time.time()
    }
    claims[story.public_id] = time.time() + CLAIM_SESSION_SECONDS
    request.session[_SESSION_KEY] = claims


def forget_claim(request: HttpRequest, public_id: str) -> None:
    claims = dict(request.session.get(_SESSION_KEY, {}))
    if claims.pop(public_id, None) is not None:
        request.session[_SESSION_KEY] = claims


def latest_claim(request: HttpRequest) -> str | None:
    """The public id of the story this browser claimed most recently, if still claimed."""
    claims = {
        pid: expiry
        for pid, expiry in request.session.get(_SESSION_KEY, {}).items()
        if expiry > time.time()
    }
    return max(claims, key=claims.get) if claims else None


def has_claim(request: HttpRequest, public_id: str) -> bool:
    expiry = request.session.get(_SESSION_KEY, {}).get(public_id)
    return expiry is not None and expiry > time.time()


def owned_story(request: HttpRequest, public_id: str) -> Story | None:
    """The story if this browser has claimed it or the signed-in user submitted it."""
    story = Story.objects.filter(public_id=public_id, erased_at__isnull=True).first()
    if story is None:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and story.contributor_id == user.pk:
        return story
    if has_claim(request, public_id) and story.claim_code_hash:
        return story
    return None


def remember_draft(request: HttpRequest, story: Story) -> None:
    request.session[_DRAFT_KEY] = story.public_id


def forget_draft(request: HttpRequest) -> None:
    request.session.pop(_DRAFT_KEY, None)


def current_draft(request: HttpRequest) -> Story | None:
    """The draft this browser is writing (or the signed-in account's), if still a draft."""
    from archive.vocabulary import Status

    drafts = Story.objects.filter(status=Status.DRAFT, erased_at__isnull=True)
    public_id = request.session.get(_DRAFT_KEY)
    if public_id:
        return drafts.filter(public_id=public_id).first()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Signed in on another device: carry on with the latest draft of this account.
        return drafts.filter(contributor=user).order_by("-updated_at").first()
    return None
