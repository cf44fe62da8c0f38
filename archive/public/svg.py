"""Chart geometry for the SVG templates: numbers in, rectangles and paths out.

Drawn on the server, so a chart needs no JavaScript and nothing from another host. The
templates (templates/archive/charts/) write the SVG with autoescaping; this module only
computes coordinates. Colours come from classes in static/css/chorus.css, never from
style attributes, so the Content-Security-Policy stays strict.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import number_format

from archive.public.charts import Chart

MAP_FILE = Path(__file__).resolve().parent / "data" / "world-map.json"
SHADES = 5


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the count as written, or "" when held back
    x: float
    y: float
    width: float
    height: float
    series: int = 0

    @property
    def text_y(self) -> float:
        return round(self.y + self.height / 2 + 5, 1)

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 1)


def _count(n: int) -> str:
    return number_format(n, force_grouping=True)


def _nice_max(value: int) -> int:
    if value <= 0:
        return 1
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def bars(chart: Chart, *, width: float = 640, label_width: float = 230, row: float = 28) -> dict:
    """Horizontal bars, one per row, with the label left and the count right of the bar."""
    plot = width - label_width - 80
    top = max((c or 0 for r in chart.rows for c in r.counts), default=0) or 1
    items = []
    for i, r in enumerate(chart.rows):
        n = r.counts[0]
        items.append(
            Bar(
                label=r.label,
                text="" if n is None else _count(n),
                x=label_width,
                y=i * row + 4,
                width=0 if n is None else max(1.0, round(plot * n / top, 1)),
                height=row - 8,
            )
        )
    return {
        "width": width,
        "height": len(items) * row + 8,
        "bars": items,
        "label_x": label_width - 8,
    }


# Wide enough for any character of the 13 px chart font (charts.css), and the space kept
# between two period labels.
TICK_CHAR_WIDTH = 8
TICK_GAP = 12


def _tick(x: float, label: str, *, width: float, left: float, right: float) -> dict:
    """A period label centred under its column, moved in just enough not to be cut at an
    edge (the first month read "tember 2017", the last "December 20")."""
    half = len(label) * TICK_CHAR_WIDTH / 2
    x = min(max(x, left + half), width - right - half)
    return {"x": round(x, 1), "label": label}


def timeline(chart: Chart, *, width: float = 640, panel: float = 150, gap: float = 44) -> dict:
    """One panel per series (voices and accounts differ by orders of magnitude), columns
    per period, each panel on its own scale with its highest value written above it."""
    left, right = 10, 10
    n = max(1, len(chart.rows))
    step = (width - left - right) / n
    panels = []
    for s, name in enumerate(chart.series):
        top = max((r.counts[s] or 0 for r in chart.rows), default=0)
        scale = _nice_max(top)
        y0 = s * (panel + gap) + 26
        columns = []
        for i, r in enumerate(chart.rows):
            c = r.counts[s]
            h = 0 if c is None else max(1.0, round(panel * c / scale, 1))
            columns.append(
                Bar(
                    label=r.label,
                    text="" if c is None else _count(c),
                    x=round(left + i * step + step * 0.1, 2),
                    y=round(y0 + panel - h, 2),
                    width=round(step * 0.8, 2),
                    height=h,
                    series=s,
                )
            )
        panels.append(
            {
                "name": name,
                "title_y": y0 - 8,
                "base_y": y0 + panel,
                "scale": _count(scale),
                "columns": columns,
                "series": s,
            }
        )
    # A few period labels under the last panel, evenly spaced and far enough apart that the
    # widest does not run into the next one.
    widest = max((len(r.label) for r in chart.rows), default=0) * TICK_CHAR_WIDTH
    every = max(1, math.ceil(n / 6), math.ceil((widest + TICK_GAP) / step))
    ticks = [
        _tick(left + i * step + step / 2, r.label, width=width, left=left, right=right)
        for i, r in enumerate(chart.rows)
        if i % every == 0
    ]
    height = len(chart.series) * (panel + gap) + 20
    return {
        "width": width,
        "height": height,
        "panels": panels,
        "ticks": ticks,
        "tick_y": height - 12,
        "left": left,
        "right": width - right,
    }


@cache
def _world() -> dict:
    return json.loads(MAP_FILE.read_text())


def _shade_bounds(values: list[int]) -> list[int]:
    """Lower bounds of the shades: equal steps on a log scale between the smallest and
    largest shown count, so one huge country does not wash out the rest."""
    if not values:
        return []
    low, high = math.log(min(values)), math.log(max(values))
    if high - low < 1e-9:
        return [min(values)]
    return [round(math.exp(low + (high - low) * i / SHADES)) for i in range(SHADES)]


def world_map(chart: Chart) -> dict:
    shown = {
        r.value: r.counts[0] for r in chart.rows if r.counts[0] is not None and len(r.value) == 2
    }
    bounds = _shade_bounds(list(shown.values()))
    world = _world()
    countries = []
    for country in world["countries"]:
        n = shown.get(country["code"])
        shade = sum(1 for b in bounds if n is not None and n >= b) if n is not None else 0
        countries.append({"d": country["d"], "shade": shade, "name": country["name"], "count": n})
    legend = [
        {
            "shade": i + 1,
            "low": _count(b),
            "high": _count(bounds[i + 1] - 1) if i + 1 < len(bounds) else "",
        }
        for i, b in enumerate(bounds)
    ]
    return {
        "width": world["width"],
        "height": world["height"],
        "countries": countries,
        "legend": legend,
    }


def geometry(chart: Chart) -> dict:
    if chart.kind == "map":
        return world_map(chart)
    if chart.kind == "timeline":
        return timeline(chart)
    return bars(chart)
