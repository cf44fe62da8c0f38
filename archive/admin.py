from __future__ import annotations

from django.contrib import admin

from archive.models import ConsentRecord, ModerationEvent, Report, Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("public_id", "status", "language", "source", "submitted_at")
    list_filter = ("status", "language", "source")
    search_fields = ("public_id",)
    readonly_fields = ("public_id", "status", "version", "public_title", "public_body")
    exclude = ("title", "body", "redact_terms", "contact_address", "claim_code_hash")


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "story", "action", "from_status", "to_status", "actor_kind")
    list_filter = ("action",)
    list_select_related = ("story",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ConsentRecord)
admin.site.register(Report)
