"""Aggregate statistics of the public archive, with small cells suppressed.

Contract:
- Counts only stories in `Story.objects.public()` whose *current* consent record allows
  aggregate statistics. A story whose contributor said no, or withdrew, is not counted.
- Any cell (one value of one dimension) counting fewer than
  settings.CHORUS["SMALL_CELL_THRESHOLD"] stories is suppressed: its value is not named
  and its count is not shown. Where the cells add up to the total, the next smallest
  cells are held back too until the held-back cells are at least two and reach the
  threshold together, so the total minus the shown cells reveals no small group; they
  are shown pooled as "other" (archive/public/suppression.py owns the rule).
- The total is suppressed the same way while the archive is small.
- Reads only public metadata (year, country, setting, language, content notes): never text.
- One small query whatever the size of the archive, and never stale: the counts are read
  from the PublicFigure summary, which archive/stories/public_view.py keeps equal to a
  full count in the transaction of every change (publication, withdrawal, consent,
  embargo, metadata, erasure). `recount_raw()` is that full count (tests, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from archive.models import ConsentRecord, PublicFigure, Story
from archive.public.suppression import suppress_cells
from archive.stories.public_view import COUNTED_DIMENSIONS, PUBLIC
from archive.vocabulary import ContentNote, Setting
from config.db_router import read_connection

DIMENSIONS = ("year", "country", "setting", "language", "content_note")
DIMENSION_TITLES = {
    "year": _("By year"),
    "country": _("By country"),
    "setting": _("By setting"),
    "language": _("By language"),
    "content_note": _("By content note"),
}


@dataclass(frozen=True)
class Cell:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Dimension:
    name: str
    cells: tuple[Cell, ...]
    # Sum of the suppressed cells when it reaches the threshold, else None.
    other: int | None
    suppressed_cells: bool  # True when at least one cell was held back
    # Stories with no value for this dimension (not stated), suppressed the same way.
    not_stated: int | None = None

    @property
    def title(self) -> str:
        return str(DIMENSION_TITLES[self.name])


@dataclass(frozen=True)
class Statistics:
    threshold: int
    total: int | None  # None: fewer stories than the threshold
    dimensions: dict[str, Dimension] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "threshold": self.threshold,
            "total": self.total,
            "dimensions": {
                name: {
                    "cells": [
                        {"value": c.value, "label": c.label, "count": c.count} for c in dim.cells
                    ],
                    "other": dim.other,
                    "not_stated": dim.not_stated,
                    "suppressed_cells": dim.suppressed_cells,
                }
                for name, dim in self.dimensions.items()
            },
        }


def counted_stories() -> QuerySet[Story]:
    """The stories statistics may count: public, and current consent allows statistics."""
    return Story.objects.public().filter(
        Exists(
            ConsentRecord.objects.filter(
                story=OuterRef("pk"), withdrawn_at__isnull=True, statistics=True
            )
        )
    )


def _language_label(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _label(dimension: str, value: str) -> str:
    if dimension == "setting":
        return str(dict(Setting.choices).get(value, value))
    if dimension == "content_note":
        return str(dict(ContentNote.choices).get(value, value))
    if dimension == "language":
        return _language_label(value)
    return value.upper() if dimension == "country" else value


def _suppress(name: str, raw: dict[str, int], threshold: int) -> Dimension:
    # "Not stated" is one more cell of the table: it adds up to the total with the others.
    # Content notes overlap (an account may carry several), so they add up to no total.
    table = suppress_cells(raw, threshold=threshold, adds_up_to_total=name != "content_note")
    shown = [
        Cell(value=value, label=_label(name, value), count=count)
        for value, count in table.shown.items()
        if value != ""
    ]
    if name == "year":
        shown.sort(key=lambda c: c.value)
    else:
        shown.sort(key=lambda c: (-c.count, c.label))
    return Dimension(
        name=name,
        cells=tuple(shown),
        other=table.pooled,
        suppressed_cells=bool(table.held_back),
        not_stated=table.shown.get(""),
    )


def _raw_counts_grouped(stories: QuerySet[Story]) -> dict[str, dict[str, int]]:
    """PostgreSQL: every dimension and every content note in one scan (GROUPING SETS).

    The counted set is still exactly `counted_stories()`: its SQL is the inner query.
    """
    inner, params = (
        stories.order_by().values("year", "country", "setting", "language", "content_notes")
    ).query.sql_with_params()
    notes = [note.value for note in ContentNote]
    # The note keys come from the vocabulary (letters and underscores), never from input.
    note_columns = ", ".join(
        f"count(*) FILTER (WHERE c.content_notes @> %s::jsonb) AS note_{i}"
        for i in range(len(notes))
    )
    sql = f"""
        SELECT GROUPING(c.year) = 0, GROUPING(c.country) = 0, GROUPING(c.setting) = 0,
               GROUPING(c.language) = 0, c.year, c.country, c.setting, c.language,
               count(*), {note_columns}
        FROM ({inner}) AS c
        GROUP BY GROUPING SETS ((c.year), (c.country), (c.setting), (c.language), ())
    """  # noqa: S608 - only vocabulary-derived column names are interpolated
    raw: dict[str, dict[str, int]] = {name: {} for name in DIMENSIONS}
    with read_connection().cursor() as cursor:
        # The note patterns come first in the statement (the SELECT list), then the inner
        # query's own parameters.
        cursor.execute(sql, [*(f'["{note}"]' for note in notes), *params])
        for row in cursor.fetchall():
            flags, values, n, note_counts = row[:4], row[4:8], row[8], row[9:]
            for name, grouped, value in zip(
                ("year", "country", "setting", "language"), flags, values, strict=True
            ):
                if grouped:
                    key = "" if value in (None, "") else str(value)
                    raw[name][key] = raw[name].get(key, 0) + n
            if not any(flags):  # the grand total row
                raw["content_note"] = dict(zip(notes, note_counts, strict=True))
    return raw


def _raw_counts_portable(stories: QuerySet[Story]) -> dict[str, dict[str, int]]:
    """SQLite (no GROUPING SETS): one grouped query per dimension, one for the notes."""
    raw: dict[str, dict[str, int]] = {name: {} for name in DIMENSIONS}
    for name in ("year", "country", "setting", "language"):
        for row in stories.order_by().values(name).annotate(n=Count("pk")):
            value = row[name]
            key = "" if value in (None, "") else str(value)
            raw[name][key] = raw[name].get(key, 0) + row["n"]
    # Content notes are a JSON list; a quoted-token match works on both SQLite and
    # PostgreSQL, and the vocabulary keys never contain one another with the quotes.
    note_counts = stories.aggregate(
        **{
            f"note_{note.value}": Count("pk", filter=Q(content_notes__icontains=f'"{note.value}"'))
            for note in ContentNote
        }
    )
    raw["content_note"] = {
        note.value: note_counts[f"note_{note.value}"] or 0 for note in ContentNote
    }
    return raw


def recount_raw() -> dict[str, dict[str, int]]:
    """`raw_counts()` counted from the stories themselves: a full scan (seconds at a
    million accounts). What the summary must always equal; tests and benchmarks only."""
    stories = counted_stories()
    if connection.vendor == "postgresql":
        return _raw_counts_grouped(stories)
    return _raw_counts_portable(stories)


def figure_counts(
    dimensions: tuple[str, ...] = (PUBLIC, *COUNTED_DIMENSIONS),
    *,
    days: tuple[date, date] | None = None,
) -> dict[str, dict[str, int]]:
    """{dimension: {value: count}} of the public figures visible today, cells of zero left
    out; "day" cells only from `days` (first, last) when given. One query over the
    summary (a row per cell and embargo day: a few hundred); exact."""
    query = PublicFigure.objects.filter(
        dimension__in=dimensions, visible_from__lte=timezone.localdate()
    )
    if days is not None:
        first, last = (d.isoformat() for d in days)
        query = query.exclude(Q(dimension="day") & ~Q(value__range=(first, last)))
    rows = (
        query.values_list("dimension", "value").annotate(n=Sum("count")).filter(n__gt=0).order_by()
    )
    found: dict[str, dict[str, int]] = {name: {} for name in dimensions}
    for dimension, value, n in rows:
        found[dimension][value] = n
    return found


def raw_counts(figures: dict | None = None) -> dict[str, dict[str, int]]:
    """Exact, unsuppressed counts per dimension value. Never shown as they are.

    From the summary (`figure_counts()`, or the `figures` a page already read)."""
    figures = figures if figures is not None else figure_counts(DIMENSIONS)
    return {name: dict(figures.get(name, {})) for name in DIMENSIONS}


def _suppressed(raw: dict[str, dict[str, int]], threshold: int) -> Statistics:
    total = sum(raw["year"].values())
    if total < threshold:
        return Statistics(threshold=threshold, total=None, dimensions={})
    return Statistics(
        threshold=threshold,
        total=total,
        dimensions={name: _suppress(name, dict(raw[name]), threshold) for name in DIMENSIONS},
    )


def public_statistics(figures: dict | None = None) -> Statistics:
    """The published statistics, small cells suppressed (see the module contract).

    One query over the summary, or none given the `figures` a page already read."""
    threshold = max(1, int(settings.CHORUS["SMALL_CELL_THRESHOLD"]))
    return _suppressed(raw_counts(figures), threshold)


def suppress_counts(name: str, raw: dict[str, int]) -> Dimension:
    """Any other set of counts (a timeline, a counted dataset's countries), suppressed by
    the same rule as the archive's own dimensions: the one place that rule lives."""
    threshold = max(1, int(settings.CHORUS["SMALL_CELL_THRESHOLD"]))
    return _suppress(name, dict(raw), threshold)
