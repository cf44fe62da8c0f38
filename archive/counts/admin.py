"""Counted datasets in the admin: read-only rows, since only an import writes them."""

from __future__ import annotations

from django.contrib import admin

from archive.counts.models import CountedDataset


@admin.register(CountedDataset)
class CountedDatasetAdmin(admin.ModelAdmin):
    list_display = ("name", "licence", "first_day", "last_day", "posts_counted", "imported_at")
    readonly_fields = (
        "first_day",
        "last_day",
        "posts_read",
        "posts_counted",
        "imported_at",
        "imported_by",
    )
    fields = ("name", "source", "licence", "fictional", *readonly_fields)

    def has_add_permission(self, request) -> bool:
        # A dataset exists only with its counts: `manage.py import_counts` writes both.
        return False
