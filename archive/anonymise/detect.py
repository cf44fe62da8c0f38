"""Finding identifying details in an account: the one entry point, `detect()`.

    detect(text, language) -> list[Span]

Spans cover the original text, carry a RedactionKind, may overlap (rendering merges them)
and are sorted. Three passes:

1. shapes (patterns.py): e-mail (also "name at gmail dot com"), URL (with or without a
   scheme, link shorteners), handle ("@name", "my insta is name"), phone (international
   and national, checked with phonenumbers), ID number, exact date;
2. names (names.py): people, organisations, places, from capitalisation, context cues and
   the packaged gazetteers; then a learned second opinion (learned.py) adds the words
   the rules missed that it is sure of;
3. every further mention of a found name, in any case, with or without a possessive:
   "Derek Lawson ... derek's car ... LAWSON".

Gazetteers load on first use and stay cached for the life of the process.
"""

from __future__ import annotations

import re

from archive.anonymise import gazetteers as gz
from archive.anonymise import learned, patterns, recase
from archive.anonymise import lexicon as lx
from archive.anonymise.names import NameFinder, scan
from archive.anonymise.render import Span
from archive.vocabulary import RedactionKind as K

# Kinds whose text is searched again for other mentions.
_PROPAGATED = (K.NAME, K.ORGANISATION, K.PLACE, K.HANDLE, K.EMAIL)

_HOLIDAYS = re.compile(lx.HOLIDAYS, re.IGNORECASE)

# When two detectors claim the same span, the more specific kind names it.
_PRIORITY = {K.EMAIL: 0, K.URL: 1, K.HANDLE: 2, K.PHONE: 3, K.DATE: 4, K.ID_NUMBER: 5}

_FUNCTION_WORDS = {
    "en": "the and you that was for with his her have not this but they she are what",
    "fr": "le la les et est que pas pour une des dans qui sur avec mais elle nous vous",
    "es": "el la los las que por una con para del pero como más fue muy sus está",
    "de": "der die das und ist nicht ich sie mit dem den ein eine auch auf war wurde",
    "it": "il che non per una con del della sono anche mi ma era gli questo perché",
}
_FUNCTION_SETS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}


def guess_language(text: str) -> str:
    """The most likely of the five languages, from common function words (cheap)."""
    words = re.findall(r"[^\W\d_]+", text.lower()[:5000])
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_SETS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] else "en"


def detect(text: str, language: str = "", model: learned.Model | None = None) -> list[Span]:
    """Every identifying detail found in `text`, as sorted spans (they may overlap).
    `model` replaces the shipped second opinion (bench/pii/learned_cv.py scores the
    rules alone with an empty one, and each held-out batch with weights trained
    without it)."""
    if not text or not text.strip():
        return []
    language = (language or "").lower()[:2]
    if language not in lx.LANGUAGES:
        language = guess_language(text)
    found: list[tuple[int, int, str]] = []
    found += patterns.emails(text)
    found += patterns.urls(text)
    found += patterns.handles(text)
    cued = list(patterns.id_cues(text))
    cued += _lower_case_id_cues(text, cued)
    found += cued
    # A number introduced as a case or student number is that, even if it could be dialled.
    found += (p for p in patterns.phones(text, language) if not any(_overlap(p, c) for c in cued))
    found += patterns.dates(text)
    found += patterns.id_shapes(text)
    found += patterns.plates_in_any_case(text)  # "matrícula 4827 hlm" holds the cue's "4827"
    masked = [(s, e) for s, e, _k in found]
    masked += [(m.start(), m.end()) for m in _HOLIDAYS.finditer(text)]
    # Names are read from the text as an ordinary writer would have cased it (same offsets).
    words = scan(text)
    lowered, restored = recase.restore(text, language, words)
    found += NameFinder(restored, language, masked, plain=lowered, words=words).find()
    # What the rules missed, in the learned model's opinion; its names recur like theirs.
    found += (model or learned.shipped()).spans(text, language, found)
    found = _with_article(text, _titled(text, _without_contained(found)), language)
    found += _other_mentions(text, found, language)
    spans = {(s, e, k) for s, e, k in _without_contained(found) if 0 <= s < e <= len(text)}
    return [Span(s, e, k) for s, e, k in sorted(_settle_kinds(text, spans))]


_THE_BEFORE = re.compile(r"(?<![\w'’])the\s+$", re.IGNORECASE)


def _with_article(
    text: str, found: list[tuple[int, int, str]], language: str
) -> list[tuple[int, int, str]]:
    """An English venue or employer keeps its article, in every case ("at the bluebell
    inn", "AT THE FOX AND FIDDLE" become "at [organisation]"), as "at The Olive Grove"
    does: the public text reads "at [organisation]", not "at the [organisation]"."""
    if language != "en":
        return found
    out = []
    for s, e, k in found:
        venue = k == K.ORGANISATION or (
            k == K.PLACE and any(gz.fold(w) in lx.VENUE_WORDS for w in text[s:e].split())
        )
        m = _THE_BEFORE.search(text, max(0, s - 5), s) if venue else None
        out.append((m.start(), e, k) if m else (s, e, k))
    return out


_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.]*)\s$")


def _titled(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A word right after a title is the person it names, with the title: "falls pfarrer
    hollweg euch …" (a town of that name in the lists) is Pastor Hollweg."""
    out = []
    for s, e, k in found:
        m = _WORD_BEFORE.search(text, max(0, s - 20), s) if k == K.PLACE else None
        if m and gz.fold(m.group(1)) in lx.TITLES:
            out.append((m.start(1), e, K.NAME))
        else:
            out.append((s, e, k))
    return out


def _lower_case_id_cues(text: str, cued: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Reference numbers written in lower case after their cue ("case number is
    2019-cr-00871", "reference cad 4471/22"): the cue rule reads them in capitals, where
    their shape is the one it knows (offsets unchanged). Only for text with next to no
    capitals, and only after a cue word: a shape alone ("covid-19") is no reference."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.05 * len(letters):
        return []
    upper = text.upper()
    if len(upper) != len(text):
        return []  # "ß" becomes "SS": offsets would move
    return [c for c in patterns.id_cues(upper) if not any(_overlap(c, d) for d in cued)]


def _settle_kinds(text: str, spans: set[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One detail, one kind: a word that is part of a person's name elsewhere in the account
    is that person, even where a rule read it as a place ("Marta Villalba … en VILLALBA")."""
    surnames = {
        _key(word)
        for s, e, k in spans
        if k == K.NAME
        for word in text[s:e].split()[1:]
        if len(word) >= 3
    }
    return [
        (s, e, K.NAME if k in (K.PLACE, K.ORGANISATION) and _key(text[s:e]) in surnames else k)
        for s, e, k in spans
    ]


def explain(text: str, language: str) -> list[tuple[str, str, str]]:
    """What the name rules find in `text`, as (words, kind, rule name): for tests and for
    tuning a rule, not for redaction (no shapes, no other mentions)."""
    words = scan(text)
    lowered, restored = recase.restore(text, language, words)
    finder = NameFinder(restored, language, [], plain=lowered, words=words)
    return [(text[s:e], k, rule) for (s, e, k), rule in finder.explain()]


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _without_contained(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop spans inside a longer one (an e-mail's domain is not also a URL)."""
    # dict.fromkeys, not set: when two rules give one span different kinds, the first rule
    # to find it names it, the same way on every run.
    ordered = sorted(dict.fromkeys(found), key=lambda f: (f[0], -f[1], _PRIORITY.get(f[2], 9)))
    kept: list[tuple[int, int, str]] = []
    reach = -1
    for start, end, kind in ordered:
        if end <= reach:
            continue
        kept.append((start, end, kind))
        reach = max(reach, end)
    return kept


def _other_mentions(
    text: str, found: list[tuple[int, int, str]], language: str
) -> list[tuple[int, int, str]]:
    """Every other occurrence of a found name, its words, or a handle without its @, in two
    passes over the text whatever the number of names (one regular expression each for
    the names matched in any case and those matched only as written or shouted)."""
    variants: dict[str, str] = {}
    for start, end, kind in found:
        if kind in _PROPAGATED:
            for value in _variants(text[start:end].strip(), kind, language):
                variants.setdefault(value, kind)
    any_case: list[str] = []
    as_written: list[str] = []
    kinds: dict[str, str] = {}
    for value, kind in variants.items():
        words = [re.escape(w) for w in value.split() if w]
        if not words:
            continue
        kinds.setdefault(_key(value), kind)
        body = r"[\s\-]+".join(words)
        if len(words) == 1 and kind == K.NAME and gz.zipf(value, language) >= 3.5:
            # "Hope", "Will": the name as written or shouted, not the ordinary word.
            as_written += [body, re.escape(value.upper())]
        else:
            any_case.append(body)
    more: list[tuple[int, int, str]] = []
    for bodies, flags in ((any_case, re.IGNORECASE), (as_written, 0)):
        if not bodies:
            continue
        alternatives = "|".join(sorted(set(bodies), key=len, reverse=True))
        pattern = re.compile(r"(?<![\w@])(?:" + alternatives + r")(?:['’]s)?(?![\w@])", flags)
        for m in pattern.finditer(text):
            end = m.end()
            if text[end - 2 : end].lower() in ("'s", "’s"):
                end -= 2
            kind = kinds.get(_key(text[m.start() : end]))
            if kind is not None:
                more.append((m.start(), end, kind))
    return more


def _key(value: str) -> str:
    return gz.fold(" ".join(re.split(r"[\s\-]+", value.strip())))


def _variants(value: str, kind: str, language: str) -> list[str]:
    """The forms in which a detail may come back: itself, a handle without its @, an
    e-mail's local part, an organisation without its article, each word of a name."""
    found = [value]
    if kind == K.HANDLE:
        bare = value.lstrip("@")
        if len(bare) >= 4:
            found.append(bare)
    elif kind == K.EMAIL and "@" in value:
        local = value.split("@")[0].strip()
        if len(local) >= 5 and not re.fullmatch(r"[a-z]+", local):
            found.append(local)
    elif kind == K.ORGANISATION:
        words = value.split()
        if words and words[0].lower() in ("the", "le", "la", "el", "il", "der", "die", "das"):
            found.append(" ".join(words[1:]))
    elif kind == K.NAME:
        for word in value.split():
            core = re.sub(r"['’]s?$", "", word).strip(".,")
            folded = gz.fold(core)
            if (
                len(core) >= 3
                and folded not in lx.TITLES
                and folded not in lx.NOT_IDENTIFYING
                and gz.zipf(folded, language) < 4.5
                and gz.zipf(folded, "en") < 5.0
            ):
                found.append(core)
    return found
