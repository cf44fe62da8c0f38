"""`{{ event|shown_actor }}`, `{{ user|shown_actor }}`: who acted, as staff may see it.

A thin face over archive.stories.audit.actor_shown, the one owner of the rule, so no
template prints an account (and with it a contributor's e-mail address) directly.
"""

from __future__ import annotations

from django import template

from archive.models import ModerationEvent
from archive.stories.audit import actor_shown

register = template.Library()


@register.filter
def shown_actor(value) -> str:
    if isinstance(value, ModerationEvent):
        return actor_shown(value.actor, value.actor_kind)
    return actor_shown(value)
