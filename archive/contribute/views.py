"""The contributor's web journey: before writing, write, anonymise, consent, confirmation,
and coming back later with a claim code or an account.

Works without JavaScript. The draft is a Story in status `draft`, created when the
account is first saved and tied to this browser's session until it is sent; nothing is
public until a moderator publishes it. Every page is `never_cache`: they hold a person's
own words.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from archive.contribute import claims
from archive.contribute.forms import (
    CONSENT_LABELS,
    AnonymiseForm,
    ClaimForm,
    ConsentForm,
    EditForm,
    WriteForm,
    terms_found,
    terms_text,
)
from archive.contribute.selectors import (
    changes_requested_message,
    consent_receipt,
    moderator_messages,
    preview_if_continued,
)
from archive.models import ConsentRecord, ModerationEvent, Story
from archive.stories import consents, services
from archive.stories.states import Capability, TransitionNotAllowed, can
from archive.vocabulary import Decision, Status

Action = ModerationEvent.Action

# What each status means for the contributor, said plainly.
STATUS_EXPLANATIONS = {
    Status.DRAFT: gettext_lazy("Not sent yet. Nobody else can see it."),
    Status.SUBMITTED: gettext_lazy(
        "Waiting for a moderator. A moderator reads every account, usually within a week. "
        "Nobody else can see it yet."
    ),
    Status.IN_REVIEW: gettext_lazy("A moderator is reading it now. Nobody else can see it yet."),
    Status.CHANGES_REQUESTED: gettext_lazy(
        "A moderator has asked you to change something before it can be published. "
        "Their message is below."
    ),
    Status.PUBLISHED: gettext_lazy("Readers see the version with the details you chose hidden."),
    Status.REJECTED: gettext_lazy(
        "A moderator decided not to publish it. It is still kept for the archive only, "
        "unless you withdraw it."
    ),
    Status.WITHDRAWN: gettext_lazy(
        "It is not visible anywhere on Chorus. The original text will be "
        "erased after the retention period, or now if you choose to erase it."
    ),
    Status.AWAITING_CONSENT: gettext_lazy("Nothing happens with it until you give your consent."),
}


def _actor(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _throttled(request: HttpRequest) -> HttpResponse:
    return render(request, "contribute/throttled.html", status=429)


def _highlighted(text: str, redactions, field: str) -> list[tuple[str, object]]:
    """The original text as (piece, redaction-or-None) parts, for <mark>ing detected details."""
    spans = sorted(
        (r for r in redactions if r.field == field and r.end <= len(text)),
        key=lambda r: (r.start, -r.end),
    )
    parts: list[tuple[str, object]] = []
    cursor = 0
    for r in spans:
        if r.start < cursor:  # overlapping detections: the first one is highlighted
            continue
        parts.append((text[cursor : r.start], None))
        parts.append((text[r.start : r.end], r))
        cursor = r.end
    parts.append((text[cursor:], None))
    return [p for p in parts if p[0]]


def _anonymise_context(story: Story, form: AnonymiseForm) -> dict:
    redactions = list(story.redactions.all())
    preview_title, preview_body = preview_if_continued(story, redactions)
    terms = [t.text for t in story.hidden_terms]
    return {
        "story": story,
        "form": form,
        "title_parts": _highlighted(story.title, redactions, "title"),
        "body_parts": _highlighted(story.body, redactions, "body"),
        "preview_title": preview_title,
        "preview_body": preview_body,
        "missing_terms": terms_found(story, terms),
    }


# --- Before writing and writing ------------------------------------------------------


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "contribute/start.html", {"draft": claims.current_draft(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    draft = claims.current_draft(request)
    if request.method == "POST":
        form = WriteForm(request.POST)
        if form.is_valid():
            if draft is None and not claims.throttle_hit(
                request, "submissions", claims.submission_rate()
            ):
                return _throttled(request)
            try:
                story = services.story_draft_save(
                    story=draft, contributor=_actor(request), **form.story_values()
                )
            except TransitionNotAllowed:
                # Sent from another tab meanwhile: it is no longer a draft to change.
                claims.forget_draft(request)
                messages.info(request, _("This account has already been sent."))
                return redirect("archive:contribute_start")
            claims.remember_draft(request, story)
            if "keep" in request.POST:
                return _draft_kept(request, story)
            return redirect("archive:contribute_anonymise")
    else:
        initial = {}
        if draft is not None:
            initial = {
                "title": draft.title,
                "body": draft.body,
                "year": draft.year,
                "country": draft.country,
                "setting": draft.setting,
                "content_notes": draft.content_notes,
                "language": draft.language,
            }
        form = WriteForm(initial=initial)
    return render(request, "contribute/write.html", {"form": form, "draft": draft})


def _draft_kept(request: HttpRequest, story: Story) -> HttpResponse:
    """Give the draft a claim code; it is shown, once, after the redirect (encrypted in
    the session until then, as after sending), so Reload or Back never saves again."""
    try:
        story, claim_code = services.story_draft_keep(story=story)
    except TransitionNotAllowed:
        claims.forget_draft(request)
        messages.info(request, _("This account has already been sent."))
        return redirect("archive:contribute_start")
    claims.remember_kept_draft(request, story, claim_code)
    return redirect("archive:contribute_draft_saved")


@never_cache
@require_GET
def draft_saved(request: HttpRequest) -> HttpResponse:
    """After "Save and finish later": the draft's claim code, the first time only.
    Reloaded, or reached again with Back and Forward, the page says the draft is saved and
    its code was shown."""
    draft = claims.current_draft(request)
    if draft is None or claims.kept_draft_id(request) != draft.public_id:
        # Sent or deleted since, or never kept from this browser.
        return _no_draft(request)
    shown = claims.take_kept_draft_code(request)
    return render(
        request,
        "contribute/draft_saved.html",
        {
            "story": draft,
            "claim_code": shown["code"] if shown else None,
            "erase_on": services.draft_erase_after(draft),
            "kept_days": services.DRAFT_KEPT_FOR.days,
        },
    )


@never_cache
@require_POST
def discard(request: HttpRequest) -> HttpResponse:
    draft = claims.current_draft(request)
    if draft is not None:
        services.story_erase(story=draft, actor=_actor(request), actor_kind="contributor")
    claims.forget_draft(request)
    messages.info(request, _("Your draft has been deleted. Nothing of it was kept."))
    return redirect("archive:contribute_start")


# --- Anonymise ---------------------------------------------------------------------


def _anonymise(request: HttpRequest, story: Story, *, done_url: str, back_url: str):
    redactions = list(story.redactions.all())
    if request.method == "POST":
        form = AnonymiseForm(request.POST, story=story, redactions=redactions)
        if form.is_valid():
            try:
                story = services.story_anonymise(
                    story=story,
                    display_name=form.cleaned_data["display_name"],
                    pseudonym=form.cleaned_data["pseudonym"],
                    redact_terms=form.terms(),
                    decisions=form.decisions(),
                    actor=_actor(request),
                )
            except TransitionNotAllowed:
                # A moderator started reviewing meanwhile; nothing was changed.
                messages.info(request, _("This account cannot be changed now."))
                return redirect(back_url)
            if "keep" in request.POST and story.status == Status.DRAFT:
                return _draft_kept(request, story)
            if "continue" in request.POST:
                return redirect(done_url)
            messages.success(request, _("The preview below shows your latest choices."))
            return redirect(request.path + "#preview")
    else:
        form = AnonymiseForm(
            story=story,
            redactions=redactions,
            initial={
                "display_name": story.display_name,
                "pseudonym": story.pseudonym,
                "redact_terms": terms_text(story),
            },
        )
    context = _anonymise_context(story, form)
    context["back_url"] = back_url
    return render(request, "contribute/anonymise.html", context)


def _no_draft(request: HttpRequest) -> HttpResponse:
    """Where a step of the journey leads when this browser has no draft: after sending
    (Back from the last page), to the page that says the account was received; else to
    the start of writing."""
    sent = claims.sent_story_id(request)
    if sent and claims.owned_story(request, sent) is not None:
        return redirect("archive:contribute_sent")
    return redirect("archive:contribute_write")


@never_cache
@require_http_methods(["GET", "POST"])
def anonymise(request: HttpRequest) -> HttpResponse:
    draft = claims.current_draft(request)
    if draft is None:
        return _no_draft(request)
    return _anonymise(
        request,
        draft,
        done_url=reverse("archive:contribute_consent"),
        back_url=reverse("archive:contribute_write"),
    )


# --- Consent, check and send ------------------------------------------------------------
#
# Post/Redirect/Get throughout: the consent form and the "Send" button answer with a
# redirect, so every page the browser keeps in its history was fetched with GET and
# Back, Forward or Reload never sends anything again.

# The consent form's fields, as posted, kept between consent and sending.
_ANSWER_FIELDS = (*ConsentRecord.SCOPES, "contact_address", "embargo_until")


def _consent_fields(form: ConsentForm) -> list:
    return [(form[scope], CONSENT_LABELS[scope]) for scope in ConsentRecord.SCOPES]


def _posted_answers(request: HttpRequest) -> dict[str, str]:
    return {name: request.POST[name] for name in _ANSWER_FIELDS if request.POST.get(name)}


def _initial_from(answers: dict[str, str]) -> dict:
    initial: dict = {scope: bool(answers.get(scope)) for scope in ConsentRecord.SCOPES}
    initial["contact_address"] = answers.get("contact_address", "")
    initial["embargo_until"] = answers.get("embargo_until", "")
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    draft = claims.current_draft(request)
    if draft is None:
        if request.method == "POST" and claims.code_waiting(request):
            # Sent, but the page with the claim code was never reached (the redirect was
            # lost, the form sent again): show the code there, still only once.
            return redirect("archive:contribute_sent")
        just_sent = claims.latest_claim(request) if request.method == "POST" else None
        if just_sent:
            # The "Send" form sent again: the account was sent already, so show it rather
            # than an empty form, and never make a second one.
            messages.info(
                request,
                _(
                    "Your account has already been sent. Its claim code was shown once; if "
                    "you did not keep it, you can still open your account from this browser "
                    "for the next hour."
                ),
            )
            return redirect("archive:contribute_status", public_id=just_sent)
        return _no_draft(request)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if "change" in request.POST:
            # From "Check your answers": the form again, with the answers in it.
            claims.remember_answers(request, draft, _posted_answers(request))
            return redirect("archive:contribute_consent")
        if form.is_valid() and "confirm" in request.POST:
            return _send(request, draft, form)
        if form.is_valid():
            claims.remember_answers(request, draft, _posted_answers(request))
            return redirect("archive:contribute_check")
    else:
        answers = claims.answers_for(request, draft)
        form = ConsentForm(initial=_initial_from(answers)) if answers else ConsentForm()
    return render(
        request,
        "contribute/consent.html",
        {
            "form": form,
            "story": draft,
            "scope_fields": _consent_fields(form),
            "is_change": False,
            "consent_version": consents.current_consent_version(),
        },
    )


@never_cache
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers: what is about to be sent. The answers come from the session
    (encrypted there) and travel on in the page's own hidden fields to "Send": what is
    sent is what the page showed."""
    draft = claims.current_draft(request)
    if draft is None:
        return _no_draft(request)
    answers = claims.answers_for(request, draft)
    form = ConsentForm(answers) if answers is not None else None
    if form is None or not form.is_valid():
        return redirect("archive:contribute_consent")
    return render(request, "contribute/check.html", _check_context(draft, form))


def _send(request: HttpRequest, draft: Story, form: ConsentForm) -> HttpResponse:
    """Submit the checked answers; the claim code is shown, once, after the redirect."""
    if not claims.throttle_hit(request, "submissions", claims.submission_rate()):
        return _throttled(request)
    had_draft_code = bool(draft.claim_code_hash)
    try:
        story, claim_code = services.story_submit(
            story=draft,
            consent=form.scopes(),
            contact_address=form.cleaned_data["contact_address"],
            embargo_until=form.cleaned_data["embargo_until"],
            actor=_actor(request),
        )
    except TransitionNotAllowed:
        claims.forget_draft(request)
        return redirect("archive:contribute_start")
    claims.forget_draft(request)
    claims.remember_claim(request, story)
    # The code is stored nowhere but as a hash on the story, and, until the next page
    # has shown it, encrypted in this browser's session.
    claims.remember_sent(request, story, claim_code, had_draft_code=had_draft_code)
    return redirect("archive:contribute_sent")


@never_cache
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    """After sending: the claim code, the first time only. Reloaded, or reached again with
    Back and Forward, the page says the account was received and the code was shown."""
    shown = claims.take_sent_code(request)
    public_id = claims.sent_story_id(request)
    story = claims.owned_story(request, public_id) if public_id else None
    if story is None:
        # Nothing sent from this browser lately, or access closed here since.
        return redirect("archive:contribute_start")
    if shown is None:
        return render(request, "contribute/sent_again.html", {"story": story})
    return render(
        request,
        "contribute/confirmation.html",
        {
            "story": story,
            "claim_code": shown["code"],
            "consent": story.current_consent(),
            "had_draft_code": shown.get("had_draft_code", False),
        },
    )


def _check_context(story: Story, form: ConsentForm) -> dict:
    """Everything the contributor is about to send, as they will be asked to check it."""
    redactions = list(story.redactions.all())
    preview_title, preview_body = preview_if_continued(story, redactions)
    return {
        "story": story,
        "form": form,
        "preview_title": preview_title,
        "preview_body": preview_body,
        "hidden_count": sum(1 for r in redactions if r.decision != Decision.REJECTED),
        "terms": [t.text for t in story.hidden_terms],
        "choices": [
            (CONSENT_LABELS[scope], form.cleaned_data[scope]) for scope in ConsentRecord.SCOPES
        ],
        # The answers, carried by the page to the "Send" and "Change" buttons.
        "carried": [
            *((scope, "on") for scope, given in form.scopes().items() if given),
            ("contact_address", form.cleaned_data["contact_address"]),
            (
                "embargo_until",
                (form.cleaned_data["embargo_until"] or "")
                and form.cleaned_data["embargo_until"].isoformat(),
            ),
        ],
    }


# --- Returning: claim code, status, edit, consent, withdraw, erase ---------------------


@never_cache
@require_http_methods(["GET", "POST"])
def return_with_code(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            story = claims.story_for_claim_code(request, form.cleaned_data["code"])
        except claims.ClaimThrottled:
            return _throttled(request)
        if story is not None and story.status == Status.DRAFT:
            # A draft kept to finish later: carry on where the contributor stopped.
            request.session.cycle_key()
            claims.remember_draft(request, story)
            messages.info(request, _("Welcome back. Your draft is as you left it."))
            return redirect("archive:contribute_write")
        if story is not None:
            claims.remember_claim(request, story)
            return redirect("archive:contribute_status", public_id=story.public_id)
        form.add_error(
            "code",
            _(
                "We could not open an account with this code. Please check it and try again; "
                "the letters O and I are never used, so 0 and 1 are always numbers."
            ),
        )
    return render(request, "contribute/return.html", {"form": form})


def _owned(request: HttpRequest, public_id: str) -> Story:
    story = claims.owned_story(request, public_id)
    if story is None:
        # The same answer whether the story does not exist or is someone else's.
        raise Http404
    return story


@never_cache
def status(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    current = story.current_consent()
    return render(
        request,
        "contribute/status.html",
        {
            "story": story,
            "explanation": STATUS_EXPLANATIONS.get(story.status, ""),
            "moderator_messages": moderator_messages(story),
            "consent": current,
            "scopes": [(CONSENT_LABELS[s], getattr(current, s)) for s in ConsentRecord.SCOPES]
            if current
            else [],
            "can_edit": can(story, Action.EDIT),
            # (A draft is anonymised in the journey itself, not from here.)
            "can_anonymise": story.status != Status.DRAFT and can(story, Capability.ANONYMISE),
            "can_withdraw": can(story, Action.WITHDRAW),
            "can_change_consent": can(story, Capability.CHANGE_CONSENT),
            "is_public": Story.objects.public().filter(pk=story.pk).exists(),
        },
    )


@never_cache
def receipt(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    record = story.current_consent()
    if record is None:
        raise Http404
    response = JsonResponse(consent_receipt(story, record), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="chorus-consent-{story.public_id}.json"'
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    if not can(story, Action.EDIT):
        messages.info(request, _("This account cannot be changed any more."))
        return redirect("archive:contribute_status", public_id=public_id)
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            values = form.story_values()
            if not values["language"]:
                values.pop("language")
            services.story_edit(story=story, changes=values, actor=_actor(request))
            messages.success(
                request,
                _(
                    "Your changes are saved and your account is back with a moderator. "
                    "Please check which details are hidden."
                ),
            )
            return redirect("archive:contribute_mine_anonymise", public_id=public_id)
    else:
        form = EditForm(
            initial={
                "title": story.title,
                "body": story.body,
                "year": story.year,
                "country": story.country,
                "setting": story.setting,
                "content_notes": story.content_notes,
                "language": story.language,
            }
        )
    return render(
        request,
        "contribute/edit.html",
        {
            "form": form,
            "story": story,
            "moderator_message": changes_requested_message(story),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def mine_anonymise(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    if story.status == Status.DRAFT or not can(story, Capability.ANONYMISE):
        return redirect("archive:contribute_status", public_id=public_id)
    status_url = reverse("archive:contribute_status", kwargs={"public_id": public_id})
    return _anonymise(request, story, done_url=status_url, back_url=status_url)


@never_cache
@require_http_methods(["GET", "POST"])
def change_consent(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    if not can(story, Capability.CHANGE_CONSENT):
        return redirect("archive:contribute_status", public_id=public_id)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            consents.consent_change(
                story=story,
                scopes=form.scopes(),
                contact_address=form.cleaned_data["contact_address"],
                embargo_until=form.cleaned_data["embargo_until"],
                actor=_actor(request),
            )
            messages.success(request, _("Your consent has been updated. It applies now."))
            return redirect("archive:contribute_status", public_id=public_id)
    else:
        current = story.current_consent()
        initial = current.scopes() if current else {}
        initial["embargo_until"] = story.embargo_until
        # The address the contributor gave stays filled in: "Contact me" is ticked above
        # it, and an empty box would make them type it again to save anything.
        initial["contact_address"] = story.contact_address
        form = ConsentForm(initial=initial)
    return render(
        request,
        "contribute/consent.html",
        {
            "form": form,
            "story": story,
            "scope_fields": _consent_fields(form),
            "is_change": True,
            "consent_version": consents.current_consent_version(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    if request.method == "POST":
        services.story_withdraw(story=story, actor=_actor(request))
        messages.success(
            request, _("Your account is withdrawn. It is no longer visible anywhere on Chorus.")
        )
        return redirect("archive:contribute_status", public_id=public_id)
    return render(request, "contribute/withdraw.html", {"story": story})


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _owned(request, public_id)
    if request.method == "POST":
        services.story_erase(story=story, actor=_actor(request), actor_kind="contributor")
        claims.forget_claim(request, public_id)
        return render(request, "contribute/erased.html")
    return render(request, "contribute/erase.html", {"story": story})


@never_cache
@require_POST
def forget(request: HttpRequest, public_id: str) -> HttpResponse:
    """Close the account on this browser: the claim code is needed again next time."""
    claims.forget_claim(request, public_id)
    messages.info(request, _("This browser no longer has access. Keep your claim code safe."))
    return redirect("archive:contribute_return")
