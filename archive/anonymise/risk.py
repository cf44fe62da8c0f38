"""Re-identification risk: combinations of details that could point to one person.

A single detail is often harmless ("in 2015", "a school"); together, a year and a small
town, an employer and a role, or an age and a named school can leave only a handful of
candidates. `assess()` describes each such combination for the moderator, who decides.

A flag is {"code": str, "reason": str, "kinds": [RedactionKind values]}. Reasons describe
the combination, never the details themselves: a flag must not repeat personal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext_noop

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.anonymise.render import Span
from archive.vocabulary import RedactionKind as K

# Below this many inhabitants a place, with a year, narrows things down to few people.
SMALL_PLACE = 100_000

_YEAR = re.compile(r"(?<![\d/.\-])(?:19[3-9]\d|20[0-4]\d)(?![\d/\-]|\.\d)")
_AGE = re.compile("|".join(lx.AGE_PATTERNS), re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)

REASONS = {
    "year_small_place": gettext_noop(
        "A specific year together with a small town, a street or a venue: together they "
        "could point to the people involved."
    ),
    "date_place": gettext_noop(
        "An exact date together with a place: anyone who was there could recognise the event."
    ),
    "employer_role": gettext_noop(
        "An employer or organisation named together with someone's role there: few people "
        "hold that role in one place."
    ),
    "age_school": gettext_noop(
        "An age together with a named school or college: it narrows the contributor down "
        "to one class."
    ),
    "named_relation": gettext_noop(
        "A named person described by their relationship to the contributor (family, "
        "partner, manager, teacher): naming one identifies the other."
    ),
    "contact": gettext_noop(
        "Contact details or an online account: they lead straight to a person."
    ),
    "many_details": gettext_noop(
        "Several different kinds of identifying detail in one account: each is small, "
        "together they may be enough."
    ),
}


def assess(text: str, spans: Iterable[Span], *, year: int | None = None) -> list[dict]:
    """The risk flags of one account (title and body joined), most serious first."""
    spans = list(spans)
    kinds = {s.kind for s in spans}
    by_kind: dict[str, list[Span]] = {}
    for span in spans:
        by_kind.setdefault(span.kind, []).append(span)
    flags: list[dict] = []

    def flag(code: str, *flag_kinds: str) -> None:
        flags.append({"code": code, "reason": REASONS[code], "kinds": sorted(set(flag_kinds))})

    if kinds & {K.EMAIL, K.PHONE, K.HANDLE, K.URL}:
        flag("contact", *(kinds & {K.EMAIL, K.PHONE, K.HANDLE, K.URL}))
    specific_places = [s for s in by_kind.get(K.PLACE, []) if _small(text[s.start : s.end])]
    has_year = bool(year) or bool(_YEAR.search(_outside(text, spans)))
    if has_year and (specific_places or K.ORGANISATION in kinds):
        flag(
            "year_small_place",
            K.DATE,
            *([K.PLACE] if specific_places else []),
            *([K.ORGANISATION] if K.ORGANISATION in kinds else []),
        )
    if K.DATE in kinds and (K.PLACE in kinds or K.ORGANISATION in kinds):
        flag("date_place", K.DATE, *(kinds & {K.PLACE, K.ORGANISATION}))
    orgs = by_kind.get(K.ORGANISATION, [])
    if orgs and _ROLE.search(text):
        flag("employer_role", K.ORGANISATION)
    schools = [s for s in orgs if _is_school(text[s.start : s.end])]
    if schools and _AGE.search(text):
        flag("age_school", K.ORGANISATION)
    names = by_kind.get(K.NAME, [])
    if any(_relation_near(text, s) for s in names):
        flag("named_relation", K.NAME)
    quasi = kinds & {K.NAME, K.ORGANISATION, K.PLACE, K.DATE, K.ID_NUMBER}
    if len(quasi) >= 3:
        flag("many_details", *quasi)
    return flags


def _small(place: str) -> bool:
    """A street, a room, a venue or a town under SMALL_PLACE; not a large city."""
    population = gz.places().get(gz.fold(place.strip()), 0)
    return population < SMALL_PLACE


def _is_school(name: str) -> bool:
    return any(gz.fold(w) in lx.SCHOOL_WORDS for w in re.findall(r"[^\W\d_]+", name))


def _relation_near(text: str, span: Span) -> bool:
    before = text[max(0, span.start - 40) : span.start].lower()
    words = re.findall(r"[^\W\d_][\w'’-]*", before)[-3:]
    return any(w in lx.RELATIONS for w in words)


def _outside(text: str, spans: list[Span]) -> str:
    """The text with detected spans blanked, so a year inside a date or ID is not counted."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)
