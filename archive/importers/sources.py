"""Where an importer reads from: one file, an extracted export folder, or a zip archive.

Zip archives are never extracted to disk: members are streamed from the archive, so a
path inside it ("../../etc/passwd") can never be written anywhere. Even so, an archive
that contains such a path is refused as a whole, because no genuine export has one. Zip
bombs are stopped twice: by the sizes the archive declares (total and ratio) before
anything is read, and by counting the bytes actually inflated, since declared sizes can
lie.
"""

from __future__ import annotations

import fnmatch
import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext

from archive.importers.base import ImportFileError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much an import may read. The defaults suit a staff import of a large dataset."""

    max_file_bytes: int = 4096 * MB
    max_inflated_bytes: int = 8192 * MB
    max_ratio: int = 100
    # The ratio is checked for every member larger than this: a genuine export's JSON
    # compresses about 10:1, a member of zeros about 1000:1, whatever its size (300
    # members of 1 MiB of zeros must not pass because each is "small").
    ratio_floor_bytes: int = 64 * 1024
    max_members: int = 200_000
    # Records (posts, lines, array elements) read from one file, matched or not.
    max_records: int = 50_000_000


class _GuardedReader(io.RawIOBase):
    """Counts the bytes inflated from a zip member and stops at the first byte too many."""

    def __init__(self, raw: BinaryIO, name: str, declared: int, budget: list[int]) -> None:
        self._raw = raw
        self._name = name
        self._declared = declared
        self._budget = budget  # shared by every member of one archive
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            # Python never inflates past the declared size; a member that holds more
            # (or anything else) fails its checksum here.
            raise ImportFileError(
                gettext(
                    "%(file)s inside the zip archive is damaged or larger than the archive "
                    "says, so nothing more was read from it."
                )
                % {"file": self._name}
            ) from exc
        self._read += len(data)
        self._budget[0] -= len(data)
        if self._read > self._declared:
            raise ImportFileError(
                gettext(
                    "%(file)s inside the zip archive is larger than the archive says: "
                    "it looks like a zip bomb, so nothing more was read."
                )
                % {"file": self._name}
            )
        if self._budget[0] < 0:
            raise ImportFileError(
                gettext(
                    "The zip archive unpacks to more than the size limit, so nothing more was read."
                )
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _safe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/", 1)[0]:
        return False
    return ".." not in PurePosixPath(name).parts


class Source:
    """A readable export: `members()` names its files, `open(member)` streams one."""

    name: str

    def members(self) -> list[str]:
        raise NotImplementedError

    def open(self, member: str) -> BinaryIO:
        raise NotImplementedError

    def find(self, *patterns: str) -> list[str]:
        """Members whose base name matches one of the shell patterns, in natural order."""
        found = [
            m
            for m in self.members()
            if any(fnmatch.fnmatch(m.rsplit("/", 1)[-1], p) for p in patterns)
        ]
        return sorted(found, key=_natural_key)

    def head(self, member: str | None = None, size: int = 64 * 1024) -> bytes:
        with self.open(member or self.members()[0]) as stream:
            return stream.read(size)

    def close(self) -> None:
        """Release the underlying file (zip archives keep theirs open)."""


def _natural_key(name: str) -> tuple:
    # tweets.js, tweets-part1.js, …, tweets-part10.js: part numbers in numeric order.
    stem = name.rsplit(".", 1)[0]
    digits = (
        "".join(ch for ch in stem.rsplit("part", 1)[-1] if ch.isdigit()) if "part" in stem else ""
    )
    return (stem.split("-part")[0], int(digits) if digits else -1, name)


class FileSource(Source):
    def __init__(self, path: Path, limits: Limits, name: str | None = None) -> None:
        self.path = path
        self.name = name or path.name
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise ImportFileError(
                gettext("The file is %(size)s MB, over the limit of %(limit)s MB.")
                % {"size": size // MB, "limit": limits.max_file_bytes // MB}
            )

    def members(self) -> list[str]:
        return [self.name]

    def open(self, member: str) -> BinaryIO:
        return open(self.path, "rb")  # noqa: SIM115 - the caller closes it


class DirectorySource(Source):
    """An extracted export: every regular file below the folder, symlinks not followed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def members(self) -> list[str]:
        names = []
        for root, dirs, files in os.walk(self.path, followlinks=False):
            dirs[:] = [d for d in dirs if d not in {"media", "media_attachments", "tweets_media"}]
            for file in files:
                full = Path(root) / file
                if full.is_symlink():
                    continue
                names.append(full.relative_to(self.path).as_posix())
        return sorted(names)

    def open(self, member: str) -> BinaryIO:
        full = (self.path / member).resolve()
        if self.path.resolve() not in full.parents:
            raise ImportFileError(gettext("That file is outside the export folder."))
        return open(full, "rb")  # noqa: SIM115 - the caller closes it


class ZipSource(Source):
    def __init__(self, path: Path, limits: Limits, name: str | None = None) -> None:
        self.name = name or path.name
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise ImportFileError(
                gettext("The file is %(size)s MB, over the limit of %(limit)s MB.")
                % {"size": size // MB, "limit": limits.max_file_bytes // MB}
            )
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFileError(
                gettext("The zip archive is damaged and cannot be opened.")
            ) from exc
        infos = self._zip.infolist()
        if len(infos) > limits.max_members:
            self.close()
            raise ImportFileError(
                gettext("The zip archive holds more than %(count)s files.")
                % {"count": limits.max_members}
            )
        declared = 0
        for info in infos:
            if not _safe_member_name(info.filename):
                self.close()
                raise ImportFileError(
                    gettext(
                        "The zip archive contains a file with an unsafe path (%(file)r), "
                        "so it was not opened."
                    )
                    % {"file": info.filename[:80]}
                )
            declared += info.file_size
            if (
                info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                self.close()
                raise ImportFileError(
                    gettext(
                        "%(file)s inside the zip archive is compressed more than %(ratio)s to 1: "
                        "it looks like a zip bomb, so it was not opened."
                    )
                    % {"file": info.filename[:80], "ratio": limits.max_ratio}
                )
        if declared > limits.max_inflated_bytes:
            self.close()
            raise ImportFileError(
                gettext("The zip archive unpacks to %(size)s MB, over the limit of %(limit)s MB.")
                % {"size": declared // MB, "limit": limits.max_inflated_bytes // MB}
            )
        self._infos = {i.filename: i for i in infos if not i.is_dir()}
        self._budget = [limits.max_inflated_bytes]

    def members(self) -> list[str]:
        return sorted(self._infos)

    def open(self, member: str) -> BinaryIO:
        info = self._infos[member]
        if info.flag_bits & 0x1:
            raise ImportFileError(
                gettext("%(file)s inside the zip archive is password-protected.")
                % {"file": member[:80]}
            )
        raw = self._zip.open(info)
        return io.BufferedReader(_GuardedReader(raw, member[:80], info.file_size, self._budget))

    def close(self) -> None:
        self._zip.close()


def open_source(path: Path, *, limits: Limits | None = None, name: str | None = None) -> Source:
    """The right Source for a path: a folder, a zip archive (by content) or a single file."""
    limits = limits or Limits()
    if path.is_dir():
        return DirectorySource(path)
    if not path.is_file():
        raise ImportFileError(gettext("There is no file to import."))
    with open(path, "rb") as stream:
        magic = stream.read(4)
    if magic in (b"PK\x03\x04", b"PK\x05\x06"):
        return ZipSource(path, limits, name)
    return FileSource(path, limits, name)
