"""Template tags for the moderation workstation."""

from __future__ import annotations

from django import template

from archive.models import Story
from archive.moderation import selectors

register = template.Library()


@register.simple_tag
def queue_count() -> int:
    """How many accounts wait for a moderator (the queue's default view)."""
    return Story.objects.filter(selectors.needs_attention()).count()
