"""The charts' downloads: exactly the figures a chart shows, as CSV or JSON."""

from __future__ import annotations

import csv
import functools
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from archive.public import charts, svg


def chart_items(
    slugs: list[str] | None = None,
    *,
    open_tables: bool = False,
    inputs: charts.Inputs | None = None,
) -> list[dict]:
    """Charts with their drawing, text alternative and table rendered, for the pages."""
    inputs = inputs or charts.Inputs()
    built = [charts.chart(s, inputs) for s in slugs] if slugs else charts.all_charts(inputs)
    return [
        {
            "chart": c,
            "html": rendered(
                c, open_tables and c.kind == "bars", get_language() or "", c.threshold
            ),
        }
        for c in built
        if c is not None
    ]


@functools.lru_cache(maxsize=128)
def rendered(chart: charts.Chart, open_table: bool, language: str, threshold: int) -> SafeString:
    """templates/archive/charts/_chart.html for `chart`, rendered once per process for each
    content, language and threshold: the key is everything the fragment shows (a Chart is
    frozen: its figures, labels and title), so a changed figure is a new entry, never a
    stale one. Rendering the drawing and its table cost more than the rest of a page."""
    item = {"chart": chart, "geo": svg.geometry(chart), "open_table": open_table}
    return mark_safe(render_to_string("archive/charts/_chart.html", {"item": item}))  # noqa: S308


def _csv(chart: charts.Chart) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["value", "label", *chart.series])
    for row in chart.rows:
        writer.writerow([row.value, row.label, *("" if n is None else n for n in row.counts)])
    return out.getvalue()


@require_safe
def chart_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    chart = charts.chart(slug)
    if chart is None or fmt not in ("csv", "json"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(_csv(chart), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            json.dumps(chart.as_dict(), ensure_ascii=False, indent=1),
            content_type="application/json",
        )
    response["Content-Disposition"] = f'attachment; filename="chorus-{slug}.{fmt}"'
    return response
