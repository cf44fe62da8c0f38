"""A contributor's upload, kept encrypted at rest until a worker has read it.

The file is written as a sequence of Fernet tokens (archive/crypto.py keys), one per
CHUNK of the upload, each preceded by its length (4 bytes, big-endian): encrypting and
decrypting stream in constant memory whatever the file's size. A worker decrypts it to a
private temporary file only for as long as reading takes (zip archives need to seek);
on Linux that copy never has a name, so even a killed worker leaves no plaintext behind,
and the encrypted upload is deleted whatever the outcome.
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from archive import crypto

CHUNK = 1024 * 1024
_LENGTH = struct.Struct(">I")


def write_encrypted(chunks: Iterable[bytes], out: BinaryIO) -> int:
    """Encrypt `chunks` into `out`, re-cut to CHUNK bytes; returns the plaintext size."""
    size = 0
    pending = b""
    for chunk in chunks:
        pending += chunk
        while len(pending) >= CHUNK:
            size += _write_token(out, pending[:CHUNK])
            pending = pending[CHUNK:]
    if pending:
        size += _write_token(out, pending)
    return size


def _write_token(out: BinaryIO, plain: bytes) -> int:
    token = crypto.encrypt_bytes(plain)
    out.write(_LENGTH.pack(len(token)))
    out.write(token)
    return len(plain)


def iter_decrypted(stream: BinaryIO) -> Iterator[bytes]:
    while header := stream.read(_LENGTH.size):
        (length,) = _LENGTH.unpack(header)
        yield crypto.decrypt_bytes(stream.read(length))


# Where the kernel lets a nameless file be opened again by path (Linux): a copy there
# has no directory entry at all, so nothing is left behind even if the worker is killed
# mid-read. Elsewhere the copy is named, private, and deleted on exit.
_OWN_FDS = Path("/proc/self/fd")


@contextlib.contextmanager
def decrypted_copy(stored: BinaryIO, suffix: str = ".upload") -> Iterator[Path]:
    """A private temporary plaintext copy of an encrypted upload, gone on exit.

    The path names the copy only inside this process, for the readers that open a file by
    path (zip archives need to seek, CSV and JSON readers stream from the start).
    """
    if _OWN_FDS.is_dir():
        with tempfile.TemporaryFile() as plain:  # unlinked from the start, mode 0600
            _decrypt_into(stored, plain)
            yield _OWN_FDS / str(plain.fileno())
        return
    descriptor, name = tempfile.mkstemp(suffix=suffix)  # mode 0600
    path = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as plain:
            _decrypt_into(stored, plain)
        yield path
    finally:
        path.unlink(missing_ok=True)


def _decrypt_into(stored: BinaryIO, plain: BinaryIO) -> None:
    for chunk in iter_decrypted(stored):
        plain.write(chunk)
    plain.flush()
