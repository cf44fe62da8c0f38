"""Story services: every write to a story's own fields, from its creation to its erasure.

Views, the API, the admin, importers and tasks call these (and archive/stories/consents.py
and redactions.py); none of them changes a story any other way. Status guards come from
archive/stories/states.py, status changes from archive/stories/lifecycle.py, and every
change that could alter what the public sees goes through the public-view hook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive import queue
from archive.identifiers import (
    ERASED_PLATFORM,
    erased_source_key,
    hash_claim_code,
    new_claim_code,
)
from archive.models import HiddenTerm, ModerationEvent, Story
from archive.stories import audit, lifecycle, redactions
from archive.stories.consents import consent_change, consent_record, contact_kept
from archive.stories.states import Capability, require
from archive.vocabulary import ConsentMethod, DisplayName, Source, Status, plausible_year

Action = ModerationEvent.Action

# What a contributor writes and may change later (hidden terms through `hidden_terms`).
EDITABLE_FIELDS = (
    "title",
    "body",
    "language",
    "year",
    "country",
    "setting",
    "content_notes",
    "display_name",
    "pseudonym",
    "redact_terms",
)
_TEXT_FIELDS = ("title", "body", "language", "year", "country", "setting", "content_notes")


def language_guess(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or "" when unsure. Offline (lingua).

    The search index's detector, so a story is indexed under the language shown here.
    """
    from archive.search.text import detect_language

    return detect_language(text)


def _text_changed(story: Story, values: dict) -> None:
    """Count a new text version when what detection reads changes (title, text, language)."""
    if any(
        values.get(f, getattr(story, f)) != getattr(story, f) for f in ("title", "body", "language")
    ):
        story.text_version += 1


def story_fields(
    *,
    body: str,
    title: str = "",
    language: str = "",
    year: int | None = None,
    country: str = "",
    setting: str = "",
    content_notes: Iterable[str] | None = None,
    display_name: str = DisplayName.ANONYMOUS,
    pseudonym: str = "",
    redact_terms: Iterable[str | HiddenTerm] = (),
) -> dict:
    """The normalised values of a story's own fields: the one row builder.

    `story_create` and the bulk importer both build their rows here, so a story is the
    same whichever way it arrives.
    """
    return {
        "title": title.strip(),
        "body": body,
        "language": language,
        "year": plausible_year(year),
        "country": country.upper(),
        "setting": setting,
        "content_notes": sorted(set(content_notes or ())),
        "display_name": display_name,
        "pseudonym": pseudonym.strip() if display_name != DisplayName.ANONYMOUS else "",
        "redact_terms": "\n".join(str(t) for t in HiddenTerm.parse_all(redact_terms)),
    }


@transaction.atomic
def story_create(
    *,
    body: str,
    title: str = "",
    language: str = "",
    year: int | None = None,
    country: str = "",
    setting: str = "",
    content_notes: list[str] | None = None,
    display_name: str = DisplayName.ANONYMOUS,
    pseudonym: str = "",
    redact_terms: Iterable[str | HiddenTerm] = (),
    contact_address: str = "",
    consent: dict[str, bool] | None = None,
    consent_method: str = ConsentMethod.WEB,
    embargo_until: date | None = None,
    source: str = Source.WEB,
    contributor=None,
    actor=None,
    submit: bool = True,
    recognise_language: bool = True,
    **provenance,
) -> tuple[Story, str]:
    """Store a new account and return it with its claim code (shown once, stored hashed).

    The story, its consent and the contributor's hidden terms are committed before any
    other work; detection is enqueued on commit. The language is recognised when not
    given (imports leave it to the indexer: `recognise_language=False`). With
    `submit=False` it stays a draft. Without consent (a dataset import) it waits for
    consent, and has no claim code: there is nobody to give one to. `actor` is who the
    audit trail names (the contributor, or the staff member importing). The story comes
    back with `first_consent`, the ConsentRecord written with it (None without consent),
    so the caller's receipt needs no second read.
    """
    claim_code = new_claim_code() if consent is not None else ""
    if recognise_language and not language:
        language = language_guess(f"{title}\n{body}")
    fields = story_fields(
        body=body,
        title=title,
        language=language,
        year=year,
        country=country,
        setting=setting,
        content_notes=content_notes,
        display_name=display_name,
        pseudonym=pseudonym,
        redact_terms=redact_terms,
    )
    story = Story.objects.create(
        **fields,
        contact_address=contact_kept(consent or {}, contact_address),
        embargo_until=embargo_until,
        source=source,
        contributor=contributor,
        claim_code_hash=hash_claim_code(claim_code) if claim_code else None,
        status=Status.AWAITING_CONSENT if consent is None else Status.DRAFT,
        **provenance,
    )
    if story.redact_terms:  # a new story has no spans: without terms, nothing to hide yet
        redactions.terms_apply(story=story)
    queue.enqueue_on_commit(queue.DETECT_PII, story.pk)
    # The caller's receipt reads this record here, not again from the database.
    story.first_consent = (
        consent_record(
            story=story, scopes=consent, method=consent_method, actor=contributor, first=True
        )
        if consent is not None
        else None
    )
    # The audit trail last: its first event locks the chain until commit, so every other
    # submission waits only for this one's events, not for the rest of its work.
    audit.event_record(
        story=story,
        action=Action.CREATE,
        actor=actor or contributor,
        actor_kind="system" if source == Source.IMPORT else "contributor",
        to_status=story.status,
        note="import" if source == Source.IMPORT else "",
    )
    if consent is not None and submit:
        # Inserted by this transaction: no other can reach the row, it needs no lock.
        lifecycle.transition(
            story, Action.SUBMIT, actor=contributor, actor_kind="contributor", locked=True
        )
    return story, claim_code


@transaction.atomic
def story_draft_save(
    *,
    story: Story | None = None,
    body: str,
    title: str = "",
    language: str = "",
    year: int | None = None,
    country: str = "",
    setting: str = "",
    content_notes: list[str] | None = None,
    contributor=None,
) -> Story:
    """Create a web draft, or update one that is still a draft, and detect its details.

    A draft has no consent and no claim code yet: both come with `story_submit`. The
    identifying details found in it are stored as Redaction rows at once, so the
    anonymise step can show them. Raises TransitionNotAllowed if `story` is not a draft.
    """
    values = story_fields(
        body=body,
        title=title,
        language=language or language_guess(f"{title}\n{body}"),
        year=year,
        country=country,
        setting=setting,
        content_notes=content_notes,
    )
    values = {name: values[name] for name in _TEXT_FIELDS}
    if story is None:
        story = Story.objects.create(
            status=Status.DRAFT, source=Source.WEB, contributor=contributor, **values
        )
        audit.event_record(
            story=story,
            action=Action.CREATE,
            actor=contributor,
            actor_kind="contributor",
            to_status=Status.DRAFT,
        )
    else:
        story = lifecycle.lock(story)
        require(story, Capability.SAVE_DRAFT)
        _text_changed(story, values)
        for field, value in values.items():
            setattr(story, field, value)
        story.save(update_fields=[*_TEXT_FIELDS, "text_version", "updated_at"])
    redactions.redactions_detect(story=story)
    return story


# How long a draft the contributor chose to keep (it has a claim code) waits to be
# finished before it is erased; a draft nobody kept is erased after a day. Both are told
# to the contributor when they save.
DRAFT_KEPT_FOR = timedelta(days=30)
DRAFT_UNKEPT_FOR = timedelta(hours=24)


def draft_erase_after(story: Story) -> date:
    """The day a draft will be erased if nobody saves it again before then."""
    period = DRAFT_KEPT_FOR if story.claim_code_hash else DRAFT_UNKEPT_FOR
    return timezone.localdate(story.updated_at + period)


@transaction.atomic
def story_draft_keep(*, story: Story) -> tuple[Story, str]:
    """Keep a draft to finish later: give it a claim code, shown once, stored as a hash.

    The story stays a draft (states.Capability.SAVE_DRAFT): private, never in the
    moderation queue, and erased DRAFT_KEPT_FOR after its last save. A new code replaces
    any earlier one. `story_submit` later gives the sent account its own code.
    """
    story = lifecycle.lock(story)
    require(story, Capability.SAVE_DRAFT)
    claim_code = new_claim_code()
    story.claim_code_hash = hash_claim_code(claim_code)
    story.save(update_fields=["claim_code_hash", "updated_at"])
    return story, claim_code


@transaction.atomic
def story_anonymise(
    *,
    story: Story,
    display_name: str,
    pseudonym: str = "",
    redact_terms: Iterable[str | HiddenTerm] | None = None,
    decisions: Mapping[int, tuple[str, str]] | None = None,
    actor=None,
) -> Story:
    """Record how the contributor wants to appear and which details to hide.

    `redact_terms` are the words to hide everywhere, each optionally with the role
    readers see instead ("Paul Martin = my manager"). `decisions` maps Redaction ids of
    this story to (decision, replacement). Allowed while the contributor still holds the
    account (states.Capability.ANONYMISE): a story a reader can see goes back to review
    through `story_edit` first, so nothing changes on a public page without a moderator.
    """
    story = lifecycle.lock(story)
    require(story, Capability.ANONYMISE)
    story.display_name = display_name
    story.pseudonym = pseudonym.strip() if display_name != DisplayName.ANONYMOUS else ""
    if redact_terms is not None:
        story.hidden_terms = redact_terms
    story.save(update_fields=["display_name", "pseudonym", "redact_terms", "updated_at"])
    redactions.redactions_decide(story=story, decisions=decisions or {}, actor=actor)
    # New terms become accepted spans with their roles, removed ones disappear.
    redactions.redactions_detect(story=story)
    story.refresh_from_db()
    return story


@transaction.atomic
def story_submit(
    *,
    story: Story,
    consent: dict[str, bool],
    contact_address: str = "",
    embargo_until: date | None = None,
    method: str = ConsentMethod.WEB,
    actor=None,
) -> tuple[Story, str]:
    """Submit a draft for review with its consent; returns the story and its claim code.

    The claim code exists from this moment only, is returned once and stored as a hash.
    A contact address is kept only with consent to contact. Raises TransitionNotAllowed
    when the story is no longer a draft (e.g. the form was sent twice).
    """
    story = lifecycle.lock(story)
    require(story, Capability.SAVE_DRAFT)
    claim_code = new_claim_code()
    story.claim_code_hash = hash_claim_code(claim_code)
    story.contact_address = contact_kept(consent, contact_address)
    story.embargo_until = embargo_until
    story.save(update_fields=["claim_code_hash", "contact_address", "embargo_until", "updated_at"])
    consent_record(story=story, scopes=consent, method=method, actor=actor)
    # Read under lifecycle.lock above and written only through `story` since.
    lifecycle.transition(story, Action.SUBMIT, actor=actor, actor_kind="contributor", locked=True)
    return story, claim_code


@transaction.atomic
def story_edit(*, story: Story, changes: dict, actor=None) -> Story:
    """Change a story's text or details; it goes back to review.

    `changes` holds any of EDITABLE_FIELDS (redact_terms as lines or HiddenTerms). A
    published story leaves every public surface in this transaction (the lifecycle's
    EDIT transition calls the public-view hook). Identifying details are detected again
    at once; the language is recognised again when the text changes without one.
    Raises TransitionNotAllowed for a draft, a withdrawn, rejected or erased story.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be edited.")
    lifecycle.transition(story, Action.EDIT, actor=actor, actor_kind="contributor")
    locked = lifecycle.lock(story)
    current = {name: getattr(locked, name) for name in EDITABLE_FIELDS if name != "redact_terms"}
    wanted = story_fields(
        **{**current, **changes, "redact_terms": changes.get("redact_terms", locked.hidden_terms)}
    )
    if "body" in changes and not changes.get("language"):
        guessed = language_guess(f"{wanted['title']}\n{wanted['body']}")
        wanted["language"] = guessed or locked.language
    _text_changed(locked, wanted)
    for name, value in wanted.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*EDITABLE_FIELDS, "text_version", "updated_at"])
    redactions.redactions_detect(story=locked)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def story_update(
    *,
    story: Story,
    changes: dict,
    decisions: Mapping[int, tuple[str, str]] | None = None,
    consent: dict[str, bool] | None = None,
    contact_address: str = "",
    embargo_until: date | None = None,
    method: str = ConsentMethod.API,
    actor=None,
) -> Story:
    """A contributor's change of text, hidden details and consent, all or nothing.

    The API's PATCH: text fields go through `story_edit` (back to review), decisions on
    detected details through `story_anonymise`, consent through `consent_change`. If any
    part is refused, nothing of the others is kept.
    """
    if changes:
        story = story_edit(story=story, changes=changes, actor=actor)
    if decisions is not None:
        story = story_anonymise(
            story=story,
            display_name=story.display_name,
            pseudonym=story.pseudonym,
            decisions=decisions,
            actor=actor,
        )
    if consent is not None:
        consent_change(
            story=story,
            scopes=consent,
            contact_address=contact_address,
            embargo_until=embargo_until,
            method=method,
            actor=actor,
        )
    story.refresh_from_db()
    return story


@transaction.atomic
def story_withdraw(*, story: Story, actor=None, actor_kind: str = "contributor") -> Story:
    """Withdraw the account: gone from every public surface when this returns. Idempotent.

    The original is kept for the retention window (so a mistake can be talked through),
    then erased by the periodic task; `story_erase` erases it at once.
    """
    locked = lifecycle.lock(story)
    if locked.status != Status.WITHDRAWN:
        lifecycle.transition(locked, Action.WITHDRAW, actor=actor, actor_kind=actor_kind)
    locked.refresh_from_db()
    return locked


# What erasure leaves of a story's own fields: a content-free tombstone.
_TOMBSTONE = {
    "title": "",
    "body": "",
    "redact_terms": "",
    "contact_address": "",
    "public_title": "",
    "public_body": "",
    "pseudonym": "",
    "display_name": DisplayName.ANONYMOUS,
    "claim_code_hash": None,
    "contributor": None,
    "language": "",
    "year": None,
    "country": "",
    "setting": "",
    "content_notes": [],
    "tags": [],
    "risk_flags": [],
    "embargo_until": None,
    "import_batch": None,
    "near_duplicate_of": None,
    "source_created_at": None,
    "text_fingerprint": "",
}


@transaction.atomic
def story_erase(
    *, story: Story, actor=None, actor_kind: str | None = None, forget_sessions: bool = True
) -> Story:
    """Delete everything that could identify the contributor or their account, now.

    Withdraws the story first if it is not withdrawn yet. What stays is a content-free
    tombstone (public id, status, source kind, timestamps, consent records), the audit
    trail with its notes emptied (the chain covers their digests), visitor reports
    without their details, and, for an imported post, only a keyed hash of where it came
    from so a later import skips it. Idempotent.
    """
    story = lifecycle.lock(story)
    if story.erased_at is not None:
        return story
    require(story, Capability.ERASE)
    if story.status != Status.WITHDRAWN:
        lifecycle.transition(story, Action.WITHDRAW, actor=actor, actor_kind=actor_kind)
    for field, value in _TOMBSTONE.items():
        setattr(story, field, value)
    if story.source_id:
        story.source_id = erased_source_key(story.source_platform, story.source_id)
        story.source_platform = ERASED_PLATFORM
    story.erased_at = timezone.now()
    story.save()
    story.redactions.all().delete()
    story.reports.update(details="")
    story.events.exclude(note="").update(note="")
    Story.objects.filter(near_duplicate_of=story).update(near_duplicate_of=None)
    audit.event_record(story=story, action=Action.ERASE, actor=actor, actor_kind=actor_kind)
    if forget_sessions:
        # Browser sessions naming the story forget it after commit (archive/stories/sessions.py);
        # the task takes the primary key, so no log line names the public id.
        queue.enqueue_on_commit(queue.FORGET_STORY_SESSIONS, [story.pk])
    return story


def erase_expired_originals() -> int:
    """Erase the originals of stories withdrawn longer ago than the retention window."""
    cutoff = timezone.now() - timedelta(days=settings.CHORUS["WITHDRAWN_RETENTION_DAYS"])
    return _erase_each(
        Story.objects.filter(
            status=Status.WITHDRAWN, withdrawn_at__lt=cutoff, erased_at__isnull=True
        )
    )


def drafts_erase_abandoned(
    *, older_than: timedelta = DRAFT_UNKEPT_FOR, kept_older_than: timedelta = DRAFT_KEPT_FOR
) -> int:
    """Erase web drafts nobody finished: they were never sent, so nothing of them stays.

    A draft without a claim code goes after `older_than`; one the contributor kept with a
    claim code after `kept_older_than` (both since its last save). Each draft becomes a
    content-free tombstone (the audit trail keeps its creation).
    """
    now = timezone.now()
    drafts = Story.objects.filter(status=Status.DRAFT, source=Source.WEB, erased_at__isnull=True)
    unkept = Q(claim_code_hash__isnull=True) | Q(claim_code_hash="")
    return _erase_each(drafts.filter(unkept, updated_at__lt=now - older_than)) + _erase_each(
        drafts.exclude(unkept).filter(updated_at__lt=now - kept_older_than)
    )


def _erase_each(stories) -> int:
    erased = []
    for story in stories.iterator():
        story_erase(story=story, actor_kind="system", forget_sessions=False)
        erased.append(story.pk)
    if erased:
        # One pass over the sessions for the whole batch, not one per story.
        queue.enqueue_on_commit(queue.FORGET_STORY_SESSIONS, erased)
    return len(erased)
