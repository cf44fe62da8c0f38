"""The charts' downloads: exactly the figures a chart shows, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from archive.public import charts, svg


def chart_items(
    slugs: list[str] | None = None,
    *,
    open_tables: bool = False,
    inputs: charts.Inputs | None = None,
) -> list[dict]:
    """Charts with their geometry, for templates/archive/charts/_chart.html."""
    inputs = inputs or charts.Inputs()
    built = [charts.chart(s, inputs) for s in slugs] if slugs else charts.all_charts(inputs)
    return [
        {"chart": c, "geo": svg.geometry(c), "open_table": open_tables and c.kind == "bars"}
        for c in built
        if c is not None
    ]


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
