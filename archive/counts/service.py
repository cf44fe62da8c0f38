"""The count-only import: read a research dataset, keep only how many posts used the words.

The importers own reading and matching (archive/importers/service.read_accounts: format
detection, streaming parsers, leaving out reposts and non-public posts, the "me too"
matcher); this module only adds up what they yield. Nothing of a post survives its own
loop iteration: no text, no id, no author. Memory grows with the number of distinct
(day, language, term, country) cells, never with the number of posts.

All rows of a dataset are written in one transaction at the end, so a failed or
interrupted import leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext

from archive.counts.models import CountedDataset, VoiceCount
from archive.importers.base import ImportFileError, Problem
from archive.importers.filters import build_matcher
from archive.importers.pipeline import matching_text
from archive.importers.service import ImportSettings, Report, read_accounts

Cell = tuple[date | None, str, str, str]
STORE_CHUNK = 5_000


class CountImportError(Exception):
    """The dataset cannot be counted; the message says why, in plain words."""


@dataclass
class CountReport:
    dataset: int | None = None
    format: str = ""
    read: int = 0
    counted: int = 0
    skipped: int = 0
    errors: int = 0
    cells: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def tally_voices(path: Path, how: ImportSettings, report: Report) -> Counter[Cell]:
    """Counts of matching posts per (day, language, term, country), streamed."""
    matcher = build_matcher(
        extra_hashtags=how.extra_hashtags,
        extra_phrases=how.extra_phrases,
        match_all=how.match_all,
    )
    cells: Counter[Cell] = Counter()
    # Threads are not joined: a dataset counts posts, and joining would hold self-replies
    # in memory until the end of the file.
    for item in read_accounts(path, how, report, join_threads=False):
        if isinstance(item, Problem):
            continue
        when = item.created_at.date() if item.created_at else None
        term = matcher.term(matching_text(item)) or "*"
        cells[(when, item.language[:16], term[:100], item.country or "")] += 1
    return cells


@transaction.atomic
def dataset_store(
    *,
    name: str,
    source: str,
    licence: str,
    cells: Counter[Cell],
    report: Report,
    by=None,
    fictional: bool = False,
) -> CountedDataset:
    """Write a dataset and its rows at once; refuse a name already used."""
    if CountedDataset.objects.filter(name=name).exists():
        raise CountImportError(
            gettext("A dataset called %(name)s has been counted already.") % {"name": name}
        )
    days = [day for day, *_rest in cells if day is not None]
    dataset = CountedDataset.objects.create(
        name=name,
        source=source,
        licence=licence,
        first_day=min(days, default=None),
        last_day=max(days, default=None),
        posts_read=report.tally.read,
        posts_counted=sum(cells.values()),
        imported_by=by,
        fictional=fictional,
    )
    # One parameterised INSERT run for many rows (executemany): four times faster than
    # bulk_create here (which also builds every model instance first), in chunks so
    # memory stays at one chunk whatever the number of cells.
    table = connection.ops.quote_name(VoiceCount._meta.db_table)
    sql = (
        f"INSERT INTO {table} (dataset_id, day, language, term, country, count) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    rows = (
        (dataset.pk, day, language, term, country or None, n)
        for (day, language, term, country), n in cells.items()
    )
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, STORE_CHUNK)):
            cursor.executemany(sql, chunk)
    return dataset


def dataset_count_path(
    *,
    path: Path,
    name: str,
    source: str,
    licence: str,
    how: ImportSettings | None = None,
    by=None,
    fictional: bool = False,
    progress: Callable[[Report], None] | None = None,
) -> CountReport:
    """Count the matching posts of the file at `path` as a new CountedDataset.

    Raises CountImportError (nothing written) when the file cannot be read or the name is
    taken; records that cannot be read are counted as errors and the rest are counted.
    """
    name, source, licence = name.strip(), source.strip(), licence.strip()
    if not (name and source and licence):
        raise CountImportError(gettext("A dataset needs a name, a source and a licence."))
    how = how or ImportSettings()
    report = Report()
    try:
        cells = tally_voices(path, how, report)
    except ImportFileError as exc:
        raise CountImportError(str(exc)) from exc
    if progress:
        progress(report)
    dataset = dataset_store(
        name=name,
        source=source,
        licence=licence,
        cells=cells,
        report=report,
        by=by,
        fictional=fictional,
    )
    return CountReport(
        dataset=dataset.pk,
        format=report.format,
        read=report.tally.read,
        counted=dataset.posts_counted,
        skipped=report.tally.skipped,
        errors=report.tally.errors,
        cells=len(cells),
        skipped_by_reason=dict(report.tally.skipped_by_reason),
    )
