from __future__ import annotations

from django.db import models

from archive.models import Story

# The columns a rebuilt entry overwrites (the batch upserts of index.py and the PostgreSQL
# EntryWriter): every column but the key and the database-derived vector.
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
# One entry in SAMPLE_EVERY is also in the facet sample (see `in_sample`).
SAMPLE_EVERY = 16


class SearchEntry(models.Model):
    """The search index entry of one public story, built from its redacted text only.

    `version` is the Story.version it was built from: an entry whose version differs from
    its story's is stale and the reconcile sweep rebuilds it.

    The full-text structures are vendor-specific and maintained by the database itself
    from these columns (migration 0003): on PostgreSQL a `vector` tsvector column filled
    by a trigger (weights: title A, text B, tags C, plus filter terms) with a GIN index; on
    SQLite an FTS5 table `search_fts` kept in step by triggers.
    """

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="search_entry")
    public_id = models.CharField(max_length=16, default="")
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=8, blank=True)
    # PostgreSQL text search configuration the entry was stemmed with (text.config_for).
    search_config = models.CharField(max_length=32, default="chorus_simple")
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    hashtags = models.JSONField(default=list, blank=True)
    # Hashtags, their split forms and movement phrases, space-separated: the tags field.
    tags_text = models.TextField(blank=True, default="")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    setting = models.CharField(max_length=20, blank=True)
    content_notes = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True)
    # A fixed 1-in-SAMPLE_EVERY subset (by story id): counts of very broad queries are
    # estimated from it (on PostgreSQL through the term '=s16' in the vector).
    in_sample = models.BooleanField(default=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            # Date order and the date-ordered browse without a query.
            models.Index(fields=["-published_at", "-id"], name="search_entry_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"Index entry of story {self.story_id} v{self.version}"


class SearchWord(models.Model):
    """A word of the public index's vocabulary, for "Did you mean" suggestions.

    Counted from index entries only (public, redacted text) by search/vocabulary.refresh,
    and only words found in at least VOCABULARY_MIN_ENTRIES entries: a word that only one
    or two accounts use (a name, a place) is never kept or suggested. Folded like the
    index (case, accents). `entries` is how many entries use the word (scaled when it was
    counted in the 1-in-16 sample of a large index).
    """

    language = models.CharField(max_length=8, blank=True)
    word = models.CharField(max_length=40)
    entries = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "language"], name="search_word_unique")
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.language or '?'}, {self.entries})"
