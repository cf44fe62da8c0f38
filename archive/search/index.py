"""Keeping the search index in step with the public queryset.

Only stories in Story.objects.public() have an entry, and an entry holds only redacted
text. Building is idempotent (same story version, same entry) and runs in a Celery task;
removal runs in the request that made a story non-public.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F, Q

from archive.models import Story
from archive.search.models import SearchEntry

_HASHTAG = re.compile(r"#(\w+)")


def extract_hashtags(text: str) -> list[str]:
    return sorted({tag.lower() for tag in _HASHTAG.findall(text)})


@transaction.atomic
def index_story(story_id: int) -> bool:
    """Build or refresh the entry of one story; remove it if the story is not public.

    Returns True when an entry exists afterwards.
    """
    story = Story.objects.public().filter(pk=story_id).first()
    if story is None:
        remove_story(story_id)
        return False
    SearchEntry.objects.update_or_create(
        story=story,
        defaults={
            "version": story.version,
            "language": story.language,
            "title": story.public_title,
            "body": story.public_body,
            "hashtags": extract_hashtags(f"{story.public_title} {story.public_body}"),
            "year": story.year,
            "country": story.country,
            "setting": story.setting,
            "content_notes": story.content_notes,
            "published_at": story.published_at,
        },
    )
    return True


def remove_story(story_id: int) -> None:
    SearchEntry.objects.filter(story_id=story_id).delete()


def stale_story_ids() -> list[int]:
    """Public stories with no entry or an out-of-date one, and entries of non-public stories."""
    public = Story.objects.public()
    missing_or_stale = public.filter(
        Q(search_entry__isnull=True) | ~Q(search_entry__version=F("version"))
    ).values_list("pk", flat=True)
    orphaned = SearchEntry.objects.exclude(story__in=public).values_list("story_id", flat=True)
    return sorted(set(missing_or_stale) | set(orphaned))
