"""Services: every write with side effects. Views, API, admin, importers and tasks call these."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from archive import tasks
from archive.anonymise import risk
from archive.anonymise.detect import detect
from archive.anonymise.render import refresh_public_text, term_spans
from archive.models import ConsentRecord, Redaction, Story, hash_claim_code
from archive.queue import enqueue_on_commit
from archive.stories import audit, lifecycle
from archive.vocabulary import (
    ConsentMethod,
    Decision,
    DisplayName,
    RedactionSource,
    Source,
    Status,
)

Action = lifecycle.Action

# Crockford's base32 without look-alikes: easy to read aloud and copy by hand.
_CLAIM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_claim_code() -> str:
    """130 random bits as 26 characters in groups: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X."""
    raw = "".join(secrets.choice(_CLAIM_ALPHABET) for _ in range(26))
    return "-".join(raw[i : i + 5] for i in range(0, 26, 5))


def current_consent_version() -> str:
    return settings.CHORUS["CONSENT_VERSION"]


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
    redact_terms: list[str] | None = None,
    contact_address: str = "",
    consent: dict[str, bool] | None = None,
    consent_method: str = ConsentMethod.WEB,
    embargo_until: date | None = None,
    source: str = Source.WEB,
    contributor=None,
    submit: bool = True,
    **provenance,
) -> tuple[Story, str]:
    """Store a new account and return it with its claim code (shown once, stored hashed).

    The story and its consent are committed before any other work; detection and indexing
    are enqueued on commit by the lifecycle. With `submit=False` it stays a draft, and
    without consent (imports from datasets) it waits for consent.
    """
    claim_code = new_claim_code()
    story = Story.objects.create(
        title=title.strip(),
        body=body,
        language=language,
        year=year,
        country=country.upper(),
        setting=setting,
        content_notes=sorted(set(content_notes or [])),
        display_name=display_name,
        pseudonym=pseudonym.strip() if display_name != DisplayName.ANONYMOUS else "",
        redact_terms="\n".join(t.strip() for t in (redact_terms or []) if t.strip()),
        contact_address=contact_address.strip() if consent and consent.get("contact") else "",
        embargo_until=embargo_until,
        source=source,
        contributor=contributor,
        claim_code_hash=hash_claim_code(claim_code),
        status=Status.AWAITING_CONSENT if consent is None else Status.DRAFT,
        **provenance,
    )
    audit.event_record(
        story=story,
        action=Action.CREATE,
        actor=contributor,
        actor_kind="system" if source == Source.IMPORT else "contributor",
        to_status=story.status,
    )
    enqueue_on_commit(tasks.detect_pii_task, story.pk)
    if consent is not None:
        consent_record(story=story, scopes=consent, method=consent_method, actor=contributor)
        if submit:
            lifecycle.transition(story, Action.SUBMIT, actor=contributor, actor_kind="contributor")
    return story, claim_code


@transaction.atomic
def consent_record(
    *, story: Story, scopes: dict[str, bool], method: str, actor=None
) -> ConsentRecord:
    """Record what the contributor allows now; the previous record is marked withdrawn.

    Withdrawing consent to publish takes a published story off every public surface at
    once (the public queryset requires it), and its index entry is removed here.
    """
    now = timezone.now()
    previous = story.consents.select_for_update().filter(withdrawn_at__isnull=True).first()
    if previous is not None:
        previous.withdrawn_at = now
        previous.save(update_fields=["withdrawn_at"])
    record = ConsentRecord.objects.create(
        story=story,
        consent_version=current_consent_version(),
        method=method,
        given_at=now,
        **{scope: bool(scopes.get(scope, False)) for scope in ConsentRecord.SCOPES},
    )
    if not record.contact and story.contact_address:
        story.contact_address = ""
        story.save(update_fields=["contact_address", "updated_at"])
    if previous is not None:
        audit.event_record(
            story=story,
            action=Action.CONSENT_CHANGE,
            actor=actor,
            actor_kind="contributor" if actor is None or not actor.is_staff else None,
            note=", ".join(s for s in ConsentRecord.SCOPES if getattr(record, s)) or "none",
        )
        if story.status == Status.PUBLISHED:
            from archive.search import index

            Story.objects.filter(pk=story.pk).update(version=F("version") + 1)
            story.version += 1
            # Without consent to publish, or with an embargo now in the future, the story
            # leaves every public surface in this transaction, not when a worker gets to it.
            if not Story.objects.public().filter(pk=story.pk).exists():
                index.remove_story(story.pk)
            enqueue_on_commit(tasks.index_story_task, story.pk)
    return record


@transaction.atomic
def redactions_detect(*, story: Story) -> int:
    """Suggest redactions for the current original text, and assess its risk. Idempotent.

    Automatic suggestions are replaced by a fresh detection (decisions already taken on
    an unchanged span are kept); the contributor's own terms are always accepted, in
    every case and spacing, even where a detector found the same span first.
    `story.risk_flags` is recomputed from the detected details (archive/anonymise/risk.py).
    Returns the number of spans stored.
    """
    story = Story.objects.select_for_update().get(pk=story.pk)
    existing = {(r.field, r.start, r.end): r for r in story.redactions.all()}
    wanted: dict[tuple[str, int, int], Redaction] = {}
    terms = [t for t in story.redact_terms.splitlines() if t.strip()]
    flags: dict[str, dict] = {}
    for field, text in (("title", story.title), ("body", story.body)):
        for span in term_spans(text, terms):
            wanted[(field, span.start, span.end)] = Redaction(
                story=story,
                field=field,
                start=span.start,
                end=span.end,
                kind=span.kind,
                source=RedactionSource.CONTRIBUTOR,
                decision=Decision.ACCEPTED,
            )
        detected = detect(text, story.language)
        for span in detected:
            key = (field, span.start, span.end)
            if key not in wanted:
                wanted[key] = Redaction(
                    story=story,
                    field=field,
                    start=span.start,
                    end=span.end,
                    kind=span.kind,
                    source=RedactionSource.AUTOMATIC,
                )
        for flag in risk.assess(text, detected, year=story.year):
            merged = flags.setdefault(flag["code"], flag)
            merged["kinds"] = sorted(set(merged["kinds"]) | set(flag["kinds"]))
    lengths = {"title": len(story.title), "body": len(story.body)}
    stale = [
        r.pk
        for key, r in existing.items()
        # Detected and contributor spans follow the text; a moderator's stays while it fits.
        if (r.source != RedactionSource.MODERATOR and key not in wanted) or r.end > lengths[r.field]
    ]
    Redaction.objects.filter(pk__in=stale).delete()
    # A term the contributor added later than the detector found it: theirs, and hidden.
    promoted = [
        r.pk
        for key, r in existing.items()
        if key in wanted
        and wanted[key].source == RedactionSource.CONTRIBUTOR
        and (r.source, r.decision) != (RedactionSource.CONTRIBUTOR, Decision.ACCEPTED)
    ]
    Redaction.objects.filter(pk__in=promoted).update(
        source=RedactionSource.CONTRIBUTOR, decision=Decision.ACCEPTED
    )
    new = [r for key, r in wanted.items() if key not in existing]
    Redaction.objects.bulk_create(new)
    update_fields = []
    if refresh_public_text(story):
        update_fields += ["public_title", "public_body"]
    risk_flags = list(flags.values())
    if risk_flags != story.risk_flags:
        story.risk_flags = risk_flags
        update_fields.append("risk_flags")
    if update_fields:
        story.save(update_fields=[*update_fields, "updated_at"])
    return story.redactions.count()


@transaction.atomic
def story_erase(*, story: Story, actor=None, actor_kind: str | None = None) -> Story:
    """Delete the original text, contact details and redaction spans now.

    What stays is a content-free tombstone (public id, status, timestamps) and the audit
    trail. Withdraws the story first if it is not withdrawn yet. Idempotent.
    """
    if story.status != Status.WITHDRAWN:
        lifecycle.transition(story, Action.WITHDRAW, actor=actor, actor_kind=actor_kind)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.erased_at is not None:
        return story
    story.title = story.body = story.redact_terms = story.contact_address = ""
    story.public_title = story.public_body = ""
    story.pseudonym = ""
    story.claim_code_hash = None
    story.erased_at = timezone.now()
    story.save()
    story.redactions.all().delete()
    audit.event_record(story=story, action=Action.ERASE, actor=actor, actor_kind=actor_kind)
    return story


def erase_expired_originals() -> int:
    """Erase the originals of stories withdrawn longer ago than the retention window."""
    cutoff = timezone.now() - timedelta(days=settings.CHORUS["WITHDRAWN_RETENTION_DAYS"])
    erased = 0
    for story in Story.objects.filter(
        status=Status.WITHDRAWN, withdrawn_at__lt=cutoff, erased_at__isnull=True
    ).iterator():
        story_erase(story=story, actor_kind="system")
        erased += 1
    return erased


# --- Contributor journey: drafts, anonymisation, submission, edits, withdrawal ----------


def language_guess(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or "" when unsure. Offline (lingua).

    The search index's detector, so a story is indexed under the language shown here.
    """
    from archive.search.text import detect_language

    return detect_language(text)


_DRAFT_FIELDS = ("title", "body", "language", "year", "country", "setting", "content_notes")


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
    values = {
        "title": title.strip(),
        "body": body,
        "language": language or language_guess(f"{title}\n{body}"),
        "year": year,
        "country": country.upper(),
        "setting": setting,
        "content_notes": sorted(set(content_notes or [])),
    }
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
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Status.DRAFT:
            raise lifecycle.TransitionNotAllowed("Only a draft can be changed this way.")
        for field, value in values.items():
            setattr(story, field, value)
        story.save(update_fields=[*_DRAFT_FIELDS, "updated_at"])
    redactions_detect(story=story)
    return story


@transaction.atomic
def story_anonymise(
    *,
    story: Story,
    display_name: str,
    pseudonym: str = "",
    redact_terms: list[str] | dict[str, str] | None = None,
    decisions: dict[int, tuple[str, str]] | None = None,
    actor=None,
) -> Story:
    """Record how the contributor wants to appear and which details to hide.

    `redact_terms` lists words to hide everywhere, or maps each to what readers see
    instead ("Paul Martin" -> "my manager"; "" for the neutral placeholder).
    `decisions` maps Redaction ids of this story to (decision, replacement). Only a draft,
    or a story waiting for review (submitted / changes requested), can be anonymised by
    its contributor: a story a reader can see goes back to review through `story_edit`
    first, so nothing changes on a public page without a moderator.
    """
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status not in (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED):
        raise lifecycle.TransitionNotAllowed("This account cannot be changed now.")
    story.display_name = display_name
    story.pseudonym = pseudonym.strip() if display_name != DisplayName.ANONYMOUS else ""
    if redact_terms is not None:
        story.redact_terms = "\n".join(t.strip() for t in redact_terms if t.strip())
    story.save(update_fields=["display_name", "pseudonym", "redact_terms", "updated_at"])
    now = timezone.now()
    for redaction in story.redactions.filter(pk__in=list(decisions or {})):
        decision, replacement = decisions[redaction.pk]
        if decision not in (Decision.ACCEPTED, Decision.REJECTED):
            continue
        redaction.decision = decision
        redaction.replacement = replacement.strip()[:60] if decision == Decision.ACCEPTED else ""
        redaction.decided_by = actor
        redaction.decided_at = now
        redaction.save(update_fields=["decision", "replacement", "decided_by", "decided_at"])
    # Re-reads the terms: new ones become accepted spans, removed ones disappear.
    redactions_detect(story=story)
    if isinstance(redact_terms, dict):
        texts = {"title": story.title, "body": story.body}
        # A term may coincide with a detected span (kept as it was): the role applies
        # to every span that is exactly one of the contributor's terms.
        for redaction in story.redactions.exclude(source=RedactionSource.MODERATOR):
            found = texts[redaction.field][redaction.start : redaction.end]
            matches = [r for t, r in redact_terms.items() if term_spans(found, [t])]
            if not matches:
                continue
            redaction.decision = Decision.ACCEPTED
            redaction.replacement = matches[0]
            redaction.save(update_fields=["decision", "replacement"])
        if refresh_public_text(story):
            story.save(update_fields=["public_title", "public_body", "updated_at"])
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
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status != Status.DRAFT:
        raise lifecycle.TransitionNotAllowed("This account has already been sent.")
    claim_code = new_claim_code()
    story.claim_code_hash = hash_claim_code(claim_code)
    story.contact_address = contact_address.strip() if consent.get("contact") else ""
    story.embargo_until = embargo_until
    story.save(update_fields=["claim_code_hash", "contact_address", "embargo_until", "updated_at"])
    consent_record(story=story, scopes=consent, method=method, actor=actor)
    lifecycle.transition(story, Action.SUBMIT, actor=actor, actor_kind="contributor")
    return story, claim_code


_EDITABLE_FIELDS = (
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


@transaction.atomic
def story_edit(*, story: Story, changes: dict, actor=None) -> Story:
    """Change a submitted or published account; it goes back to review, version bumped.

    `changes` holds any of the editable fields (redact_terms as a list). A published
    story leaves every public surface in this transaction (the lifecycle removes its index
    entry). Identifying details are detected again at once. Raises TransitionNotAllowed
    for a draft, a withdrawn, rejected or erased story.
    """
    if story.erased_at is not None:
        raise lifecycle.TransitionNotAllowed("This account has been erased.")
    lifecycle.transition(story, Action.EDIT, actor=actor, actor_kind="contributor")
    locked = Story.objects.select_for_update().get(pk=story.pk)
    for field, value in changes.items():
        if field not in _EDITABLE_FIELDS:
            raise ValueError(f"{field} cannot be edited.")
        if field == "redact_terms":
            value = "\n".join(t.strip() for t in value if t.strip())
        elif field == "content_notes":
            value = sorted(set(value))
        elif field == "country":
            value = value.upper()
        elif field in ("title", "pseudonym"):
            value = value.strip()
        setattr(locked, field, value)
    if locked.display_name == DisplayName.ANONYMOUS:
        locked.pseudonym = ""
    if "body" in changes and not changes.get("language"):
        locked.language = language_guess(f"{locked.title}\n{locked.body}") or locked.language
    locked.version += 1
    locked.save()
    redactions_detect(story=locked)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def story_withdraw(*, story: Story, actor=None, actor_kind: str = "contributor") -> Story:
    """Withdraw the account: gone from every public surface when this returns. Idempotent.

    The original is kept for the retention window (so a mistake can be talked through),
    then erased by the periodic task; `story_erase` erases it at once.
    """
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.status != Status.WITHDRAWN:
        lifecycle.transition(locked, Action.WITHDRAW, actor=actor, actor_kind=actor_kind)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def consent_change(
    *,
    story: Story,
    scopes: dict[str, bool],
    contact_address: str = "",
    embargo_until: date | None = None,
    method: str = ConsentMethod.WEB,
    actor=None,
) -> ConsentRecord:
    """The contributor's new answers to every consent scope, plus contact and embargo.

    Append-only (a new ConsentRecord). An imported story awaiting consent goes to review.
    If the story stops being public (no consent to publish, or an embargo in the future)
    it leaves the search index in this transaction.
    Raises TransitionNotAllowed for a withdrawn or erased story.
    """
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.status == Status.WITHDRAWN or locked.erased_at is not None:
        raise lifecycle.TransitionNotAllowed("A withdrawn account has no consent to change.")
    locked.embargo_until = embargo_until
    locked.contact_address = contact_address.strip() if scopes.get("contact") else ""
    locked.save(update_fields=["embargo_until", "contact_address", "updated_at"])
    record = consent_record(story=locked, scopes=scopes, method=method, actor=actor)
    if locked.status == Status.AWAITING_CONSENT:
        # An imported account: the contributor's answers send it to the moderators.
        lifecycle.transition(locked, Action.RECEIVE_CONSENT, actor=actor, actor_kind="contributor")
    return record


def drafts_erase_abandoned(*, older_than: timedelta = timedelta(hours=24)) -> int:
    """Erase web drafts nobody finished: they were never sent, so nothing of them stays.

    Each draft becomes a content-free tombstone (the audit trail keeps its creation).
    """
    cutoff = timezone.now() - older_than
    erased = 0
    for story in Story.objects.filter(
        status=Status.DRAFT, source=Source.WEB, updated_at__lt=cutoff, erased_at__isnull=True
    ).iterator():
        story_erase(story=story, actor_kind="system")
        erased += 1
    return erased
