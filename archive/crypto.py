"""Encryption at rest for originals and contact details.

MultiFernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) over the keys in
settings.FIELD_ENCRYPTION_KEYS: the first key encrypts, every key decrypts, so keys rotate by
prepending a new one and re-encrypting (`manage.py rotate_encryption_keys`).
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be comma-separated Fernet keys "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
        ) from exc


def _reset(*, setting: str, **_kwargs) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


setting_changed.connect(_reset)


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A value encrypted at rest could not be decrypted: is its key missing from "
            "FIELD_ENCRYPTION_KEYS?"
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token with the first (current) key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A file encrypted at rest could not be decrypted: is its key missing from "
            "FIELD_ENCRYPTION_KEYS?"
        ) from exc
