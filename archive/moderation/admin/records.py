"""Read-only records: the audit log, consent history and visitor reports.

Nobody, superusers included, can add, change or delete an audit event or a consent record
here; the audit chain can be verified from the audit log page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive.models import ConsentRecord, ModerationEvent, Report
from archive.moderation import services as moderation
from archive.moderation.admin.paging import CappedCountPaginator
from archive.stories import audit
from archive.stories.audit import verify_chain
from archive.vocabulary import Status


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActorFilter(admin.SimpleListFilter):
    """Who acted: each staff member by name, contributors only by how they came in.

    Replaces a filter over the actor accounts, which listed contributors' e-mail addresses.
    """

    # Django titles a filter "By <title>": "by" read "By by".
    title = gettext_lazy("person acting")
    parameter_name = "by"

    def lookups(self, request, model_admin):
        staff = get_user_model().objects.filter(is_staff=True).order_by("display_name", "email")
        return [
            *((f"staff-{user.pk}", audit.staff_name(user)) for user in staff),
            ("contributor-account", audit.CONTRIBUTOR_SIGNED_IN),
            ("contributor-code", audit.CONTRIBUTOR_CLAIM_CODE),
            ("system", audit.SYSTEM),
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.startswith("staff-") and value[6:].isdigit():
            return queryset.filter(actor_kind="staff", actor_id=int(value[6:]))
        contributor = queryset.filter(actor_kind="contributor")
        if value == "contributor-account":
            return contributor.filter(actor__isnull=False)
        if value == "contributor-code":
            return contributor.filter(actor__isnull=True)
        if value == "system":
            return queryset.exclude(actor_kind__in=("contributor", "staff"))
        return queryset


def _story_link(story) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:archive_story_change", args=[story.pk]),
        story.public_id,
    )


ACTION_LABELS = dict(ModerationEvent.Action.choices)
STATUS_LABELS = dict(Status.choices)
STORY_TEXT_FIELDS = [
    f"story__{name}"
    for name in ("title", "body", "redact_terms", "contact_address", "pseudonym", "public_body")
]


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "account",
        "action_label",
        "change",
        "actor_name",
        "short_note",
        "short_hash",
    )
    # Every filter's choices are known without reading the trail: a DISTINCT over the
    # events (or a date hierarchy's MIN/MAX and month list) is a full scan on every view.
    list_filter = ("action", ActorFilter, "created_at")
    list_select_related = ("story", "actor")
    paginator = CappedCountPaginator
    search_fields = ("=story__public_id",)
    search_help_text = gettext_lazy("Search by the account's public id.")
    # Rendering an admin row costs about a millisecond of Python: 50 rows keep a page fast.
    list_per_page = 50
    show_full_result_count = False
    fields = (
        "created_at",
        "story",
        "action",
        "from_status",
        "to_status",
        "actor_name",
        "note",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # The list shows the story's public id only: its encrypted text is neither read
        # nor decrypted, 50 rows a page.
        return super().get_queryset(request).defer(*STORY_TEXT_FIELDS)

    @admin.display(description=gettext_lazy("account"), ordering="story__public_id")
    def account(self, event: ModerationEvent) -> str:
        return _story_link(event.story)

    @admin.display(description=gettext_lazy("action"), ordering="action")
    def action_label(self, event: ModerationEvent) -> str:
        return str(ACTION_LABELS.get(event.action, event.action))

    @admin.display(description=gettext_lazy("status change"))
    def change(self, event: ModerationEvent) -> str:
        # Labels from a dict built once: get_FOO_display() rebuilds (and hashes) the whole
        # list of lazy labels on every call: milliseconds a row.
        if not event.to_status:
            return ""
        before = STATUS_LABELS.get(event.from_status, "—")
        return f"{before} → {STATUS_LABELS.get(event.to_status, event.to_status)}"

    @admin.display(description=gettext_lazy("by"))
    def actor_name(self, event: ModerationEvent) -> str:
        return audit.actor_shown(event.actor, event.actor_kind)

    @admin.display(description=gettext_lazy("note"))
    def short_note(self, event: ModerationEvent) -> str:
        return event.note if len(event.note) <= 80 else event.note[:80] + " …"

    @admin.display(description=gettext_lazy("hash"))
    def short_hash(self, event: ModerationEvent) -> str:
        return format_html('<code title="{}">{}</code>', event.hash, event.hash[:10])

    def get_urls(self):
        return [
            path(
                "verify/",
                self.admin_site.admin_view(self.verify_view),
                name="archive_moderationevent_verify",
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request):
        """POST: check the whole hash chain now and say what was found."""
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        broken = [event.pk for event in verify_chain()]
        if broken:
            self.message_user(
                request,
                ngettext(
                    "The audit trail is broken at %(n)d event (first: %(first)s).",
                    "The audit trail is broken at %(n)d events (first: %(first)s).",
                    len(broken),
                )
                % {"n": len(broken), "first": broken[0]},
                messages.ERROR,
            )
        else:
            self.message_user(request, _("The audit trail is intact."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:archive_moderationevent_changelist"))


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "given_at",
        "account",
        "consent_version",
        "publish",
        "research",
        "quote",
        "statistics",
        "contact",
        "withdrawn_at",
    )
    list_filter = ("publish", "research", "method", "consent_version")
    list_select_related = ("story",)
    search_fields = ("=story__public_id",)
    show_full_result_count = False

    @admin.display(description=gettext_lazy("account"))
    def account(self, record: ConsentRecord) -> str:
        return _story_link(record.story)


class OpenFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Not yet dealt with")), ("no", _("Dealt with"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "account", "reason", "details", "resolved_at", "resolver")
    list_filter = (OpenFilter, "reason")
    list_select_related = ("story", "resolved_by")
    search_fields = ("=story__public_id",)
    fields = ("created_at", "story", "reason", "details", "resolved_at", "resolver")
    readonly_fields = fields
    actions = ["resolve_selected"]

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("archive.review_story")

    @admin.display(description=gettext_lazy("account"))
    def account(self, report: Report) -> str:
        return _story_link(report.story)

    @admin.display(description=gettext_lazy("dealt with by"))
    def resolver(self, report: Report) -> str:
        return audit.actor_shown(report.resolved_by) if report.resolved_at else ""

    @admin.action(description=gettext_lazy("Mark as dealt with"), permissions=["review"])
    def resolve_selected(self, request, queryset):
        stories = {report.story for report in queryset.select_related("story")}
        total = sum(moderation.reports_resolve(story=s, actor=request.user) for s in stories)
        self.message_user(
            request,
            ngettext("%(n)d report dealt with.", "%(n)d reports dealt with.", total) % {"n": total},
        )
