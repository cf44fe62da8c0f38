"""The identifiers Chorus hands out: public ids of stories and contributors' claim codes.

Both are random, unguessable and unordered; a claim code is shown once and stored only
as a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PUBLIC_ID_LENGTH = 16
# No look-alikes (no i, l, o, 0, 1): ids are read aloud and copied by hand.
_PUBLIC_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# Crockford's base32 without look-alikes.
_CLAIM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_ids(count: int) -> list[str]:
    """`count` public ids: 16 letters of a 31-letter alphabet each (~79 random bits).

    Drawn from one block of random bytes with rejection sampling, so every letter is
    equally likely: a bulk import asks for thousands at once.
    """
    size = len(_PUBLIC_ID_ALPHABET)
    usable = 256 - 256 % size
    letters: list[str] = []
    while len(letters) < count * PUBLIC_ID_LENGTH:
        letters.extend(
            _PUBLIC_ID_ALPHABET[b % size]
            for b in secrets.token_bytes(count * (PUBLIC_ID_LENGTH + 2))
            if b < usable
        )
    n = PUBLIC_ID_LENGTH
    return ["".join(letters[i * n : i * n + n]) for i in range(count)]


def new_public_id() -> str:
    return new_public_ids(1)[0]


def new_claim_code() -> str:
    """130 random bits as 26 characters in groups: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X."""
    raw = "".join(secrets.choice(_CLAIM_ALPHABET) for _ in range(26))
    return "-".join(raw[i : i + 5] for i in range(0, 26, 5))


def hash_claim_code(code: str) -> str:
    # Claim codes carry 128+ random bits, so a plain SHA-256 cannot be brute-forced; no
    # salt is needed and the hash can be looked up directly.
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


# The platform an erased story's provenance is filed under (see erased_source_key).
ERASED_PLATFORM = "erased"


def erased_source_key(platform: str, source_id: str) -> str:
    """What an erased story keeps of the post it came from: a keyed hash, 40 characters.

    Enough for a later import to recognise the post and skip it (the survivor erased it),
    nothing that leads back to the post or its author without HASHING_KEY.
    """
    from django.conf import settings

    key = hashlib.sha256(b"chorus.erased.source\x00" + settings.HASHING_KEY.encode()).digest()
    message = f"{platform}\x00{source_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]
