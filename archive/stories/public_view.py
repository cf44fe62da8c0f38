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
  by the periodic sweep once the embargo ends);
- the public figures (PublicFigure: the public count and the statistics' raw cells) take
  the story's old cells out and its new ones in, so every count read from them equals a
  full recount at every commit (`figures_changed`, also called by a consent change that
  only touches the statistics scope). An embargo is a cell's `visible_from` day, so the
  figures change at midnight without any writer;
- the public version (PublicVersion) changes, so no public page cached before this
  commit is served after it (archive/public/page_cache.py). Indexing changes it too when
  it makes a story searchable (`stories_indexed`); the midnight an embargo ends is part
  of the cached pages' key instead.

A change to a story that neither was nor is published costs one cheap check and does
nothing else: nothing of it was ever public.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from archive import queue
from archive.anonymise.render import render_story
from archive.models import ConsentRecord, PublicFigure, PublicTally, PublicVersion, Story
from archive.search import index
from archive.search.models import SearchEntry
from archive.vocabulary import ContentNote, Status

# The figures' dimensions: every public story counts once in PUBLIC; a public story whose
# current consent allows statistics counts once in each of the others (once per content
# note it carries; "day" and "month" are when it was shared: first posted, else published).
PUBLIC = "public"
COUNTED_DIMENSIONS = ("year", "country", "setting", "language", "content_note", "month", "day")
NO_EMBARGO = date.min
# The Story fields a story's cells are made of.
_TALLY_FIELDS = (
    "status",
    "erased_at",
    "embargo_until",
    "year",
    "country",
    "setting",
    "language",
    "content_notes",
    "source_created_at",
    "published_at",
)


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
    _figures_move(story)
    public_version_bump()
    if publish and Story.objects.public().filter(pk=story.pk).exists():
        queue.enqueue_on_commit(queue.INDEX_STORY, story.pk)
    return True


def _has_entry(story_id: int) -> bool:
    return SearchEntry.objects.filter(story_id=story_id).exists()


def public_version_bump() -> None:
    """Give the public view a new version, in the caller's transaction.

    One upsert of one row: the row stays locked until the writer commits, so writers of
    the public view commit their versions one at a time (they already queue on the audit
    chain). Readers see the new version exactly when they can see the change.
    """
    PublicVersion.objects.bulk_create(
        [PublicVersion(pk=1, token=secrets.randbits(63))],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["token"],
    )


@transaction.atomic
def stories_indexed(story_ids, *, force: bool = False) -> int:
    """Index these stories (archive/search/index.py) and, when that made any of them
    searchable, a new public version in the same transaction: a search page cached
    without them is not served again. Returns the entries written. Idempotent."""
    written = index.index_stories(story_ids, force=force)
    if written:
        public_version_bump()
    return written


def story_indexed(story_id: int) -> bool:
    """`stories_indexed` for one story; True when it has an entry afterwards."""
    stories_indexed([story_id])
    return _has_entry(story_id)


def story_cells(row: dict, consent: dict | None) -> tuple[list[list[str]], date] | None:
    """The cells a story counts in and the day it becomes visible; None when not public.

    `row` holds the story's `_TALLY_FIELDS`, `consent` its current record's `publish` and
    `statistics`. The same rule as `Story.objects.public()` and `stats.counted_stories()`,
    the embargo aside (it is the day returned).
    """
    if row["status"] != Status.PUBLISHED or row["erased_at"] is not None:
        return None
    if consent is None or not consent["publish"]:
        return None
    cells = [[PUBLIC, ""]]
    if consent["statistics"]:
        for name in ("year", "country", "setting", "language"):
            value = row[name]
            cells.append([name, "" if value in (None, "") else str(value)])
        notes = set(row["content_notes"] or ()) & set(ContentNote.values)
        cells += [["content_note", note] for note in sorted(notes)]
        shared = row["source_created_at"] or row["published_at"]
        if shared is not None:
            day = timezone.localdate(shared).isoformat()
            cells += [["month", day[:7]], ["day", day]]
    return cells, row["embargo_until"] or NO_EMBARGO


def figures_changed(story: Story) -> None:
    """Move `story`'s share of the public figures to what its saved state says now.

    Call it inside the writer's transaction (`public_view_changed` does). Reads the row as
    saved, locks the story's tally, and adds the difference to the figures (and gives the
    public view a new version); does nothing when the story was and is outside them.
    """
    if _figures_move(story):
        public_version_bump()


def _figures_move(story: Story) -> bool:
    """`figures_changed` without the version; True when a figure changed."""
    row = Story.objects.values(*_TALLY_FIELDS).get(pk=story.pk)
    consent = (
        ConsentRecord.objects.filter(story_id=story.pk, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .values("publish", "statistics")
        .first()
    )
    new = story_cells(row, consent)
    old = PublicTally.objects.select_for_update().filter(story_id=story.pk).first()
    if old is None and new is None:
        return False
    if old is not None and new is not None and (old.cells, old.visible_from) == new:
        return False
    delta: Counter[tuple[str, str, date]] = Counter()
    if old is not None:
        for dimension, value in old.cells:
            delta[(dimension, value, old.visible_from)] -= 1
    if new is None:
        old.delete()
    else:
        cells, visible_from = new
        for dimension, value in cells:
            delta[(dimension, value, visible_from)] += 1
        PublicTally.objects.update_or_create(
            story_id=story.pk, defaults={"cells": cells, "visible_from": visible_from}
        )
    _figures_add(delta)
    return True


def figures_changed_many(story_ids) -> None:
    """`figures_changed` for stories a bulk writer inserted or changed (demo data)."""
    moved = [_figures_move(Story(pk=pk)) for pk in sorted(story_ids)]
    if any(moved):
        public_version_bump()


def _figures_add(delta: Counter) -> None:
    """Add `delta` to the figures: one upsert per changed cell, in key order, so two
    writers touching the same cells take their row locks in the same order."""
    changes = sorted((key, n) for key, n in delta.items() if n)
    if not changes:
        return
    table = PublicFigure._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (dimension, value, visible_from, count)"  # noqa: S608
            " VALUES (%s, %s, %s, %s) ON CONFLICT (dimension, value, visible_from)"
            f" DO UPDATE SET count = {table}.count + excluded.count",
            [
                (dimension, value, visible_from, n)
                for (dimension, value, visible_from), n in changes
            ],
        )


@transaction.atomic
def figures_rebuild(apps=None) -> int:
    """Recount every tally and figure from the stories (the migration, and any bulk
    insert that bypassed the writers, e.g. a benchmark's), in one transaction. Returns
    how many stories are tallied."""
    story_model = apps.get_model("archive", "Story") if apps else Story
    consent_model = apps.get_model("archive", "ConsentRecord") if apps else ConsentRecord
    tally_model = apps.get_model("archive", "PublicTally") if apps else PublicTally
    figure_model = apps.get_model("archive", "PublicFigure") if apps else PublicFigure
    consents = {
        c["story_id"]: c
        for c in consent_model.objects.filter(
            withdrawn_at__isnull=True, story__status=Status.PUBLISHED
        )
        .order_by("story_id", "given_at")
        .values("story_id", "publish", "statistics")
    }
    tally_model.objects.all().delete()
    figure_model.objects.all().delete()
    totals: Counter[tuple[str, str, date]] = Counter()
    tallies, written = [], 0
    rows = story_model.objects.filter(status=Status.PUBLISHED, erased_at__isnull=True)
    for row in rows.values("pk", *_TALLY_FIELDS).iterator(chunk_size=5000):
        found = story_cells(row, consents.get(row["pk"]))
        if found is None:
            continue
        cells, visible_from = found
        tallies.append(tally_model(story_id=row["pk"], cells=cells, visible_from=visible_from))
        for dimension, value in cells:
            totals[(dimension, value, visible_from)] += 1
        if len(tallies) == 5000:  # memory stays flat at a million accounts
            tally_model.objects.bulk_create(tallies)
            written, tallies = written + len(tallies), []
    tally_model.objects.bulk_create(tallies)
    figure_model.objects.bulk_create(
        [
            figure_model(dimension=d, value=v, visible_from=f, count=n)
            for (d, v, f), n in sorted(totals.items())
        ],
        batch_size=5000,
    )
    if apps is None:  # the migration's historical models know no PublicVersion yet
        public_version_bump()
    return written + len(tallies)
