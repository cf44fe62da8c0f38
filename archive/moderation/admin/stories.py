"""The moderation queue and the review page for stories.

Roles are enforced here, on the server, for every page and every POST: viewing needs
`view_story`, changing anything (redactions, details, notes, starting a review, asking
for changes) needs `review_story`, and publish / reject / withdraw / erase / reading the
original each need their own permission (accounts/roles.py). The services in
archive.moderation.services check the same permissions again before they write.
"""

from __future__ import annotations

from functools import lru_cache

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive.anonymise.render import Span, render, render_story
from archive.contribute.selectors import changes_requested_message
from archive.models import ModerationEvent, Redaction, Report, Story
from archive.moderation import selectors
from archive.moderation import services as moderation
from archive.moderation.admin import filters, paging
from archive.moderation.admin.forms import (
    AddRedactionForm,
    ModerationActionForm,
    NoteForm,
    RejectSelectedForm,
    StoryDetailsForm,
    WellbeingForm,
)
from archive.moderation.selectors import STATUS_COUNT_CAP
from archive.stories import policy
from archive.stories.states import Capability, TransitionNotAllowed, can
from archive.vocabulary import Decision, RedactionKind, Status

Action = ModerationEvent.Action
READ_SESSION_KEY = "moderation_read"
EXCERPT_CHARS = 160

# The moderation actions offered on the review page, in the order shown: (action, label,
# the note's label or None, whether the note is shown to the contributor).
REVIEW_ACTIONS = [
    (Action.START_REVIEW, gettext_lazy("Start the review"), None, False),
    (Action.PUBLISH, gettext_lazy("Publish"), None, False),
    (
        Action.REQUEST_CHANGES,
        gettext_lazy("Ask the contributor for changes"),
        gettext_lazy("Message to the contributor (they read it when they come back)"),
        True,
    ),
    (
        Action.REJECT,
        gettext_lazy("Do not publish"),
        gettext_lazy("Reason (the contributor can read it)"),
        True,
    ),
    (
        Action.WITHDRAW,
        gettext_lazy("Withdraw at the contributor's request"),
        gettext_lazy("How the contributor asked (date, channel)"),
        False,
    ),
    (Action.ERASE, gettext_lazy("Erase the original now"), None, False),
]


def _count(queryset) -> Subquery:
    """A correlated COUNT(*) subquery: one number per story without multiplying joins."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("story").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _capped(count: int) -> str | int:
    if count > STATUS_COUNT_CAP:
        return _("more than %(n)s") % {"n": number_format(STATUS_COUNT_CAP, force_grouping=True)}
    return count


def reading_count(request: HttpRequest) -> int:
    return len(request.session.get(READ_SESSION_KEY, []))


def _reading_context(request: HttpRequest) -> dict:
    count = reading_count(request)
    limit = getattr(request.user, "break_reminder_after", 15) or 15
    return {"reading_count": count, "suggest_break": count >= limit, "break_limit": limit}


@lru_cache(maxsize=8)
def _review_url_pattern(prefix: str) -> str:
    # One reverse() per script prefix, not one per row; the id is put in by string.
    return reverse("admin:archive_story_change", args=["__id__"])


def _review_url(pk: int) -> str:
    return _review_url_pattern(get_script_prefix()).replace("__id__", str(pk))


def _excerpt(story: Story) -> str:
    """The opening of the account with every span hidden that is not explicitly kept.

    Undecided spans are hidden too: the queue must never show a detail nobody has looked at.
    """
    spans = [
        Span(r.start, r.end, r.kind, r.replacement)
        for r in story.redactions.all()
        if r.field == Redaction.Field.BODY and r.decision != Decision.REJECTED
    ]
    text = " ".join(render(story.body, spans).split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


class QueueChangeList(ChangeList):
    """The queue's list, which also hands its paginator the list without the queue filter.

    Every other filter, the search and the hidden content notes still apply; the
    paginator itself keeps to the waiting and the reported accounts (paging.QueuePaginator).
    """

    def get_results(self, request):
        if getattr(request, "_chorus_queue", False) and StoryAdmin.pages_waiting_only(request):
            # (A SimpleListFilter's expected parameters are its one parameter name.)
            request._chorus_queue_unfiltered = self.get_queryset(
                request, exclude_parameters=[filters.QueueFilter.parameter_name]
            )
        super().get_results(request)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("account", "signals", "status", "language", "source", "waiting_since")
    list_display_links = None
    list_filter = (
        filters.QueueFilter,
        filters.LanguageFilter,
        "source",
        filters.ContentNoteFilter,
        filters.ReportedFilter,
        filters.RiskFilter,
    )
    search_fields = ("=public_id",)
    search_help_text = gettext_lazy(
        "Search by the account's public id. The text of accounts is never searched here."
    )
    # Short pages: each row is heavy reading, and the page renders in half the time.
    list_per_page = 25
    show_full_result_count = False
    actions = ["start_review_selected", "publish_selected", "reject_selected", "resolve_reports"]

    # --- Permissions: every one of them is a role check on the server. ------------------
    def has_add_permission(self, request, obj=None) -> bool:
        return False  # Accounts come from their contributors, never from staff.

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Erasure is a moderation action that leaves an audit trail.

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("archive.review_story")

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("archive.review_story")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("archive.publish_story")

    def has_reject_permission(self, request) -> bool:
        return request.user.has_perm("archive.reject_story")

    # --- Queue ----------------------------------------------------------------------------
    def get_queryset(self, request):
        # A draft is the contributor's private writing until they send it: never reviewed.
        queryset = super().get_queryset(request).exclude(status=Status.DRAFT)
        queryset = queryset.annotate(
            open_report_count=_count(selectors.open_reports().filter(story=OuterRef("pk"))),
            pending_count=_count(
                Redaction.objects.filter(story=OuterRef("pk"), decision=Decision.PENDING)
            ),
        )
        if getattr(request, "_chorus_queue", False):
            queryset = selectors.queue_first_marks(queryset)
            queryset = queryset.without_content_notes(
                getattr(request.user, "hidden_content_notes", [])
            )
            queryset = queryset.prefetch_related(
                Prefetch("redactions", queryset=Redaction.objects.order_by())
            )
        return queryset

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if queryset.model is not Story:  # the admin's history page pages LogEntry rows
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        if request.GET.get("o"):  # a moderator's own column sort: the plain way
            return paging.CappedCountPaginator(queryset, per_page)
        waiting_only = self.pages_waiting_only(request)
        return paging.QueuePaginator(
            # The default queue is "waiting OR reported"; the paginator reads the two parts
            # apart, from the list without that OR (QueueChangeList). With it, PostgreSQL
            # misjudged the waiting part at a twelfth of its size and counted it from a
            # bitmap of every waiting account instead of stopping in the index.
            getattr(request, "_chorus_queue_unfiltered", queryset) if waiting_only else queryset,
            per_page,
            reported=filters.reported_ids(request),
            waiting_only=waiting_only,
            rows=lambda ids: self.get_queryset(request).filter(pk__in=ids).order_by(),
        )

    @staticmethod
    def pages_waiting_only(request) -> bool:
        """The default queue in its default order: QueuePaginator reads the reported
        accounts, then the waiting ones in index order."""
        return not request.GET.get("o") and filters.QueueFilter.parameter_name not in request.GET

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_ordering(self, request):
        # Reported accounts first, then the longest-waiting. A constant id list keeps the
        # sort free of a per-row subquery.
        ordering = [F("submitted_at").asc(nulls_last=True), "created_at"]
        reported = filters.reported_ids(request)
        if reported:
            # (With no report the CASE would fold into a constant, which PostgreSQL reads
            # as a column position.)
            reported_first = Case(
                When(selectors.ids_in(reported), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            ordering.insert(0, reported_first.desc())
        return ordering

    def changelist_view(self, request, extra_context=None):
        request._chorus_queue = True
        counts = selectors.status_counts(cap=STATUS_COUNT_CAP)
        changelist_url = reverse("admin:archive_story_changelist")
        extra_context = {
            **(extra_context or {}),
            "title": _("Moderation queue"),
            "status_counts": [
                (label, _capped(counts[value]), f"{changelist_url}?queue={value}")
                for value, label in Status.choices
                if value != Status.DRAFT
            ],
            "open_report_total": len(filters.reported_ids(request)),
            "hidden_notes": getattr(request.user, "hidden_content_notes", []),
            **_reading_context(request),
        }
        return super().changelist_view(request, extra_context)

    # Django's label, translated by Django's own catalogue (a constant, not a new string).
    ACTION_LABEL = "Select this object for an action - {}"

    def action_checkbox(self, story: Story) -> str:
        """The same checkbox as Django's, written directly: Django renders a form widget
        through its template engine for each row, a fifth of the queue page's CPU.

        It sits in a label so that on a phone the 44 px square around it ticks it too.
        """
        return format_html(
            '<label class="action-target"><input type="checkbox" name="{}" value="{}"'
            ' class="action-select" aria-label="{}"></label>',
            admin.helpers.ACTION_CHECKBOX_NAME,
            story.pk,
            format_html(translation.gettext(self.ACTION_LABEL), str(story)),
        )

    @admin.display(description=gettext_lazy("account"))
    def account(self, story: Story) -> str:
        url = _review_url(story.pk)
        badges = format_html_join(
            " ",
            '<span class="cn-badge">{}</span>',
            ((label,) for label in story.content_note_labels()),
        )
        first = (
            format_html(
                '<span class="first-marker">{}</span>', _("first account from this contributor")
            )
            if getattr(story, "is_first_from_contributor", False)
            else ""
        )
        if story.erased_at is not None:
            excerpt = format_html('<p class="excerpt-none">{}</p>', _("(erased)"))
        else:
            excerpt = format_html(
                '<details class="excerpt"><summary>{}</summary><p class="excerpt-text">{}</p></details>',
                _("Show the opening"),
                _excerpt(story),
            )
        return format_html(
            '<a class="queue-link" href="{}">{}</a> {}<div class="cn-badges">{}</div>{}',
            url,
            story.public_id,
            first,
            badges or format_html('<span class="cn-none">{}</span>', _("no content notes")),
            excerpt,
        )

    @admin.display(description=gettext_lazy("waiting"), ordering="submitted_at")
    def waiting_since(self, story: Story) -> str:
        since = story.submitted_at or story.created_at
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            since.isoformat(),
            date_format(timezone.localtime(since), "DATETIME_FORMAT"),
            timesince(since, depth=1),
        )

    @admin.display(description=gettext_lazy("signals"))
    def signals(self, story: Story) -> str:
        parts = []
        if story.open_report_count:
            parts.append(
                format_html(
                    '<span class="signal signal--report">{}</span>',
                    ngettext(
                        "%(n)d visitor report", "%(n)d visitor reports", story.open_report_count
                    )
                    % {"n": story.open_report_count},
                )
            )
        if story.risk_flags:
            parts.append(
                format_html(
                    '<span class="signal signal--risk">{}</span>', _("re-identification risk")
                )
            )
        if story.pending_count:
            parts.append(
                format_html(
                    '<span class="signal">{}</span>',
                    ngettext(
                        "%(n)d undecided detail", "%(n)d undecided details", story.pending_count
                    )
                    % {"n": story.pending_count},
                )
            )
        return format_html_join(" ", "{}", ((p,) for p in parts))

    # --- Bulk actions ------------------------------------------------------------------------
    def _bulk(
        self, request, queryset, action: str, note: str = "", done_label: str | None = None
    ) -> None:
        done, refused = [], []
        for story in queryset.order_by("pk"):
            try:
                moderation.story_moderate(story=story, action=action, actor=request.user, note=note)
                done.append(story.public_id)
            except (TransitionNotAllowed, moderation.ModerationError) as error:
                refused.append(f"{story.public_id}: {error}")
        if done:
            # Name the accounts: a bare count cannot be checked against what was meant.
            label = done_label or {a: lbl for a, lbl, *_rest in REVIEW_ACTIONS}.get(action, "")
            self.message_user(
                request,
                _("%(action)s: %(ids)s.") % {"action": label, "ids": ", ".join(done)},
                messages.SUCCESS,
            )
        for line in refused[:20]:
            self.message_user(request, line, messages.WARNING)

    @admin.action(
        description=gettext_lazy("Start the review of the selected accounts"),
        permissions=["review"],
    )
    def start_review_selected(self, request, queryset):
        self._bulk(request, queryset.filter(status=Status.SUBMITTED), Action.START_REVIEW)

    @admin.action(
        description=gettext_lazy("Publish the selected accounts…"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        """Publish only after a confirmation page, and only accounts this moderator opened.

        Publishing is the one step that cannot be taken back quietly: the confirmation
        lists every account, and one nobody has read in this session is left out.
        """
        read = set(request.session.get(READ_SESSION_KEY, []))
        stories = list(queryset.order_by("pk"))
        unread = [s for s in stories if s.pk not in read]
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/archive/story/publish_selected.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Publish these accounts?"),
                    "opts": self.opts,
                    "to_publish": [s for s in stories if s.pk in read],
                    "unread": unread,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for story in unread:
            self.message_user(
                request,
                _("Not published: %(id)s. Open it and read it first.") % {"id": story.public_id},
                messages.WARNING,
            )
        self._bulk(request, queryset.filter(pk__in=read), Action.PUBLISH, done_label=_("Published"))

    @admin.action(
        description=gettext_lazy("Do not publish the selected accounts…"), permissions=["reject"]
    )
    def reject_selected(self, request, queryset):
        form = RejectSelectedForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._bulk(request, queryset, Action.REJECT, note=form.cleaned_data["reason"])
            return None
        return TemplateResponse(
            request,
            "admin/archive/story/reject_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Do not publish these accounts"),
                "opts": self.opts,
                "stories": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=gettext_lazy("Mark visitor reports as dealt with"), permissions=["review"]
    )
    def resolve_reports(self, request, queryset):
        total = sum(moderation.reports_resolve(story=s, actor=request.user) for s in queryset)
        self.message_user(
            request,
            ngettext("%(n)d report dealt with.", "%(n)d reports dealt with.", total) % {"n": total},
        )

    # --- Review page -------------------------------------------------------------------------
    def get_urls(self):
        custom = [
            path(
                "wellbeing/",
                self.admin_site.admin_view(self.wellbeing_view),
                name="archive_story_wellbeing",
            ),
            path(
                "<path:object_id>/original/",
                self.admin_site.admin_view(self.original_view),
                name="archive_story_original",
            ),
            path(
                "<path:object_id>/moderate/<str:action>/",
                self.admin_site.admin_view(self.moderate_view),
                name="archive_story_moderate",
            ),
        ]
        return custom + super().get_urls()

    def _story_or_404(self, request, object_id) -> Story:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Story.objects.exclude(status=Status.DRAFT), pk=object_id)

    def _back(self, story: Story) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:archive_story_change", args=[story.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = self._story_or_404(request, object_id)
        if request.method == "POST":
            return self._review_post(request, story)
        read = request.session.get(READ_SESSION_KEY, [])
        if story.pk not in read:
            request.session[READ_SESSION_KEY] = [*read, story.pk]
        return self._review_page(request, story)

    def _review_post(self, request, story: Story) -> HttpResponse:
        if not self.has_change_permission(request, story):
            raise PermissionDenied
        op = request.POST.get("op", "")
        token = request.POST.get("token", "")
        try:
            if op == "details":
                form = StoryDetailsForm(request.POST)
                if not form.is_valid():
                    return self._review_page(request, story, details_form=form, status=400)
                changed = moderation.story_details_update(
                    story=story,
                    actor=request.user,
                    token=form.cleaned_data["token"],
                    **{k: v for k, v in form.cleaned_data.items() if k != "token"},
                )
                self.message_user(
                    request,
                    _("Saved: %(fields)s.") % {"fields": ", ".join(changed)}
                    if changed
                    else _("Nothing had changed."),
                )
            elif op == "redactions":
                decisions = {}
                for item in story.redactions.all():
                    decision = request.POST.get(f"decision-{item.pk}")
                    if decision is not None:
                        decisions[item.pk] = (
                            decision,
                            request.POST.get(f"replacement-{item.pk}", ""),
                        )
                changed = moderation.redactions_decide(
                    story=story, actor=request.user, token=token, decisions=decisions
                )
                self.message_user(
                    request,
                    ngettext("%(n)d decision saved.", "%(n)d decisions saved.", changed)
                    % {"n": changed},
                )
            elif op == "add_redaction":
                form = AddRedactionForm(request.POST)
                if not form.is_valid():
                    return self._review_page(request, story, redaction_form=form, status=400)
                added = moderation.redaction_add(
                    story=story,
                    actor=request.user,
                    token=form.cleaned_data["token"],
                    words=form.cleaned_data["words"],
                    kind=form.cleaned_data["kind"],
                )
                self.message_user(
                    request,
                    ngettext("%(n)d place hidden.", "%(n)d places hidden.", added) % {"n": added},
                )
            elif op == "approve":
                moderation.redactions_approve(story=story, actor=request.user, token=token)
                self.message_user(request, _("You approved the redactions as they stand."))
            elif op == "note":
                form = NoteForm(request.POST)
                if not form.is_valid():
                    return self._review_page(request, story, note_form=form, status=400)
                moderation.note_add(story=story, actor=request.user, text=form.cleaned_data["text"])
                self.message_user(request, _("Note added."))
            elif op == "resolve_reports":
                count = moderation.reports_resolve(story=story, actor=request.user)
                self.message_user(
                    request,
                    ngettext("%(n)d report dealt with.", "%(n)d reports dealt with.", count)
                    % {"n": count},
                )
            else:
                return HttpResponse(status=400)
        except moderation.StaleEdit as error:
            self.message_user(request, str(error), messages.ERROR)
        except moderation.ModerationError as error:
            self.message_user(request, str(error), messages.ERROR)
        return self._back(story)

    def original_view(self, request, object_id):
        """POST only: reading the original is a deliberate act, and each one is recorded."""
        story = self._story_or_404(request, object_id)
        if request.method != "POST":
            return self._back(story)
        if "op" in request.POST:
            # A review form posted here (an old page): save it like the review page does,
            # instead of dropping it and recording another reading of the original.
            return self._review_post(request, story)
        if not request.user.has_perm("archive.view_original"):
            raise PermissionDenied
        try:
            moderation.original_view_record(story=story, actor=request.user)
        except moderation.ModerationError as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(story)
        return self._review_page(request, story, reveal=True)

    def moderate_view(self, request, object_id, action):
        story = self._story_or_404(request, object_id)
        if request.method != "POST":
            return self._back(story)
        if action not in {a for a, *_rest in REVIEW_ACTIONS}:
            return HttpResponse(status=404)
        if not request.user.has_perm(moderation.ACTION_PERMISSIONS[action]):
            raise PermissionDenied
        form = ModerationActionForm(request.POST)
        if not form.is_valid():
            return self._back(story)
        if action == Action.ERASE and not form.cleaned_data["confirm"]:
            self.message_user(
                request,
                _("Tick the box to confirm the erasure: it cannot be undone."),
                messages.ERROR,
            )
            return self._back(story)
        try:
            moderation.story_moderate(
                story=story,
                action=action,
                actor=request.user,
                note=form.cleaned_data["note"],
                token=form.cleaned_data["token"],
            )
        except (
            moderation.StaleEdit,
            moderation.ModerationError,
            TransitionNotAllowed,
        ) as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(story)
        story.refresh_from_db()
        label = {a: lbl for a, lbl, *_rest in REVIEW_ACTIONS}[action]
        self.message_user(
            request,
            _("%(action)s: done. This account is now “%(status)s”.")
            % {"action": label, "status": story.get_status_display()},
            messages.SUCCESS,
        )
        if (
            action == Action.PUBLISH
            and story.embargo_until
            and not Story.objects.public().filter(pk=story.pk).exists()
        ):
            self.message_user(
                request,
                _("It will appear publicly on %(date)s, when the embargo ends.")
                % {"date": story.embargo_until.isoformat()},
            )
        return self._back(story)

    def _review_page(
        self,
        request,
        story: Story,
        *,
        reveal: bool = False,
        details_form=None,
        redaction_form=None,
        note_form=None,
        status: int = 200,
    ) -> TemplateResponse:
        token = selectors.edit_token(story)
        redactions = list(story.redactions.select_related("decided_by"))
        user = request.user
        can_change = self.has_change_permission(request, story)
        actions = []
        for action, label, note_label, public_note in REVIEW_ACTIONS:
            allowed_by_role = user.has_perm(moderation.ACTION_PERMISSIONS[action])
            possible = can(story, Capability.ERASE if action == Action.ERASE else action)
            if not (allowed_by_role and possible):
                continue
            actions.append(
                {
                    "action": action,
                    "label": label,
                    "note_label": note_label,
                    "public_note": public_note,
                    "note_required": action in moderation.NOTE_REQUIRED,
                    "url": reverse("admin:archive_story_moderate", args=[story.pk, action]),
                    "blockers": policy.publish_blockers(story, user)
                    if action == Action.PUBLISH
                    else [],
                }
            )
        events = list(story.events.select_related("actor").order_by("-created_at", "-id")[:200])
        context = {
            **self.admin_site.each_context(request),
            **_reading_context(request),
            "title": _("Review %(id)s") % {"id": story.public_id},
            "subtitle": None,
            "opts": self.opts,
            "original": story,
            "story": story,
            "token": token,
            "reveal": reveal,
            "can_change": can_change,
            "can_view_original": user.has_perm("archive.view_original") and story.erased_at is None,
            # Every form on the page posts here, also when it is shown at .../original/.
            "review_url": reverse("admin:archive_story_change", args=[story.pk]),
            # "What the public would read" is the published rendering itself, never a copy.
            "public_text": render_story(story, redactions),
            "original_title_segments": selectors.review_segments(
                story.title,
                [r for r in redactions if r.field == Redaction.Field.TITLE],
                reveal=True,
            )
            if reveal
            else [],
            "original_body_segments": selectors.review_segments(
                story.body, [r for r in redactions if r.field == Redaction.Field.BODY], reveal=True
            )
            if reveal
            else [],
            "redactions": _numbered(redactions),
            "decision_choices": Decision.choices,
            "pending_count": sum(1 for r in redactions if r.decision == Decision.PENDING),
            "approval": policy.redactions_approval(story),
            "two_person_rule": policy.two_person_rule_on(),
            "details_form": details_form or StoryDetailsForm.for_story(story, token),
            "redaction_form": redaction_form or AddRedactionForm(initial={"token": token}),
            "note_form": note_form or NoteForm(),
            "actions": actions,
            "consents": list(story.consents.order_by("-given_at")),
            "events": events,
            "reports": list(Report.objects.filter(story=story).order_by("-created_at")),
            "open_report_count": selectors.open_reports().filter(story=story).count(),
            "changes_message": changes_requested_message(story),
            "is_public": Story.objects.public().filter(pk=story.pk).exists(),
            "risk_warnings": _risk_warnings(story),
        }
        return TemplateResponse(request, "admin/archive/story/review.html", context, status=status)

    def wellbeing_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        user = request.user
        form = WellbeingForm(
            request.POST or None,
            initial={
                "hidden_content_notes": user.hidden_content_notes,
                "break_reminder_after": user.break_reminder_after,
            },
        )
        if request.method == "POST" and form.is_valid():
            moderation.moderator_preferences_update(moderator=user, **form.cleaned_data)
            self.message_user(request, _("Your settings are saved."))
            return HttpResponseRedirect(reverse("admin:archive_story_changelist"))
        return TemplateResponse(
            request,
            "admin/archive/story/wellbeing.html",
            {
                **self.admin_site.each_context(request),
                **_reading_context(request),
                "title": _("Your wellbeing settings"),
                "opts": self.opts,
                "form": form,
            },
        )


def _risk_warnings(story: Story) -> list[tuple[str, list[str]]]:
    """Each re-identification flag as (translated reason, labels of the detail kinds).

    Flags describe combinations of details (archive/anonymise/risk.py), never the details.
    """
    kinds = dict(RedactionKind.choices)
    warnings = []
    for flag in story.risk_flags or []:
        if not isinstance(flag, dict) or not flag.get("reason"):
            continue
        labels = [str(kinds.get(kind, kind)) for kind in flag.get("kinds", [])]
        warnings.append((_(flag["reason"]), labels))
    return warnings


def _numbered(redactions: list[Redaction]) -> list[tuple[int, Redaction]]:
    """Number spans the way review_segments does: per field, in text order."""
    numbered = []
    for field in (Redaction.Field.TITLE, Redaction.Field.BODY):
        spans = sorted((r for r in redactions if r.field == field), key=lambda r: r.start)
        numbered.extend((n, r) for n, r in enumerate(spans, start=1))
    return numbered
