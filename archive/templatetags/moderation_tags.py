"""Template tags for the moderation workstation."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

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
