"""A keyed fingerprint of a post's text, to find the same words posted twice.

The text is normalised (case, accents, links, punctuation and spacing ignored), then
hashed with HMAC-SHA256 under a key derived from HASHING_KEY (SECRET_KEY when unset): an unkeyed hash of a short
post could be reversed by guessing, so the fingerprint stored next to an encrypted body
must not be one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import cache

from django.conf import settings

from archive.folding import fold

_LINK = re.compile(r"https?://\S+|www\.\S+")
_NOT_WORD = re.compile(r"[\W_]+")


@cache
def _key(secret: str) -> bytes:
    return hashlib.sha256(b"chorus.import.fingerprint\x00" + secret.encode()).digest()


def text_fingerprint(text: str) -> str:
    """32 hex characters; equal for texts that differ only in case, accents, links, punctuation."""
    words = _NOT_WORD.sub(" ", _LINK.sub(" ", fold(text))).split()
    if not words:
        return ""
    return hmac.new(
        _key(settings.HASHING_KEY), " ".join(words).encode(), hashlib.sha256
    ).hexdigest()[:32]
