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
    """Replace every span with its placeholder; overlapping spans merge into one.

    A contributor's role ("my manager", "a work event") replaces a detail the way a
    writer would (`_fit_role`): it takes the place of an article before the detail ("The
    Christmas party" = "a work event" gives "A work event", not "The a work event"), and
    it is not repeated where the text already says it ("My manager, Daniel Whitcombe,
    said" with "my manager" gives "My manager said"). A role written in brackets is a
    marker like "[name]" and is put in the detail's place as it is."""
    out: list[str] = []
    cursor = 0
    for start, end, span in _merged(text, spans):
        if start < cursor:
            continue
        label = span.label()
        # A role in words reads as part of the sentence; one in brackets ("[my manager]") is
        # a visible marker, like "[name]", and stays exactly where the detail was.
        if span.placeholder and not span.placeholder.startswith("["):
            start, end, label = _fit_role(text, cursor, start, end, label)
        out.append(text[cursor:start])
        out.append(label)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _merged(text: str, spans: Iterable[Span]) -> list[tuple[int, int, Span]]:
    """The spans in text order, overlapping ones merged into the first (its placeholder)."""
    ordered = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end)
    )
    merged: list[tuple[int, int, Span]] = []
    for span in ordered:
        if merged and span.start < merged[-1][1]:
            start, end, first = merged[-1]
            merged[-1] = (start, max(end, span.end), first)
        else:
            merged.append((span.start, span.end, span))
    return merged


# Articles and possessives a role may bring with it, in the five languages.
_DETERMINERS = frozenset(
    """
    a an the my his her our their your this that
    un une le la les l' mon ma mes ton ta son sa notre votre leur ce cet cette
    un una unos unas el los las mi tu su nuestro nuestra
    ein eine einen einem einer der die das den dem des mein meine meinen meinem sein seine
    ihr ihre unser unsere
    il lo gli un' uno mio mia suo sua nostro nostra
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?['’]?", re.UNICODE)
_ARTICLE_BEFORE = re.compile(r"([^\W\d_]+['’]?)(\s*)$")
_SEPARATOR = r"\s*[,:;(–—-]?\s*"
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*)$")


def _fit_role(text: str, cursor: int, start: int, end: int, role: str) -> tuple[int, int, str]:
    """Where a role goes and how it reads: (start, end, words) replacing text[start:end]."""
    role_words = _content_words(role)
    if role_words:
        repeated = _said_before(text, cursor, start, role_words)
        if repeated is not None:
            # "My manager, [Daniel Whitcombe], said": the text already says it.
            closing = re.match(r",(?=\s)", text[end:])
            return repeated, end + (closing.end() if closing else 0), ""
        after = re.match(_SEPARATOR + _words_pattern(role_words) + r"(?!\w)", text[end:], re.I)
        if after is not None and _has_determiner(text[end : end + after.end()]):
            # "[Daniel Whitcombe], my manager, said": keep the text's own words.
            phrase = text[end : end + after.end()].lstrip(" ,:;(–—-")
            closing = re.match(r",(?=\s)", text[end + after.end() :])
            stop = end + after.end() + (closing.end() if closing else 0)
            return start, stop, _cased(text, start, phrase)
    first = _WORD.match(role)
    article = _ARTICLE_BEFORE.search(text[cursor:start])
    if (
        first is not None
        and first.group().lower() in _DETERMINERS
        and article is not None
        and article.group(1).lower() in _DETERMINERS
    ):
        # "The [Christmas party]" = "a work event": the role brings its own article.
        start = cursor + article.start()
    return start, end, _cased(text, start, role)


def _content_words(phrase: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(phrase)]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return words


def _words_pattern(words: list[str]) -> str:
    determiners = "|".join(sorted(_DETERMINERS, key=len, reverse=True))
    body = r"\s+".join(re.escape(w) for w in words)
    return rf"(?:(?:{determiners})\s+)?{body}"


def _has_determiner(phrase: str) -> bool:
    words = _WORD.findall(phrase)
    return bool(words) and words[0].lower() in _DETERMINERS


def _said_before(text: str, cursor: int, start: int, role_words: list[str]) -> int | None:
    """Where the role's words end just before the detail ("My manager, |Daniel"), if so."""
    before = text[cursor:start]
    m = re.search(_words_pattern(role_words) + r"(?P<gap>" + _SEPARATOR + r")$", before, re.I)
    if m is None or not _has_determiner(m.group()):
        return None
    return cursor + m.start("gap")


def _cased(text: str, start: int, words: str) -> str:
    """A role opening a sentence opens with a capital."""
    if words and _SENTENCE_START.search(text[:start]):
        return words[:1].upper() + words[1:]
    return words


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
