from __future__ import annotations

from django.db import models

from archive.models import Story


class SearchEntry(models.Model):
    """The search index entry of one public story, built from its redacted text only.

    `version` is the Story.version it was built from: an entry whose version differs from
    its story's is stale and the reconcile sweep rebuilds it.
    """

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="search_entry")
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=8, blank=True)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    hashtags = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    setting = models.CharField(max_length=20, blank=True)
    content_notes = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"Index entry of story {self.story_id} v{self.version}"
