"""Visitors' "report this account" form on every published account.

A report stores the reason and optional details, nothing about the visitor (no address,
no user agent, no account). Reports raise the account in the moderation queue. To keep one
person from flooding the queue, a browser session can report an account once, and an
account takes at most REPORTS_PER_STORY_PER_HOUR reports an hour in total.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from archive.models import Story
from archive.moderation import services as moderation
from archive.shared_cache import counters
from archive.usertext import UserTextField
from archive.vocabulary import ReportReason

REPORTS_PER_STORY_PER_HOUR = 20
_SESSION_KEY = "reported_stories"


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this account?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = UserTextField(
        label=_("Anything else we should know (optional)"),
        help_text=_(
            "Please do not write anyone's name here: tell us which part of the account "
            "worries you, and a moderator will look at it."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _public_story(public_id: str) -> Story:
    return get_object_or_404(Story.objects.public(), public_id=public_id)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _public_story(public_id)
    already = public_id in request.session.get(_SESSION_KEY, [])
    form = ReportForm(request.POST or None)
    if request.method == "POST" and not already and form.is_valid():
        key = f"reports:{story.pk}"
        counters.add(key, 0, timeout=3600)
        if counters.incr(key) <= REPORTS_PER_STORY_PER_HOUR:
            moderation.report_create(
                story=story,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        # Over the cap the report is dropped quietly: moderators already have this
        # account at the top of their queue, and the visitor learns nothing useful
        # from an error.
        request.session[_SESSION_KEY] = [*request.session.get(_SESSION_KEY, []), public_id][-200:]
        return redirect("archive:report_sent", public_id=public_id)
    return render(
        request,
        "archive/report.html",
        {"story": story, "form": form, "already_reported": already},
        status=400 if request.method == "POST" and not already else 200,
    )


def report_sent(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _public_story(public_id)
    return render(request, "archive/report_sent.html", {"story": story})
