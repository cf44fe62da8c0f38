"""A research dataset counted, never stored: its description and its aggregate rows.

A VoiceCount row is the number of matching posts on one day, in one language, using one
hashtag or phrase, from one country when the data says. No text, no post id, no author
is kept anywhere: the rows are all that survives the import.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CountedDataset(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("Who collected it, and where it is published.")
    )
    licence = models.CharField(_("licence"), max_length=200)
    first_day = models.DateField(_("first day"), null=True, blank=True)
    last_day = models.DateField(_("last day"), null=True, blank=True)
    posts_read = models.PositiveBigIntegerField(_("posts read"), default=0)
    posts_counted = models.PositiveBigIntegerField(_("posts counted"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fictional demo data is listed as such on every public surface.
    fictional = models.BooleanField(_("fictional (demo data)"), default=False)

    class Meta:
        ordering = ("name",)
        verbose_name = _("counted dataset")
        verbose_name_plural = _("counted datasets")

    def __str__(self) -> str:
        return self.name


class VoiceCount(models.Model):
    # No database-level foreign key: PostgreSQL and SQLite check one per inserted row (at
    # commit, Django's constraints being deferred), which was 40 % of storing 218,695 rows
    # on PostgreSQL (bench/import/count_only.py), and it guards nothing here. Rows are
    # written only by `service.dataset_store`, in the transaction that creates their
    # dataset, so no other session can delete it meanwhile; deleting a dataset still
    # deletes its rows (Django's CASCADE, one DELETE by dataset_id, indexed).
    dataset = models.ForeignKey(
        CountedDataset, on_delete=models.CASCADE, related_name="counts", db_constraint=False
    )
    day = models.DateField(null=True, blank=True)  # null: the post had no usable date
    language = models.CharField(max_length=16, blank=True)
    term = models.CharField(max_length=100)  # "#metoo" or "moi aussi", folded
    # NULL, not "": "the data carried no country" must never read as a country code.
    country = models.CharField(max_length=2, null=True, blank=True)  # noqa: DJ001
    count = models.PositiveBigIntegerField()

    class Meta:
        # The public figures group by one dimension at a time over every dataset: day
        # (the timeline) is the most read.
        indexes = [models.Index(fields=["day"], name="voicecount_day")]
        verbose_name = _("voice count")

    def __str__(self) -> str:
        return f"{self.day} {self.language} {self.term} {self.country}: {self.count}"
