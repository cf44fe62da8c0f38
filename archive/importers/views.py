"""A contributor brings back their own posts: upload an export, choose, consent.

    upload ─▶ choose posts, how to sign, what to hide, consent ─▶ done

Nothing becomes an account before the contributor chooses. The upload is stored
encrypted and read by a worker (archive.read_contributor_upload), never in the request,
while a progress page reloads itself; the upload is then deleted, and the matched posts wait, encrypted, in the contributor's ImportBatch until
they confirm or cancel (or for a day). Every chosen post then goes through the same
service as a written submission, with the consent given here.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from archive.anonymise.detect import detect
from archive.anonymise.render import render as render_spans
from archive.contribute.forms import CONSENT_LABELS, AnonymiseForm, ConsentForm
from archive.importers import FORMATS
from archive.importers.service import (
    contributor_import_confirm,
    contributor_import_discard,
    contributor_limits,
    contributor_preview,
    contributor_upload_store,
)
from archive.models import ConsentRecord, HiddenTerm, ImportBatch
from archive.stories.redactions import spans_of_terms
from archive.vocabulary import ContentNote

# Formats a person's own export comes in; research layouts are for staff imports.
CONTRIBUTOR_FORMATS = ("twitter-archive", "mastodon", "facebook", "twitter-v1", "twitter-v2")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your export file"),
        help_text=_(
            "The zip file you downloaded from Twitter/X or Mastodon, or one file from it: "
            "data/tweets.js, outbox.json, or Facebook's your_posts_1.json."
        ),
    )
    format = forms.ChoiceField(
        label=_("Where is it from? (optional)"),
        required=False,
        choices=[("", _("Recognise it for me"))]
        + [(key, FORMATS[key][0]) for key in CONTRIBUTOR_FORMATS],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = contributor_limits().max_file_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is larger than %(mb)s MB. Upload only data/tweets.js, or outbox.json.")
                % {"mb": limit // (1024 * 1024)}
            )
        return upload


class ChooseForm(ConsentForm):
    """Which posts become accounts, and the same choices as a written submission."""

    posts = forms.MultipleChoiceField(
        label=_("Posts to bring into Chorus"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one post, or cancel the import.")},
    )
    display_name = AnonymiseForm.base_fields["display_name"]
    pseudonym = AnonymiseForm.base_fields["pseudonym"]
    redact_terms = AnonymiseForm.base_fields["redact_terms"]
    content_notes = forms.MultipleChoiceField(
        label=_("Content notes"),
        required=False,
        choices=ContentNote.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see these before your accounts, so they can choose whether to read."),
    )

    def __init__(self, *args, source_ids: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = [(sid, sid) for sid in source_ids]

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("display_name") not in (None, "anonymous")
            and not cleaned.get("pseudonym", "").strip()
        ):
            self.add_error("pseudonym", _("Please write the name to show, or choose Anonymous."))
        return cleaned


def _owned_batch(request: HttpRequest, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(
        pk=pk, kind=ImportBatch.Kind.CONTRIBUTOR, created_by=request.user
    ).first()
    if batch is None:
        # Someone else's import, or none: the same answer, so ids reveal nothing.
        raise Http404
    return batch


def _preview_parts(text: str, language: str, terms: list[HiddenTerm]) -> list:
    """The post as readers would see it: (text, hidden?) pieces, for marking up.

    The post's mentions and the contributor's terms (with their roles) are hidden as the
    account will store them, and every detected detail too, as moderation would.
    """
    spans = list(spans_of_terms(text, terms).values()) + detect(text, language)
    shown = render_spans(text, spans)
    return [
        (part, part.startswith("[") and part.endswith("]")) for part in _split_placeholders(shown)
    ]


def _split_placeholders(text: str) -> list[str]:
    return [p for p in re.split(r"(\[[^\[\]\n]{1,40}\])", text) if p]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Only stored here (encrypted); a worker reads it, never this request.
        batch = contributor_upload_store(
            user=request.user, upload=form.cleaned_data["file"], fmt=form.cleaned_data["format"]
        )
        return redirect("archive:import_progress", pk=batch.pk)
    return render(request, "imports/upload.html", {"form": form, "error": ""})


# Seconds between reloads of the progress page (a meta refresh: no JavaScript needed).
PROGRESS_REFRESH_SECONDS = 2


@never_cache
@login_required
@require_safe
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Reading the upload: counts so far, reloading itself until the posts are ready."""
    batch = _owned_batch(request, pk)
    if batch.state == ImportBatch.State.PENDING:
        return redirect("archive:import_choose", pk=batch.pk)
    if batch.state == ImportBatch.State.DONE:
        return redirect("archive:import_done", pk=batch.pk)
    if batch.state == ImportBatch.State.FAILED:
        # The same page as the upload, with what went wrong and the form to try again.
        return render(request, "imports/upload.html", {"form": UploadForm(), "error": batch.error})
    return render(
        request,
        "imports/progress.html",
        {"batch": batch, "refresh_seconds": PROGRESS_REFRESH_SECONDS},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _owned_batch(request, pk)
    if batch.state == ImportBatch.State.RUNNING:
        return redirect("archive:import_progress", pk=batch.pk)
    if batch.state != ImportBatch.State.PENDING:
        return redirect("archive:import_done", pk=batch.pk)
    posts = contributor_preview(batch)
    form = ChooseForm(request.POST or None, source_ids=[p["source_id"] for p in posts])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contributor_import_confirm(
            batch=batch,
            user=request.user,
            chosen=data["posts"],
            consent=form.scopes(),
            display_name=data["display_name"],
            pseudonym=data.get("pseudonym", ""),
            redact_terms=HiddenTerm.parse_all(data.get("redact_terms", "")),
            content_notes=data.get("content_notes", []),
            contact_address=data.get("contact_address", ""),
            embargo_until=data.get("embargo_until"),
        )
        return redirect("archive:import_done", pk=batch.pk)
    terms = (form.data.get("redact_terms") or "").splitlines() if form.is_bound else []
    checked = set(form.data.getlist("posts")) if form.is_bound else set()
    rows = [
        {
            "post": post,
            "field_id": f"id_posts_{n}",
            "checked": post["source_id"] in checked,
            "parts": _preview_parts(
                post["text"],
                post["language"],
                HiddenTerm.parse_all([*post["mentions"], *terms]),
            ),
        }
        for n, post in enumerate(posts)
    ]
    report = batch.options.get("report", {})
    return render(
        request,
        "imports/choose.html",
        {
            "batch": batch,
            "form": form,
            "rows": rows,
            "report": report,
            "scope_fields": [(form[s], CONSENT_LABELS[s]) for s in ConsentRecord.SCOPES],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _owned_batch(request, pk)
    if batch.state == ImportBatch.State.PENDING:
        contributor_import_discard(batch=batch)
    return redirect("archive:import_done", pk=batch.pk)


@never_cache
@login_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _owned_batch(request, pk)
    if batch.state == ImportBatch.State.PENDING:
        return redirect("archive:import_choose", pk=batch.pk)
    if batch.state == ImportBatch.State.RUNNING:
        return redirect("archive:import_progress", pk=batch.pk)
    return render(request, "imports/done.html", {"batch": batch})
