"""Template tags for the moderation workstation."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from archive.moderation import selectors
from archive.moderation.selectors import STATUS_COUNT_CAP

register = template.Library()


@register.simple_tag
def queue_count() -> dict:
    """How many accounts wait for a moderator (the queue's default view), counted only
    up to the queue's own cap so the admin's front page costs the same at any size."""
    count = selectors.queue_size(STATUS_COUNT_CAP)
    return {
        "count": min(count, STATUS_COUNT_CAP),
        "more": count > STATUS_COUNT_CAP,
        "cap": number_format(STATUS_COUNT_CAP, force_grouping=True),
    }


@register.filter
def with_column_labels(cells, headers) -> list[str]:
    """A changelist row's cells, each naming its column in `data-label`.

    On a phone the queue shows each row as a card, and the stylesheet writes the column's
    name before each value from this attribute (CSS cannot translate a name itself). The
    cells are Django's own `<td …>…</td>` strings; the label goes in right after the tag
    name. A column without a text name (the selection checkbox) gets no label.
    """
    labelled = []
    for cell, header in zip(cells, headers, strict=False):
        label = capfirst(strip_tags(str(header["text"])).strip())
        if label and cell[:3] in ("<td", "<th"):
            # Safe: the cell is Django's rendered HTML and the label is escaped here.
            cell = mark_safe(cell[:3] + format_html(' data-label="{}"', label) + cell[3:])  # noqa: S308
        labelled.append(cell)
    return labelled
