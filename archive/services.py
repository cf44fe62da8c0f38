"""Services: every write with side effects. Views, API, admin, importers and tasks call these."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive import audit, lifecycle, tasks
from archive.anonymise.detect import detect
from archive.models import ConsentRecord, Redaction, Story, hash_claim_code
from archive.queue import enqueue_on_commit
from archive.redaction import refresh_public_text, term_spans
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

            Story.objects.filter(pk=story.pk).update(version=story.version + 1)
            story.version += 1
            if not record.publish:
                index.remove_story(story.pk)
            enqueue_on_commit(tasks.index_story_task, story.pk)
    return record


@transaction.atomic
def redactions_detect(*, story: Story) -> int:
    """Suggest redactions for the current original text. Idempotent.

    Automatic suggestions are replaced by a fresh detection (decisions already taken on
    an unchanged span are kept); the contributor's own terms are always accepted.
    Returns the number of spans stored.
    """
    story = Story.objects.select_for_update().get(pk=story.pk)
    existing = {(r.field, r.start, r.end): r for r in story.redactions.all()}
    wanted: dict[tuple[str, int, int], Redaction] = {}
    terms = [t for t in story.redact_terms.splitlines() if t.strip()]
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
        for span in detect(text, story.language):
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
    lengths = {"title": len(story.title), "body": len(story.body)}
    stale = [
        r.pk
        for key, r in existing.items()
        # Detected and contributor spans follow the text; a moderator's stays while it fits.
        if (r.source != RedactionSource.MODERATOR and key not in wanted) or r.end > lengths[r.field]
    ]
    Redaction.objects.filter(pk__in=stale).delete()
    new = [r for key, r in wanted.items() if key not in existing]
    Redaction.objects.bulk_create(new)
    if refresh_public_text(story):
        story.save(update_fields=["public_title", "public_body", "updated_at"])
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
