"""Keeping the search index in step with the public queryset.

Only stories in Story.objects.public() have an entry, and an entry holds only redacted
text (public_title, public_body) and public metadata. Building is idempotent (same story
version, same entry) and runs in a Celery task; removal runs in the request that made a
story non-public. The database derives the full-text structures (tsvector or FTS5 row)
from the entry's columns by trigger, so one code path serves both backends.

Races: a build locks the story's current consent record and then the story row (the
order consent changes and lifecycle transitions use), and only then reads whether the
story is public. A withdrawal committing first is therefore seen; one committing later
deletes the entry the build wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import F, Q

from archive.models import ConsentRecord, Story
from archive.search import text
from archive.search.models import SAMPLE_EVERY, SearchEntry

_STORY_FIELDS = (
    "pk",
    "public_id",
    "version",
    "language",
    "public_title",
    "public_body",
    "year",
    "country",
    "setting",
    "content_notes",
    "tags",
    "published_at",
)
# Stories built and written at a time inside a batch (PostgreSQL): small enough that the
# first write starts early, large enough that each statement carries many rows.
BUILD_CHUNK = 100
UPDATE_FIELDS = [
    "public_id",
    "version",
    "language",
    "search_config",
    "title",
    "body",
    "hashtags",
    "tags_text",
    "year",
    "country",
    "setting",
    "content_notes",
    "published_at",
    "in_sample",
    "indexed_at",
]


def extract_hashtags(value: str) -> list[str]:
    """Normalised hashtags of a text (kept for callers of the first version)."""
    return text.hashtags_in(value)


def entry_for(story: dict, language: str | None = None) -> SearchEntry:
    """The unsaved entry of one public story given as a dict of _STORY_FIELDS.

    `language` is the detected language when the story has none; None means detect now.
    """
    title = text.clean(story["public_title"])
    body = text.clean(story["public_body"])
    if story["language"]:
        language = story["language"].lower()
    elif language is None:
        language = text.detect_language(f"{title}\n{body}")
    tags = sorted(
        set(text.hashtags_in(f"{title} {body}"))
        | {t for t in (text.normalise_hashtag(str(x)) for x in story["tags"] or []) if t}
    )
    return SearchEntry(
        story_id=story["pk"],
        public_id=story["public_id"],
        version=story["version"],
        language=language,
        search_config=text.config_for(language),
        title=title,
        body=body,
        hashtags=tags,
        tags_text=" ".join(text.search_tags(f"{title} {body}", tags)),
        year=story["year"],
        country=(story["country"] or "").upper(),
        setting=story["setting"] or "",
        content_notes=sorted(story["content_notes"] or []),
        published_at=story["published_at"],
        in_sample=story["pk"] % SAMPLE_EVERY == 0,
    )


@transaction.atomic
def index_stories(story_ids: Iterable[int], *, force: bool = False) -> int:
    """Build, refresh or remove the entries of these stories in one transaction.

    Public stories get an entry built from their current version (skipped when the entry
    is already at that version, unless `force`); every other id loses its entry. Returns
    the number of entries written. Idempotent.
    """
    ids = sorted(set(story_ids))
    if not ids:
        return 0
    # Lock order: consent records, then stories (see the module docstring).
    list(
        ConsentRecord.objects.select_for_update()
        .filter(story_id__in=ids, withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    list(Story.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    public = list(Story.objects.public().filter(pk__in=ids).values(*_STORY_FIELDS))
    public_ids = {s["pk"] for s in public}
    removed, _ = SearchEntry.objects.filter(story_id__in=set(ids) - public_ids).delete()
    if removed:
        _forget_browse_totals()
    if not force:
        current = set(
            SearchEntry.objects.filter(
                story_id__in=public_ids, version=F("story__version")
            ).values_list("story_id", flat=True)
        )
        public = [s for s in public if s["pk"] not in current]
    if not public:
        return 0
    undetected = [s for s in public if not s["language"]]
    detected = dict(
        zip(
            (s["pk"] for s in undetected),
            text.detect_languages([f"{s['public_title']}\n{s['public_body']}" for s in undetected]),
            strict=True,
        )
    )
    _forget_browse_totals()
    if connection.vendor == "postgresql":
        from archive.search.backends.postgres import EntryWriter

        # Python builds chunk k+1 while PostgreSQL writes chunk k (see EntryWriter).
        with EntryWriter(connection) as writer:
            for start in range(0, len(public), BUILD_CHUNK):
                chunk = public[start : start + BUILD_CHUNK]
                writer.write([entry_for(s, detected.get(s["pk"], "")) for s in chunk])
    else:
        SearchEntry.objects.bulk_create(
            [entry_for(s, detected.get(s["pk"], "")) for s in public],
            update_conflicts=True,
            unique_fields=["story"],
            update_fields=UPDATE_FIELDS,
        )
    return len(public)


def _forget_browse_totals() -> None:
    """Drop the cached totals of the unfiltered browse, now and when the transaction ends.

    Now, so this transaction's readers recount; on commit, so a reader that cached the old
    figures in between does not keep them.
    """
    from archive.search.backends.base import BROWSE_CACHE_KEY
    from archive.shared_cache import figures

    # With the cache down nothing is cached to forget, and nothing must fail after commit.
    figures.delete(BROWSE_CACHE_KEY)
    transaction.on_commit(lambda: figures.delete(BROWSE_CACHE_KEY))


def index_story(story_id: int, *, force: bool = False) -> bool:
    """Build or refresh the entry of one story; remove it if the story is not public.

    Returns True when an entry exists afterwards.
    """
    index_stories([story_id], force=force)
    return SearchEntry.objects.filter(story_id=story_id).exists()


def remove_story(story_id: int) -> None:
    """Delete the story's entry now, in the caller's transaction. Idempotent."""
    if SearchEntry.objects.filter(story_id=story_id).delete()[0]:
        _forget_browse_totals()


def stale_story_ids() -> list[int]:
    """Public stories with no entry or an out-of-date one, and entries of non-public stories."""
    public = Story.objects.public()
    missing_or_stale = public.filter(
        Q(search_entry__isnull=True) | ~Q(search_entry__version=F("version"))
    ).values_list("pk", flat=True)
    orphaned = SearchEntry.objects.exclude(story__in=public).values_list("story_id", flat=True)
    return sorted(set(missing_or_stale) | set(orphaned))


def all_story_ids_in_batches(batch_size: int) -> Iterator[list[int]]:
    """Every id that may need an entry or a removal: public stories and existing entries."""
    last = 0
    while True:
        batch = list(
            Story.objects.filter(pk__gt=last)
            .filter(Q(status="published") | Q(search_entry__isnull=False))
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]
