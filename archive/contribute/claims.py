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
import json
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from archive import crypto
from archive.identifiers import hash_claim_code
from archive.models import Story
from archive.shared_cache import counters
from archive.stories import sessions

logger = logging.getLogger(__name__)

_SESSION_KEY = "chorus_claims"
_DRAFT_KEY = "chorus_draft"
_ANSWERS_KEY = "chorus_answers"
_SENT_KEY = "chorus_sent"
_KEPT_KEY = "chorus_kept"
# How long a browser that entered a claim code (or just submitted) may act on the story
# without entering it again: long enough to edit, short enough for a shared computer.
CLAIM_SESSION_SECONDS = 60 * 60

_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/hour' -> (20, 3600), in DRF's notation."""
    count, period = rate.split("/")
    return int(count), _RATE_UNITS[period[0]]


_proxy_warning_logged = False


def _warn_once_about_proxies() -> None:
    global _proxy_warning_logged
    if not _proxy_warning_logged:
        _proxy_warning_logged = True
        # Never the header's value: it is a contributor's address.
        logger.warning(
            "Requests carry X-Forwarded-For but NUM_PROXIES is 0: every client behind the "
            "proxy shares one throttle bucket. Set NUM_PROXIES to the number of proxies in "
            "front of Chorus (docs/security.md; `manage.py check --deploy` says chorus.W001)."
        )


def client_address(request: HttpRequest) -> str:
    """The client's address, used only to be hashed. Behind NUM_PROXIES trusted proxies
    it is the X-Forwarded-For entry the outermost of them saw (as DRF does)."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and not proxies:
        _warn_once_about_proxies()
    if proxies and forwarded:
        entries = [a.strip() for a in forwarded.split(",") if a.strip()]
        if entries:
            return entries[-min(proxies, len(entries))]
    return request.META.get("REMOTE_ADDR", "")


def keyed_hash(value: str) -> str:
    """A keyed hash (HMAC with the secret key) of an address, e-mail or story id: the
    only form in which such a value may appear in a cache key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client address: recognisable for a throttle, not reversible."""
    return keyed_hash(client_address(request))


def _throttle_key(scope: str, request: HttpRequest) -> str:
    return f"chorus:throttle:{scope}:{client_fingerprint(request)}"


def _count(key: str, window: int) -> int:
    # With the cache down, counted in this process (archive/shared_cache.py).
    if counters.add(key, 1, timeout=window):
        return 1
    try:
        return counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.set(key, 1, timeout=window)
        return 1


def throttle_hit(request: HttpRequest, scope: str, rate: str) -> bool:
    """Count one attempt; False once the client has used up `rate` (e.g. '10/hour')."""
    limit, window = parse_rate(rate)
    return _count(_throttle_key(scope, request), window) <= limit


def throttle_hit_for(scope: str, value: str, rate: str) -> bool:
    """Count one attempt about `value` (an e-mail address, a story), whoever makes it;
    False once `rate` is used up. Only a keyed hash of `value` reaches the cache."""
    limit, window = parse_rate(rate)
    return _count(f"chorus:throttle:{scope}:{keyed_hash(value)}", window) <= limit


def claim_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["claim"]


def submission_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["submissions"]


def claim_story_rate() -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["claim_story"]


class ClaimThrottled(Exception):
    """Too many wrong claim codes from this client, or for this story; try again later."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def story_for_claim_code(request: HttpRequest, code: str, public_id: str = "") -> Story | None:
    """The story this claim code opens, or None; raises ClaimThrottled after many misses.

    The code is always checked first, so the right code always opens its story: nobody
    can lock a contributor out, not even everyone behind one proxy address (codes carry
    130 random bits, so what keeps them secret is their length, not the throttle).
    A wrong code counts against two buckets: this client's (`claim`) and, when a story
    is named, that story's (`claim_story`, whoever is guessing). Past either, wrong codes
    are answered 429 with a Retry-After that doubles with every further miss on the
    story (capped at its window). A wrong code, an erased story and a story that does
    not exist look the same.
    """
    story = None
    if code and len(code) <= 100:
        story = Story.objects.filter(
            claim_code_hash=hash_claim_code(code), erased_at__isnull=True
        ).first()
    if story is not None and public_id and not constant_time_compare(story.public_id, public_id):
        story = None
    if story is not None:
        return story
    client_limit, client_window = parse_rate(claim_rate())
    client_count = _count(_throttle_key("claim", request), client_window)
    wait = client_window if client_count > client_limit else 0
    if public_id:
        story_limit, story_window = parse_rate(claim_story_rate())
        misses = _count(f"chorus:throttle:claim_story:{keyed_hash(public_id)}", story_window)
        if misses > story_limit:
            wait = max(wait, min(2 ** (misses - story_limit), story_window))
    if wait:
        raise ClaimThrottled(wait)
    return None


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
    if sent_story_id(request) == public_id:
        forget_sent(request)


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
    """Tie the draft to this browser. When a draft starts here, the session key changes
    first, as with a claim code: a session id seen or planted before cannot reach it."""
    if request.session.get(_DRAFT_KEY) != story.public_id:
        request.session.cycle_key()
    request.session[_DRAFT_KEY] = story.public_id


def forget_draft(request: HttpRequest) -> None:
    request.session.pop(_DRAFT_KEY, None)
    request.session.pop(_ANSWERS_KEY, None)
    request.session.pop(_KEPT_KEY, None)


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


# --- Between the steps: the consent answers being checked, the code just given -----------
#
# "Check your answers" and the pages with a claim code (after sending, and after saving a
# draft to finish later) are reached by a redirect (GET),
# so that Back, Forward and Reload never send a form again. What they show waits in the
# session in between, encrypted with the keys of the fields kept at rest
# (archive/crypto.py): the session is a database row, and a claim code or a contact
# address is never stored there in clear.


def _sealed(value: dict) -> str:
    return crypto.encrypt(json.dumps(value))


def _unsealed(token: object) -> dict | None:
    if not isinstance(token, str):
        return None
    try:
        return json.loads(crypto.decrypt(token))
    except (ImproperlyConfigured, ValueError):
        # Sealed under a key since retired: as if nothing was kept.
        return None


# Each is kept as {public id: sealed value}, one entry at a time: the id as a key is what
# archive/stories/sessions.py scrubs from every session when a story is erased.


def remember_answers(request: HttpRequest, story: Story, answers: dict[str, str]) -> None:
    """Keep the consent answers (as the form posts them) until the draft is sent or left."""
    request.session[_ANSWERS_KEY] = {story.public_id: _sealed(answers)}


def answers_for(request: HttpRequest, story: Story) -> dict[str, str] | None:
    """The consent answers kept for this draft, or None."""
    kept = request.session.get(_ANSWERS_KEY)
    return _unsealed(kept.get(story.public_id)) if isinstance(kept, dict) else None


# A claim code just given waits for the page after the redirect, under one of two keys:
# the account just sent, and the draft just kept to finish later. Each holds one entry,
# {public id: sealed code and details}; the value becomes "" once the page has shown it,
# so a reload still knows which story it was for, and never shows the code again.


def _hold_code(request: HttpRequest, key: str, story: Story, claim_code: str, **shown) -> None:
    request.session[key] = {story.public_id: _sealed({"code": claim_code, **shown})}


def _held(request: HttpRequest, key: str) -> tuple[str, str] | None:
    held = request.session.get(key)
    if not isinstance(held, dict) or not held:
        return None
    return next(iter(held.items()))


def _take_code(
    request: HttpRequest, key: str, still_theirs: Callable[[HttpRequest, str], bool]
) -> dict | None:
    """The code held under `key` (with its details), once: it leaves the session as it is
    read. None once shown, or once `still_theirs` says this browser may no longer see the
    story (a shared computer must not show it to the next person)."""
    held = _held(request, key)
    if not held or not held[1]:
        return None
    public_id, token = held
    request.session[key] = {public_id: ""}
    if not still_theirs(request, public_id):
        return None
    return _unsealed(token)


def forget_stale_codes() -> int:
    """Daily: blank every claim code still waiting to be shown in a session untouched for
    longer than a claim lasts (its story's id kept, so a late reload gets the kind page).
    A redirect that never arrived must not leave a code, even sealed, in the database for
    the session's whole life. Returns how many sessions changed."""

    def without_held_codes(data: dict) -> dict:
        cleaned = dict(data)
        for key in (_SENT_KEY, _KEPT_KEY):
            held = cleaned.get(key)
            if isinstance(held, dict):
                cleaned[key] = dict.fromkeys(held, "")
        return cleaned

    return sessions.sessions_rewrite(without_held_codes, untouched_for=CLAIM_SESSION_SECONDS)


def remember_sent(request: HttpRequest, story: Story, claim_code: str, **shown: object) -> None:
    """Hold the claim code just given for `story` until the page after the redirect shows
    it (`take_sent_code`). `shown` are other details that page needs."""
    _hold_code(request, _SENT_KEY, story, claim_code, **shown)


def sent_story_id(request: HttpRequest) -> str | None:
    """The public id of the account sent last from this browser, whether or not its code
    was shown yet."""
    sent = _held(request, _SENT_KEY)
    return sent[0] if sent else None


def code_waiting(request: HttpRequest) -> bool:
    """Whether the code of the account just sent is still waiting to be shown."""
    sent = _held(request, _SENT_KEY)
    return bool(sent and sent[1])


def take_sent_code(request: HttpRequest) -> dict | None:
    """The claim code of the account just sent (with the details kept with it), once; only
    while this browser may still open the account (`has_claim`)."""
    return _take_code(request, _SENT_KEY, has_claim)


def forget_sent(request: HttpRequest) -> None:
    request.session.pop(_SENT_KEY, None)


def remember_kept_draft(request: HttpRequest, story: Story, claim_code: str) -> None:
    """Hold the claim code just given to the draft `story` (kept to finish later) until
    the page after the redirect shows it (`take_kept_draft_code`)."""
    _hold_code(request, _KEPT_KEY, story, claim_code)


def kept_draft_id(request: HttpRequest) -> str | None:
    """The public id of the draft this browser kept last, whether or not its code was
    shown yet."""
    kept = _held(request, _KEPT_KEY)
    return kept[0] if kept else None


def _writing(request: HttpRequest, public_id: str) -> bool:
    return request.session.get(_DRAFT_KEY) == public_id


def take_kept_draft_code(request: HttpRequest) -> dict | None:
    """The claim code just given to the kept draft, once; only while it is still the
    draft this browser is writing."""
    return _take_code(request, _KEPT_KEY, _writing)
