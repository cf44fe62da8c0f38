"""Rendering public text from redaction spans: the one place it happens.

The public title and body are always rebuilt from the original and the *accepted* spans;
nothing else ever writes them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from archive.vocabulary import Decision, RedactionKind


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    placeholder: str = ""

    def label(self) -> str:
        return self.placeholder or f"[{RedactionKind(self.kind).label}]"


def render(text: str, spans: Iterable[Span]) -> str:
    """Replace every span with its placeholder; overlapping spans merge into one."""
    ordered = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end)
    )
    out: list[str] = []
    cursor = 0
    current: Span | None = None
    for span in ordered:
        if current is not None and span.start < current.end:
            if span.end > current.end:
                current = Span(current.start, span.end, current.kind, current.placeholder)
            continue
        if current is not None:
            out.append(current.label())
            cursor = current.end
        out.append(text[cursor : span.start])
        current = span
    if current is not None:
        out.append(current.label())
        cursor = current.end
    out.append(text[cursor:])
    return "".join(out)


def term_spans(text: str, terms: Iterable[str]) -> list[Span]:
    """Every occurrence of the contributor's own terms, in any case, spacing or accents.

    "Jean Dupont" also matches "JEAN  DUPONT", "jean-dupont", "JeanDupont", "Jean\nDupont",
    "Jéan Dupont" and the possessives "Jean Dupont's", "Jean Dupont’s" and "Dupont'".
    """
    spans: list[Span] = []
    for term in terms:
        words = [_loose(w) for w in re.split(r"[\s\-_.]+", term.strip()) if w]
        if not words:
            continue
        pattern = re.compile(
            r"(?<!\w)" + r"[\s\-_.]*".join(words) + r"(?:['’]s?)?(?!\w)", re.IGNORECASE
        )
        spans.extend(Span(m.start(), m.end(), RedactionKind.CUSTOM) for m in pattern.finditer(text))
    return spans


def _base_letter(ch: str) -> str:
    return unicodedata.normalize("NFKD", ch)[0].lower()


# Every Latin letter with its accented forms: "e" → "eéèêëēĕėęě", so "Zoe" finds "Zoé".
_VARIANTS: dict[str, str] = {}
for _code in range(0x41, 0x250):
    _ch = chr(_code)
    if _ch.isalpha():
        _VARIANTS.setdefault(_base_letter(_ch), "")
        _VARIANTS[_base_letter(_ch)] += _ch


def _loose(word: str) -> str:
    out = []
    for ch in word:
        if ch in "'’`":
            out.append("['’`]")
        elif ch.isalpha() and _base_letter(ch) in _VARIANTS:
            out.append("[" + re.escape(_VARIANTS[_base_letter(ch)]) + "]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def hidden_spans(redactions: Iterable, field: str) -> list[Span]:
    """Every detail of `field` not explicitly kept: hidden, or not decided yet."""
    return [
        Span(r.start, r.end, r.kind, r.replacement)
        for r in redactions
        if r.field == field and r.decision != Decision.REJECTED
    ]


def render_story(story, redactions: Iterable | None = None) -> tuple[str, str]:
    """The public (title, body) of a story: every detail not explicitly kept is hidden.

    The one rendering of public text: stored for a published story, shown to the
    contributor as their preview and to moderators as "what the public would read".
    A detail nobody has decided on yet is hidden, so a story published with undecided
    details (which the publish policy refuses anyway) still shows none of them.
    """
    if redactions is None:
        redactions = list(story.redactions.all())
    else:
        redactions = list(redactions)
    # Placeholders ("[name]", "[nom]") follow the story's own language, not the language
    # of whoever happens to publish it (a French moderator, an English worker).
    with translation.override(story.language or settings.LANGUAGE_CODE):
        return (
            render(story.title, hidden_spans(redactions, "title")),
            render(story.body, hidden_spans(redactions, "body")),
        )
