"""The statistics as charts: what each chart shows, already suppressed, ready to draw.

A Chart is rows of (value, label, one count per series). A count is None when it is held
back (fewer than the small-cell threshold, or none: the two are never told apart). Every
count here went through the one suppression rule (archive/public/stats.py); the drawing
(archive/public/svg.py), the data table and the CSV/JSON downloads all read the same
Chart, so a download is exactly what the chart shows.

What is counted: accounts are `stats.counted_stories()` (public, statistics consented);
voices are the counted datasets' aggregate rows (archive/counts), never accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.counts import selectors as counts
from archive.public import stats
from archive.shared_cache import figures as shared_figures
from archive.vocabulary import country_choices

VOICES_KEY = "chorus:charts:voices:v2"
# "Around October 2017": the fortnight before the call went round and the month after.
DAY_WINDOW = (date(2017, 10, 1), date(2017, 11, 15))
# The month timeline: the year before the call, and the two after it.
MONTH_WINDOW = ("2016-10", "2019-12")


@dataclass(frozen=True)
class Row:
    value: str
    label: str
    counts: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    slug: str
    kind: str  # "bars", "timeline" or "map"
    title: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    held_back: bool  # at least one cell is not shown
    note: str = ""

    @property
    def threshold(self) -> int:
        return max(1, int(settings.CHORUS["SMALL_CELL_THRESHOLD"]))

    @property
    def is_empty(self) -> bool:
        return not any(c for row in self.rows for c in row.counts)

    def peak(self, series: int = 0) -> Row | None:
        shown = [r for r in self.rows if r.counts[series] is not None]
        return max(shown, key=lambda r: r.counts[series], default=None)

    @property
    def peaks(self) -> list[dict]:
        """The text alternative's facts: each series' highest shown value."""
        found = []
        for i, name in enumerate(self.series):
            top = self.peak(i)
            if top is not None:
                found.append({"series": name, "label": top.label, "count": top.counts[i]})
        return found

    def as_dict(self) -> dict:
        return {
            "chart": self.slug,
            "title": self.title,
            "threshold": self.threshold,
            "series": list(self.series),
            "rows": [
                {
                    "value": r.value,
                    "label": r.label,
                    "counts": dict(zip(self.series, r.counts, strict=True)),
                }
                for r in self.rows
            ],
            "held_back": self.held_back,
            "note": self.note,
        }


def _accounts_label() -> str:
    return _("Accounts shared")


def _voices_label() -> str:
    return _("Voices counted (posts that used the words)")


def _other_rows(dimension: stats.Dimension, width: int = 1, at: int = 0) -> list[Row]:
    rows = []
    if dimension.other is not None:
        counts = [None] * width
        counts[at] = dimension.other
        rows.append(Row("other", _("Other (small groups together)"), tuple(counts)))
    if dimension.not_stated is not None:
        counts = [None] * width
        counts[at] = dimension.not_stated
        rows.append(Row("not_stated", _("Not stated"), tuple(counts)))
    return rows


def archive_dimension(name: str, inputs: Inputs) -> Chart:
    """Accounts by one of the archive's own dimensions (year, setting, note, language)."""
    figures = inputs.figures
    dimension = figures.dimensions.get(name)
    titles = {
        "year": _("Accounts by the year the events began"),
        "setting": _("Accounts by setting"),
        "content_note": _("Accounts by content note"),
        "language": _("Accounts by language"),
        "country": _("Accounts shared, by country"),
    }
    if dimension is None:  # too few accounts to show anything
        return Chart(name, "bars", titles[name], (_accounts_label(),), (), True)
    rows = [Row(c.value, c.label, (c.count,)) for c in dimension.cells]
    note = ""
    if name == "content_note":
        note = _(
            "An account can carry several content notes, so these add up to more than the total."
        )
    return Chart(
        slug=name.replace("_", "-"),
        kind="bars",
        title=titles[name],
        series=(_accounts_label(),),
        rows=(*rows, *_other_rows(dimension)),
        held_back=dimension.suppressed_cells,
        note=note,
    )


def _accounts_timelines(counts: dict[str, dict[str, int]]) -> dict:
    """The accounts' timelines from the summary's "month" and "day" cells (when an
    account was shared: its original post for an imported one, else its publication)."""
    first, last = DAY_WINDOW
    return {
        "accounts_month": dict(counts["month"]),
        "accounts_day": {
            k: v for k, v in counts["day"].items() if first.isoformat() <= k <= last.isoformat()
        },
    }


def _voices() -> dict:
    """Every input of the charts from the counted datasets (never accounts)."""
    first, last = DAY_WINDOW
    return {
        "voices_month": counts.voices_by_month(),
        "voices_day": counts.voices_by_day(first, last),
        "voices_term": counts.voices_by("term"),
        "voices_country": counts.voices_by("country"),
        "datasets": counts.datasets(),
    }


def voices_inputs() -> dict:
    """`_voices()`, kept in the shared cache for STATS_CACHE_SECONDS: a new dataset shows
    when the entry expires. The accounts are not in it (they are read exactly, from the
    public figures), so a withdrawal has nothing here to wait for."""
    seconds = int(settings.CHORUS["STATS_CACHE_SECONDS"])
    if seconds <= 0:
        return _voices()
    cached = shared_figures.get(VOICES_KEY)
    if cached is None:  # a miss, or the cache is down: computed directly
        cached = _voices()
        shared_figures.set(VOICES_KEY, cached, timeout=seconds)
    return cached


class Inputs:
    """What a page's charts read, fetched once per page however many charts it shows:
    one query over the public figures (exact, archive/stories/public_view.py) and the
    counted datasets' cached figures."""

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        return stats.figure_counts(days=DAY_WINDOW)

    @cached_property
    def figures(self) -> stats.Statistics:
        return stats.public_statistics(self.counts)

    @cached_property
    def raw(self) -> dict:
        return {**voices_inputs(), **_accounts_timelines(self.counts)}


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _timeline(slug: str, title: str, periods: list[str], voices, accounts, label) -> Chart:
    voices_shown = {c.value: c.count for c in voices.cells}
    accounts_shown = {c.value: c.count for c in accounts.cells}
    rows = tuple(Row(p, label(p), (voices_shown.get(p), accounts_shown.get(p))) for p in periods)
    return Chart(
        slug=slug,
        kind="timeline",
        title=title,
        series=(_voices_label(), _accounts_label()),
        rows=rows,
        held_back=any(c is None for r in rows for c in r.counts),
        note=_(
            "Voices counted are posts in research datasets that used the words; they are "
            "not verified accounts. Accounts shared are the published accounts here."
        ),
    )


@lru_cache(maxsize=4096)
def _period_label(day: str, date_format: str, language: str) -> str:
    """A timeline row's label ("October 2017", "12 octobre"), formatted once per language:
    `/` and the statistics page label the same few dozen periods on every request."""
    return formats.date_format(date.fromisoformat(day), date_format)


def timeline_by_month(inputs: Inputs) -> Chart:
    first, last = MONTH_WINDOW
    raw = inputs.raw
    accounts_raw, voices_raw = raw["accounts_month"], raw["voices_month"]
    voices = stats.suppress_counts(
        "month", {k: v for k, v in voices_raw.items() if first <= k <= last}
    )
    accounts = stats.suppress_counts(
        "month", {k: v for k, v in accounts_raw.items() if first <= k <= last}
    )
    shown = [c.value for c in (*voices.cells, *accounts.cells)]
    periods = _months(min(shown), max(shown)) if shown else []
    return _timeline(
        "timeline-month",
        _("Month by month, October 2016 to December 2019"),
        periods,
        voices,
        accounts,
        lambda p: _period_label(f"{p}-01", "YEAR_MONTH_FORMAT", get_language()),
    )


def timeline_by_day(inputs: Inputs) -> Chart:
    first, last = DAY_WINDOW
    raw = inputs.raw
    voices = stats.suppress_counts("day", raw["voices_day"])
    accounts = stats.suppress_counts("day", raw["accounts_day"])
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return _timeline(
        "timeline-day",
        _("Day by day, October and early November 2017"),
        days,
        voices,
        accounts,
        lambda d: _period_label(d, "MONTH_DAY_FORMAT", get_language()),
    )


def voices_by_term(inputs: Inputs) -> Chart:
    dimension = stats.suppress_counts("term", inputs.raw["voices_term"])
    rows = [
        Row(
            c.value,
            _("every post (dataset collected by tag)") if c.value == "*" else c.value,
            (c.count,),
        )
        for c in dimension.cells
    ]
    return Chart(
        "voices-term",
        "bars",
        _("Voices counted, by hashtag or phrase"),
        (_voices_label(),),
        (*rows, *_other_rows(dimension)),
        dimension.suppressed_cells,
    )


def _country_names() -> dict[str, str]:
    return dict(country_choices())


def country_map(which: str, inputs: Inputs) -> Chart:
    """Accounts shared ("accounts") or voices counted ("voices") per country."""
    if which == "voices":
        dimension = stats.suppress_counts("country", inputs.raw["voices_country"])
        title, series = _("Voices counted, by country"), (_voices_label(),)
    else:
        dimension = inputs.figures.dimensions.get("country") or stats.suppress_counts("country", {})
        title, series = _("Accounts shared, by country"), (_accounts_label(),)
    names = _country_names()
    rows = [
        Row(c.value.upper(), names.get(c.value.upper(), c.label), (c.count,))
        for c in dimension.cells
    ]
    return Chart(
        f"map-{which}",
        "map",
        title,
        series,
        (*rows, *_other_rows(dimension)),
        True,  # countries not shown are blank: fewer than the threshold, or none
        _("Countries left blank have fewer than %(k)s, or none.")
        % {"k": max(1, int(settings.CHORUS["SMALL_CELL_THRESHOLD"]))},
    )


BUILDERS = {
    "timeline-month": timeline_by_month,
    "timeline-day": timeline_by_day,
    "map-voices": lambda inputs: country_map("voices", inputs),
    "map-accounts": lambda inputs: country_map("accounts", inputs),
    "year": lambda inputs: archive_dimension("year", inputs),
    "setting": lambda inputs: archive_dimension("setting", inputs),
    "content-note": lambda inputs: archive_dimension("content_note", inputs),
    "language": lambda inputs: archive_dimension("language", inputs),
    "voices-term": voices_by_term,
}


def chart(slug: str, inputs: Inputs | None = None) -> Chart | None:
    builder = BUILDERS.get(slug)
    return builder(inputs or Inputs()) if builder else None


def all_charts(inputs: Inputs | None = None) -> list[Chart]:
    inputs = inputs or Inputs()
    return [builder(inputs) for builder in BUILDERS.values()]


@dataclass(frozen=True)
class Totals:
    accounts: int | None  # None: fewer than the threshold
    voices: int | None
    datasets: list

    @property
    def voices_text(self) -> str:
        return formats.number_format(self.voices, force_grouping=True) if self.voices else ""

    @property
    def accounts_text(self) -> str:
        return formats.number_format(self.accounts, force_grouping=True) if self.accounts else ""


def totals(inputs: Inputs | None = None) -> Totals:
    inputs = inputs or Inputs()
    figures, raw = inputs.figures, inputs.raw
    voices = sum(raw["voices_term"].values())
    threshold = max(1, int(settings.CHORUS["SMALL_CELL_THRESHOLD"]))
    return Totals(
        accounts=figures.total,
        voices=voices if voices >= threshold else None,
        datasets=raw["datasets"],
    )
