"""Re-identification risk: combinations of details that could point to one person.

A single detail is often harmless ("in 2015", "a school"); together, a year and a small
town, an employer and a role, or an age and a named school can leave only a handful of
candidates. `assess()` describes each such combination for the moderator, who decides.

A flag is {"code": str, "reason": str, "kinds": [RedactionKind values]}. Reasons describe
the combination, never the details themselves: a flag must not repeat personal text.
The rules are an ordered table (`RULES`), most serious first; each reads one `Account`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext_noop

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.anonymise.render import Span
from archive.vocabulary import RedactionKind as K

# Below this many inhabitants a place, with a year, narrows things down to few people.
SMALL_PLACE = 100_000
# Three or more kinds of these are "many details".
MANY_DETAILS = 3

_YEAR = re.compile(r"(?<![\d/.\-])(?:19[3-9]\d|20[0-4]\d)(?![\d/\-]|\.\d)")
_AGE = re.compile("|".join(lx.AGE_PATTERNS), re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lx.ROLE_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_SEASON = re.compile(lx.SEASONS, re.IGNORECASE)
_CONTACT = frozenset({K.EMAIL, K.PHONE, K.HANDLE, K.URL})

REASONS = {
    "contact": gettext_noop(
        "Contact details or an online account: they lead straight to a person."
    ),
    "year_small_place": gettext_noop(
        "A specific year or season together with a small town, a street or a venue: "
        "together they could point to the people involved."
    ),
    "time_employer": gettext_noop(
        "A specific year or season together with a named employer, school or club: only a "
        "few people were there at that time."
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
    "many_details": gettext_noop(
        "Several different kinds of identifying detail in one account: each is small, "
        "together they may be enough."
    ),
}


class Account:
    """One account's text and detected details, as the risk rules read them."""

    def __init__(self, text: str, spans: list[Span], year: int | None):
        self.text = text
        self.spans = spans
        self.year = year
        self.kinds = {s.kind for s in spans}

    def of(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]

    def words(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @cached_property
    def outside(self) -> str:
        """The text with detected spans blanked, so a year inside a date or ID is not counted."""
        chars = list(self.text)
        for span in self.spans:
            chars[span.start : span.end] = " " * (span.end - span.start)
        return "".join(chars)

    @cached_property
    def has_year(self) -> bool:
        return bool(self.year) or bool(_YEAR.search(self.outside))

    @cached_property
    def has_season(self) -> bool:
        return bool(_SEASON.search(self.outside))

    @cached_property
    def small_places(self) -> list[Span]:
        """Streets, rooms, venues and towns under SMALL_PLACE; not large cities."""
        return [s for s in self.of(K.PLACE) if _small(self.words(s))]


# A rule returns the kinds its flag names, or None when it does not apply.
Check = Callable[[Account], "list[str] | None"]


def _contact(a: Account) -> list[str] | None:
    return sorted(a.kinds & _CONTACT) or None


def _year_small_place(a: Account) -> list[str] | None:
    """A year or a season with a small town, street, room or venue."""
    if (a.has_year or a.has_season) and a.small_places:
        return [K.DATE, K.PLACE]
    return None


def _time_employer(a: Account) -> list[str] | None:
    """A year or a season with a named employer, school or club: "the summer I worked at
    Greenway Garden Centre", "à l'hôpital Pellegrin en 2014"."""
    if (a.has_year or a.has_season) and K.ORGANISATION in a.kinds:
        return [K.DATE, K.ORGANISATION]
    return None


def _date_place(a: Account) -> list[str] | None:
    if K.DATE in a.kinds and a.kinds & {K.PLACE, K.ORGANISATION}:
        return [K.DATE, *sorted(a.kinds & {K.PLACE, K.ORGANISATION})]
    return None


def _employer_role(a: Account) -> list[str] | None:
    if a.of(K.ORGANISATION) and _ROLE.search(a.text):
        return [K.ORGANISATION]
    return None


def _age_school(a: Account) -> list[str] | None:
    schools = [s for s in a.of(K.ORGANISATION) if _is_school(a.words(s))]
    if schools and _AGE.search(a.text):
        return [K.ORGANISATION]
    return None


def _named_relation(a: Account) -> list[str] | None:
    if any(_relation_near(a.text, s) for s in a.of(K.NAME)):
        return [K.NAME]
    return None


def _many_details(a: Account) -> list[str] | None:
    quasi = a.kinds & {K.NAME, K.ORGANISATION, K.PLACE, K.DATE, K.ID_NUMBER}
    return sorted(quasi) if len(quasi) >= MANY_DETAILS else None


@dataclass(frozen=True)
class Rule:
    code: str
    check: Check


# Most serious first.
RULES: tuple[Rule, ...] = tuple(
    Rule(fn.__name__.lstrip("_"), fn)
    for fn in (
        _contact,
        _year_small_place,
        _time_employer,
        _date_place,
        _employer_role,
        _age_school,
        _named_relation,
        _many_details,
    )
)


def assess(text: str, spans: Iterable[Span], *, year: int | None = None) -> list[dict]:
    """The risk flags of one account (title and body joined), most serious first."""
    account = Account(text, list(spans), year)
    flags = []
    for rule in RULES:
        kinds = rule.check(account)
        if kinds:
            flags.append(
                {"code": rule.code, "reason": REASONS[rule.code], "kinds": sorted(set(kinds))}
            )
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
