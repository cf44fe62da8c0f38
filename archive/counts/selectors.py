"""What the public may read of the counted datasets: sums per one dimension, and the list.

Raw sums are exact and never shown as they are: the pages pass them through the one
suppression rule (archive/public/stats.suppress_counts). One grouped query per dimension.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from archive.counts.models import CountedDataset, VoiceCount


def datasets() -> list[CountedDataset]:
    return list(CountedDataset.objects.order_by("name"))


def voices_by(field: str) -> dict[str, int]:
    """Sum of counts per value of `field` ("language", "term" or "country"); "" = unknown."""
    rows = VoiceCount.objects.order_by().values(field).annotate(n=Sum("count"))
    return {(row[field] or ""): row["n"] for row in rows}


def voices_by_month() -> dict[str, int]:
    """Counts per "YYYY-MM"; undated posts are left out of the timeline."""
    rows = (
        VoiceCount.objects.filter(day__isnull=False)
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(n=Sum("count"))
    )
    return {row["month"].strftime("%Y-%m"): row["n"] for row in rows}


def voices_by_day(first: date, last: date) -> dict[str, int]:
    rows = (
        VoiceCount.objects.filter(day__range=(first, last))
        .order_by()
        .values("day")
        .annotate(n=Sum("count"))
    )
    return {row["day"].isoformat(): row["n"] for row in rows}
