"""Support services in the admin: staff keep them current (docs/support.md)."""

from __future__ import annotations

from django.contrib import admin

from archive.support.models import SupportService


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "kind", "phone", "last_checked", "listed")
    list_filter = ("country", "kind", "listed")
    search_fields = ("name", "country")
    ordering = ("last_checked",)  # the stalest first: they are the ones to check
