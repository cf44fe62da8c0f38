"""Redaction services: which spans of a story's original are hidden, and as what.

Three sources of spans, one reconciliation (`_reconcile`):

- the contributor's own hidden terms (Story.hidden_terms): always hidden, with their role
  when they gave one; applied in the request that saves them (`terms_apply`), because
  they are the contributor's explicit wish and must never wait for a worker;
- the detectors (archive/anonymise): suggestions, undecided until someone decides; run in
  a task (`redactions_detect`) and again whenever the text changes;
- a moderator's own additions (archive/moderation/services.py): kept while they fit.

A redaction row stores offsets, never the words it hides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from archive.anonymise import risk
from archive.anonymise.detect import detect
from archive.anonymise.render import Span, term_spans
from archive.models import HiddenTerm, Redaction, Story
from archive.stories.states import CAPABILITIES, Capability, can
from archive.vocabulary import Decision, RedactionKind, RedactionSource

Key = tuple[str, int, int]
FIELDS = (Redaction.Field.TITLE, Redaction.Field.BODY)


def _texts(story: Story) -> dict[str, str]:
    return {Redaction.Field.TITLE: story.title, Redaction.Field.BODY: story.body}


def term_kind(term: HiddenTerm) -> str:
    """A term written as a handle ("@name") reads "[handle]"; any other, "[removed]"."""
    return RedactionKind.HANDLE if term.text.startswith("@") else RedactionKind.CUSTOM


def _handle_spans(text: str, handle: str) -> list[Span]:
    """Where a handle occurs as a whole word, in any case.

    A plain search, not a regular expression: an imported dataset mentions thousands of
    different people, and a handle has no spelling variants to allow for.
    """
    spans = []
    lowered, needle = text.lower(), handle.lower()
    start = lowered.find(needle)
    while start != -1:
        end = start + len(needle)
        if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
            spans.append(Span(start, end, RedactionKind.HANDLE))
        start = lowered.find(needle, end)
    return spans


def spans_of_terms(text: str, terms: Iterable[HiddenTerm]) -> dict[tuple[int, int], Span]:
    """Where each term occurs in `text`, with its kind and role; the first term wins a span."""
    found: dict[tuple[int, int], Span] = {}
    for term in terms:
        kind = term_kind(term)
        spans = (
            _handle_spans(text, term.text)
            if kind == RedactionKind.HANDLE
            else term_spans(text, [term.text])
        )
        for span in spans:
            found.setdefault((span.start, span.end), Span(span.start, span.end, kind, term.role))
    return found


def term_redactions(story: Story, terms: Iterable[HiddenTerm] | None = None) -> dict[Key, Span]:
    """Where the contributor's terms occur in the original title and body."""
    terms = story.hidden_terms if terms is None else list(terms)
    return {
        (field, start, end): span
        for field, text in _texts(story).items()
        for (start, end), span in spans_of_terms(text, terms).items()
    }


def term_redaction_rows(story_id: int, body: str, terms: Iterable[HiddenTerm], now) -> list[dict]:
    """The Redaction rows (field attnames) `terms_apply` would store for a new story's body.

    The bulk importer writes these with COPY; `terms_apply` writes the same through the
    ORM (tests/importers prove both give the same rows).
    """
    return [
        {
            "story_id": story_id,
            **_row_values(
                (Redaction.Field.BODY, start, end),
                span,
                RedactionSource.CONTRIBUTOR,
                Decision.ACCEPTED,
                now,
            ),
        }
        for (start, end), span in spans_of_terms(body, terms).items()
    ]


def _reconcile(story: Story, terms: dict[Key, Span], detected: dict[Key, Span] | None) -> None:
    """Make the stored spans match the contributor's terms (and fresh detections, if given).

    A term's span is the contributor's, accepted, with its role, even where a detector
    found it first. Detected spans follow the text: without `detected` they are left as
    they are; with it, those no longer found are deleted (decisions on unchanged spans
    are kept). A moderator's span stays while it fits the text.
    """
    existing = {(r.field, r.start, r.end): r for r in story.redactions.all()}
    lengths = {field: len(text) for field, text in _texts(story).items()}
    stale = [
        r.pk
        for key, r in existing.items()
        if r.end > lengths[r.field]
        or (r.source == RedactionSource.CONTRIBUTOR and key not in terms)
        or (r.source == RedactionSource.AUTOMATIC and detected is not None and key not in detected)
    ]
    Redaction.objects.filter(pk__in=stale).delete()
    now = timezone.now()
    new = []
    for key, span in terms.items():
        current = existing.get(key)
        if current is None or current.pk in stale:
            new.append(_row(story, key, span, RedactionSource.CONTRIBUTOR, Decision.ACCEPTED, now))
        elif (current.source, current.decision, current.replacement, current.kind) != (
            RedactionSource.CONTRIBUTOR,
            Decision.ACCEPTED,
            span.placeholder,
            span.kind,
        ):
            Redaction.objects.filter(pk=current.pk).update(
                source=RedactionSource.CONTRIBUTOR,
                decision=Decision.ACCEPTED,
                replacement=span.placeholder,
                kind=span.kind,
            )
    for key, span in (detected or {}).items():
        if key not in existing and key not in terms:
            new.append(_row(story, key, span, RedactionSource.AUTOMATIC, Decision.PENDING, now))
    Redaction.objects.bulk_create(new)


def _row_values(key: Key, span: Span, source: str, decision: str, now) -> dict:
    """A Redaction row's field values (attnames), wherever it is written from."""
    field, start, end = key
    return {
        "field": field,
        "start": start,
        "end": end,
        "kind": span.kind,
        "source": source,
        "decision": decision,
        "replacement": span.placeholder if source == RedactionSource.CONTRIBUTOR else "",
        "created_at": now,
        "decided_at": now if decision != Decision.PENDING else None,
    }


def _row(story: Story, key: Key, span: Span, source: str, decision: str, now) -> Redaction:
    return Redaction(story=story, **_row_values(key, span, source, decision, now))


@transaction.atomic
def terms_apply(*, story: Story) -> None:
    """Hide the contributor's current terms now, in the caller's transaction.

    New terms become accepted spans with their roles; removed terms' spans disappear;
    detected spans are left for detection to revisit.
    """
    _reconcile(story, term_redactions(story), detected=None)


@transaction.atomic
def redactions_detect(*, story: Story) -> int:
    """Suggest redactions for the current original text, and assess its risk. Idempotent.

    Automatic suggestions are replaced by a fresh detection (decisions already taken on
    an unchanged span are kept), and the contributor's terms are applied as in
    `terms_apply`. `story.risk_flags` is recomputed from the detected details
    (archive/anonymise/risk.py). A published story's text cannot change, so it is left
    alone (its public text changes only through a moderator). Returns the number of
    spans stored.
    """
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not can(story, Capability.DETECT):
        return story.redactions.count()
    detected: dict[Key, Span] = {}
    flags: dict[str, dict] = {}
    for field, text in _texts(story).items():
        found = detect(text, story.language)
        for span in found:
            detected.setdefault((field, span.start, span.end), span)
        for flag in risk.assess(text, found, year=story.year):
            merged = flags.setdefault(flag["code"], flag)
            merged["kinds"] = sorted(set(merged["kinds"]) | set(flag["kinds"]))
    _reconcile(story, term_redactions(story), detected)
    story.risk_flags = list(flags.values())
    story.detected_version = story.text_version
    story.save(update_fields=["risk_flags", "detected_version", "updated_at"])
    return story.redactions.count()


def detection_due() -> QuerySet[Story]:
    """Stories whose current text detection has not examined yet (the sweep's work)."""
    return Story.objects.filter(
        detected_version__lt=F("text_version"),
        erased_at__isnull=True,
        status__in=CAPABILITIES[Capability.DETECT],
    )


@transaction.atomic
def redactions_decide(
    *,
    story: Story,
    decisions: Mapping[int, tuple[str, str]],
    actor=None,
    allowed: Iterable[str] = (Decision.ACCEPTED, Decision.REJECTED),
) -> int:
    """Hide or keep details of `story`, each hidden one with an optional replacement.

    `decisions` maps Redaction ids of this story to (decision, replacement); a kept
    detail has no replacement. The contributor may hide or keep; a moderator may also
    set a detail back to undecided (`allowed`). Raises ValueError for any other
    decision. Returns how many spans changed.
    """
    allowed = set(allowed)
    now = timezone.now()
    changed = 0
    for redaction in story.redactions.filter(pk__in=list(decisions)):
        decision, replacement = decisions[redaction.pk]
        if decision not in allowed:
            raise ValueError(f"Unknown decision {decision!r}.")
        replacement = replacement.strip()[:60] if decision == Decision.ACCEPTED else ""
        if (redaction.decision, redaction.replacement) == (decision, replacement):
            continue
        redaction.decision, redaction.replacement = decision, replacement
        redaction.decided_by, redaction.decided_at = actor, now
        redaction.save(update_fields=["decision", "replacement", "decided_by", "decided_at"])
        changed += 1
    return changed
