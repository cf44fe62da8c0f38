"""Queue filters. Each works the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.moderation import selectors
from archive.vocabulary import ContentNote, Status


def reported_ids(request) -> list[int]:
    """The stories with open reports, looked up once per request."""
    if not hasattr(request, "_chorus_reported"):
        request._chorus_reported = selectors.reported_story_ids()
    return request._chorus_reported


class QueueFilter(admin.SimpleListFilter):
    """Status, defaulting to what needs attention: waiting for review, or reported."""

    title = _("queue")
    parameter_name = "queue"
    ALL = "all"

    def lookups(self, request, model_admin):
        # Drafts are private to their writer (StoryAdmin never lists them).
        return [
            (self.ALL, _("Every account")),
            *(c for c in Status.choices if c[0] != Status.DRAFT),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.filter(selectors.needs_attention(reported_ids(request)))
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Needs attention"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class LanguageFilter(admin.SimpleListFilter):
    """Language, offering the languages of the accounts that need attention.

    A DISTINCT over every story reads the whole table, and over the waiting accounts still
    every waiting row; a skip scan finds each language with one index probe. Any language
    code still works in the URL.
    """

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        if not hasattr(request, "_chorus_languages"):  # the list's filters are built twice
            request._chorus_languages = selectors.waiting_languages()
        codes = set(request._chorus_languages)
        if self.value():
            codes.add(self.value())
        return [(code, code) for code in sorted(codes)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


class ContentNoteFilter(admin.SimpleListFilter):
    title = _("content note")
    parameter_name = "note"

    def lookups(self, request, model_admin):
        return ContentNote.choices

    def queryset(self, request, queryset):
        if self.value() in ContentNote.values:
            # A plain condition on the row: the former NOT IN (every story without the
            # note) was a second scan of the whole queue, seconds at 200,000 accounts.
            return queryset.with_content_note(self.value())
        return queryset


class ReportedFilter(admin.SimpleListFilter):
    title = _("visitor reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reported, not yet dealt with")), ("no", _("No open report"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.ids_in(reported_ids(request)))
        if self.value() == "no":
            return queryset.exclude(selectors.ids_in(reported_ids(request)))
        return queryset


class RiskFilter(admin.SimpleListFilter):
    title = _("re-identification risk")
    parameter_name = "risk"

    def lookups(self, request, model_admin):
        return [("yes", _("Has warnings")), ("no", _("No warnings"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.has_risk_flags())
        if self.value() == "no":
            return queryset.exclude(selectors.has_risk_flags())
        return queryset
