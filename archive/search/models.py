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
