"""The one hook for "what the public may see of this story could have changed".

Every writer calls `public_view_changed` inside its transaction after changing a
story's status, consent, embargo, redactions or public metadata. The hook owns every
consequence, so no writer repeats them:

- the stored public text is rendered from the original and its redactions
  (archive/anonymise/render.py) while the story is published, and emptied otherwise;
- the version goes up by one (a search entry records the version it was built from);
- the search entry is removed now, in the writer's transaction, so search can never
  show the story's old words or metadata once the request has returned;
- indexing is enqueued on commit when the story is public (an embargoed story is indexed
  by the periodic sweep once the embargo ends).

A change to a story that neither was nor is published costs one cheap check and does
nothing else: nothing of it was ever public.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from archive import queue
from archive.anonymise.render import render_story
from archive.models import Story
from archive.search import index
from archive.search.models import SearchEntry
from archive.vocabulary import Status


def keeps_public_text(story: Story) -> bool:
    """Published and consented: the text a reader sees (now or after an embargo) is stored."""
    if story.status != Status.PUBLISHED or story.erased_at is not None:
        return False
    consent = story.current_consent()
    return consent is not None and consent.publish


def public_view_changed(story: Story) -> bool:
    """Bring the public text, version and index of `story` in step with its state.

    Call it inside the writer's transaction, after the writer saved its change; `story`
    is updated in place. Returns False when nothing of the story was or is public.
    """
    publish = keeps_public_text(story)
    was_public = bool(story.public_title or story.public_body) or _has_entry(story.pk)
    if not (publish or was_public):
        return False
    title, body = render_story(story) if publish else ("", "")
    story.public_title, story.public_body = title[:300], body
    story.updated_at = timezone.now()
    Story.objects.filter(pk=story.pk).update(
        public_title=story.public_title,
        public_body=story.public_body,
        version=F("version") + 1,
        updated_at=story.updated_at,
    )
    story.version = Story.objects.values_list("version", flat=True).get(pk=story.pk)
    # In the request, not a task: the old words leave search now, worker or no worker.
    index.remove_story(story.pk)
    if publish and Story.objects.public().filter(pk=story.pk).exists():
        queue.enqueue_on_commit(queue.INDEX_STORY, story.pk)
    return True


def _has_entry(story_id: int) -> bool:
    return SearchEntry.objects.filter(story_id=story_id).exists()
