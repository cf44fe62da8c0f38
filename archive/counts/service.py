"""The count-only import: read a research dataset, keep only how many posts used the words.

The importers own reading and matching (archive/importers/counting.voice_cells: the
same formats, left-out posts and "me too" matcher as the shared importer, with a lean
reader for CSV); this module only adds up what they yield. Nothing of a post survives
its own loop iteration: no text, no id, no author.

Memory stays flat whatever the size of the file: at most CELL_BUFFER distinct
(day, language, term, country) cells are held; past that they are added to a temporary
table in bulk and summed there at the end. All rows of a dataset are written in one
transaction at the end, so a failed or interrupted import leaves nothing behind. What the
store costs on PostgreSQL, and what was measured to choose it, is in
docs/public-surfaces.md ("Count-only datasets").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext

from archive.counts.models import CountedDataset, VoiceCount
from archive.importers.base import ImportFileError
from archive.importers.counting import Cell, voice_cells
from archive.importers.service import ImportSettings, Report

STORE_CHUNK = 5_000
# Distinct cells held in memory before they go to the spill table (about 10 MB).
CELL_BUFFER = 50_000
_SPILL = "chorus_voicecount_spill"


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


class CellTally:
    """Counts per cell, in at most `buffer` cells of memory; the rest in a temporary table.

    `spilled` says whether the temporary table holds rows: `dataset_store` then sums them
    with SQL. Call `close` when done (drops the table).
    """

    def __init__(self, buffer: int | None = None) -> None:
        self.buffer = buffer or CELL_BUFFER
        self.cells: dict[Cell, int] = {}
        self.counted = 0
        self.first_day: date | None = None
        self.last_day: date | None = None
        self.spilled = False
        self.spilled_times = 0

    def add_all(self, cells: Iterable[Cell]) -> None:
        counts = self.cells
        get = counts.get
        limit = self.buffer
        for cell in cells:
            counts[cell] = get(cell, 0) + 1
            if len(counts) >= limit:
                self.spill()
                counts = self.cells
                get = counts.get

    def spill(self) -> None:
        """Move the cells held in memory to the temporary table."""
        if not self.cells:
            return
        with connection.cursor() as cursor:
            if not self.spilled:
                cursor.execute(f"DROP TABLE IF EXISTS {_SPILL}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {_SPILL} (day date NULL, language varchar(16), "
                    "term varchar(100), country varchar(2) NULL, n bigint)"
                )
                self.spilled = True
            _insert_rows(
                cursor,
                _SPILL,
                "(day, language, term, country, n)",
                (
                    (day, lang, term, country or None, n)
                    for (day, lang, term, country), n in self.cells.items()
                ),
            )
        self._note(self.cells)
        self.cells = {}
        self.spilled_times += 1

    def _note(self, cells: dict[Cell, int]) -> None:
        self.counted += sum(cells.values())
        days = [day for day, *_rest in cells if day is not None]
        if days:
            low, high = min(days), max(days)
            self.first_day = low if self.first_day is None else min(self.first_day, low)
            self.last_day = high if self.last_day is None else max(self.last_day, high)

    def finish(self) -> None:
        """Count what is still in memory (kept there, or spilled if the table is in use)."""
        if self.spilled:
            self.spill()
        else:
            self._note(self.cells)

    def close(self) -> None:
        if self.spilled:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {_SPILL}")
            self.spilled = False


def _insert_rows(cursor, table: str, columns: str, rows: Iterable[tuple]) -> None:
    """Write many rows at once: COPY on PostgreSQL, chunked executemany elsewhere.

    executemany is four times faster than bulk_create here (which also builds every
    model instance first) and, in chunks, flat in memory; on PostgreSQL, COPY is several
    times faster again (one stream instead of a statement per row).
    """
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * (columns.count(",") + 1))
    sql = f"INSERT INTO {table} {columns} VALUES ({marks})"  # noqa: S608
    rows = iter(rows)
    while chunk := list(islice(rows, STORE_CHUNK)):
        cursor.executemany(sql, chunk)


def tally_voices(
    path: Path, how: ImportSettings, report: Report, *, buffer: int | None = None
) -> CellTally:
    """Counts of matching posts per (day, language, term, country), streamed.

    The caller closes the returned CellTally once it is stored (or given up).
    """
    tally = CellTally(buffer)
    try:
        tally.add_all(voice_cells(path, how, report))
        tally.finish()
    except BaseException:
        tally.close()
        raise
    return tally


@transaction.atomic
def dataset_store(
    *,
    name: str,
    source: str,
    licence: str,
    tally: CellTally,
    report: Report,
    by=None,
    fictional: bool = False,
) -> CountedDataset:
    """Write a dataset and its rows at once; refuse a name already used."""
    if CountedDataset.objects.filter(name=name).exists():
        raise CountImportError(
            gettext("A dataset called %(name)s has been counted already.") % {"name": name}
        )
    dataset = CountedDataset.objects.create(
        name=name,
        source=source,
        licence=licence,
        first_day=tally.first_day,
        last_day=tally.last_day,
        posts_read=report.tally.read,
        posts_counted=tally.counted,
        imported_by=by,
        fictional=fictional,
    )
    _rows_write(dataset.pk, tally)
    return dataset


def _rows_write(dataset_id: int, tally: CellTally) -> None:
    """The VoiceCount rows of `tally`: summed from the spill table, or straight from memory.

    Called inside `dataset_store`'s transaction only (VoiceCount has no database-level
    foreign key, models.py says why).
    """
    table = connection.ops.quote_name(VoiceCount._meta.db_table)
    columns = "(dataset_id, day, language, term, country, count)"
    with connection.cursor() as cursor:
        if tally.spilled:
            # NULL days and countries group together, in PostgreSQL and SQLite alike.
            cursor.execute(
                f"INSERT INTO {table} {columns} "  # noqa: S608
                f"SELECT %s, day, language, term, country, SUM(n) FROM {_SPILL} "
                "GROUP BY day, language, term, country",
                [dataset_id],
            )
        else:
            _insert_rows(
                cursor,
                table,
                columns,
                (
                    (dataset_id, day, language, term, country or None, n)
                    for (day, language, term, country), n in tally.cells.items()
                ),
            )


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
        tally = tally_voices(path, how, report)
    except ImportFileError as exc:
        raise CountImportError(str(exc)) from exc
    try:
        if progress:
            progress(report)
        dataset = dataset_store(
            name=name,
            source=source,
            licence=licence,
            tally=tally,
            report=report,
            by=by,
            fictional=fictional,
        )
    finally:
        tally.close()
    return CountReport(
        dataset=dataset.pk,
        format=report.format,
        read=report.tally.read,
        counted=dataset.posts_counted,
        skipped=report.tally.skipped,
        errors=report.tally.errors,
        cells=dataset.counts.count(),
        skipped_by_reason=dict(report.tally.skipped_by_reason),
    )
