"""The rules that decide what a capitalised run or a lower-case word is: ordered tables.

A *run* is a maximal sequence of capitalised words ("Gavin Moore", "St Jude's Clinic"),
found by `Finder.runs()` in the text as restored by recase.py. Its edges are trimmed
(titles, articles, ordinary opening words), then the rules of `RUN_RULES` are tried in
order; the first that decides wins:

- a `Found` (start, end, kind): the run, perhaps widened (a title, an article), is a
  detail of that kind;
- `SKIP`: the run is certainly no detail ("a Costa", "Polizia di Stato");
- None: the rule does not apply, the next one is tried.

`LOWER_RULES` does the same for a lower-case word in a text or sentence written without
capitals. Every threshold is in `Z` (word frequencies, Zipf scale) or `POPULATION`, so a
rule is tuned in one place; a new rule or language is a new entry in a table, and each
rule has tests of its own (tests/anonymise/test_rules.py) that it finds what it should and
leaves alone what it should.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.anonymise.tokens import CONNECTORS, THE, Finder, Found, Token
from archive.vocabulary import RedactionKind as K


class lazy:
    """A property computed once per object, without cached_property's lock (Python 3.11
    takes one on every first access, and the rules create thousands of these objects)."""

    def __init__(self, compute: Callable):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


class _Skip:
    def __repr__(self) -> str:
        return "SKIP"


SKIP = _Skip()
Verdict = Found | _Skip | None


class Z:
    """Word-frequency thresholds on the Zipf scale (0 = unknown, 3 = rare, 5 = common,
    7 = "the"); a word at or above a threshold counts as an ordinary word there."""

    PERSON_AT = 4.5  # "at Derek Lawson's": a first name this rare after "at" is a person
    TITLE_CASE_WORD = 4.5  # In A Title Case Line, only rarer words can be names
    OPENING_WORD = 4.0  # an ordinary word opening a run is not part of the name
    FUNCTION_WORD = 5.5  # a listed first name this frequent is a function word ("in")
    CHAIN_NAME = 4.5  # "a Costa": below this a first name after "a" is still a person
    ORG_NAME_PART = 5.0  # an organisation needs one word rarer than this besides its kind
    PUBLIC_BODY = 4.5  # "Polizia di Stato": the other words are all ordinary
    STREET_NAME = 5.5  # "Mill Road" but not "The Road"
    TOWN_WITHOUT_SIZE = 4.5  # a town under PLACE_ALWAYS after "in" must be no common word
    VENUE = 4.5  # "at the Hilton": one word venues must be uncommon
    FIRST_NAME_OPENING = 4.6  # a lone first name opening a sentence
    FIRST_NAME_RUN = 5.0  # a first name in a run of several words
    FIRST_NAME_GERMAN = 5.0  # German capitalises nouns: a first name mid-sentence
    FIRST_NAME_MID = 9.0  # elsewhere any first name mid-sentence is a name
    ARTICLE_WORD = 4.0  # "the Rose": after an article, a first name must be rare
    WORD_LIKE = 4.0  # "Grace before meals": an English opening word that is a word
    WORD_LIKE_OTHER = 3.5  # the same in the other languages (verbs: "Nací en León")
    JOB_TITLE = 4.5  # "The General Manager"
    PROGRAMME = 5.0  # "Saturday Night Live"
    NOT_A_TOWN_NAME = 7.0  # a first name that is also a town stays a name
    TOWN_ALONE = 3.6  # a town without a preposition must be a rare word
    MID_PLACE = 4.5  # a rare word after "in" is a place
    EMPLOYER = 4.5  # after "at", an uncommon word is an employer
    MID_RARE = 3.4  # a rare capitalised word in mid-sentence is a name
    OPENING_RARE = 3.0  # a rare word opening a sentence, with its verb
    OPENING_PAIR = 3.5  # two or three rare words opening a sentence
    GERMAN_NAME = 3.0  # German runs of rare words
    GERMAN_NAME_PART = 2.5
    # Case restoration (recase.py)
    RECASE_AFTER_TITLE = 5.0  # after "mr", "herrn", "don": a word rarer than this
    RECASE_TITLE_PARTICLE = 3.5  # "monsieur le bihan": after title and particle, rarer
    RECASE_FIRST_NAME = 4.8  # a listed first name rarer than this names an institution
    RECASE_NAME_POPULARITY = 2  # gender-guesser frequency (1-13) where the language is spoken
    RECASE_NOT_A_WORD = 3.0  # ...or a listed name rarer than this, which is no word
    RECASE_TO_TOWN = 4.0  # English "to X": X must be rarer than this to be a town
    # "villafranca del bierzo": a listed town of several words with no preposition before
    # it, its first word rarer than this
    RECASE_TOWN_OF_WORDS = 4.0
    RECASE_LANDMARK = 5.0  # "apotheke am rathaus": the landmark, rarer than this
    # "JORDAN STEELE": a country this popular as a first name (1-13), before a surname
    # rarer than this, is a person
    COUNTRY_NAME_POPULARITY = 4
    COUNTRY_NAME_SURNAME = 4.0
    LOWER_NO_WORD = 3.0  # "thorben ecklund vom …": rarer than this in all five languages
    FAMILY_FIRM_NAME = 4.0  # "martin et fils": a lower-case name before the tail, rarer
    RECASE_TOWN_VERB = 4.0  # a listed town with a verb ending ("freising") is a verb from here
    # A full name: (first name rarer than, surname rarer than, first name's popularity where
    # the language is spoken at least); any will do. A first name that is also a frequent
    # word must be a popular name there ("paul riddick", "MANUEL ORTEGA"; not "nello …").
    # A first name that is hardly a word and popular takes any surname but a frequent word
    # ("DARREN PRICE"; not "darren was").
    RECASE_FULL_NAME = ((4.8, 4.8, 0), (5.5, 4.3, 6), (4.0, 5.3, 5))
    # A listed first name rated rare where the language is spoken ("callum", "paco"): it
    # must be rarer than this as a word, and its surname rarer than that.
    RECASE_UNRATED_FULL_NAME = (4.3, 3.5)
    DISTRICT = 4.0  # "Köln-Kalk": the district's name is rarer than this
    RECASE_DISTRICT = 3.3  # "in leith", "to headingley": a small place rarer than this
    DISTRICT_NAME = 3.3  # "in Leith": after "in", a first name this rare is a place
    PERSONAL_A_POPULARITY = 3  # "a adrián": a first name this popular there is the person
    RECASE_VERB = 3.0  # a word with a verb ending at least this common is a verb
    RECASE_SURNAME_VERB = 4.0  # after a first name, a verb ending counts from this on
    RECASE_ORG_NAME = 4.0  # after an institution word, a name part is rarer than this
    RECASE_PARTNER = 5.0  # "hollins & dean logistics": the second partner, rarer than this
    RECASE_ORG_BEFORE = 3.5  # before it ("crestwood academy"), rarer than this
    RECASE_ACRONYM = 3.0  # a short shouted word rarer than this everywhere is an acronym
    # "COACH FAIRBAIRN", "L'AVVOCATO TRAVAGLINI": after a title that also names a job, a
    # word rarer than this in all five languages is the name
    RECASE_ROLE_TITLE_NAME = 3.0
    # "in der werkstatt bedrängt": a German participle, its infinitive at least this common
    PARTICIPLE_INFINITIVE = 2.5
    # "festgehalten", "geschlagen": a strong participle, its infinitive at least this common
    PARTICIPLE_STRONG = 3.0
    # "centre équestre des grands prés": after a kind, its descriptive word and an article,
    # the words naming it are rarer than this (no function word, verb or generic place)
    RECASE_KIND_ARTICLE = 5.6
    # (population at least, the town's name rarer than): big towns are named often.
    RECASE_TOWN = ((1_000_000, 5.6), (100_000, 5.0), (15_000, 4.5), (5_000, 3.8))
    # Lower-case words
    LOWER_FIRST_NAME = 4.3  # a listed first name rarer than this may be a name
    LOWER_FIRST_NAME_CUED = 5.0  # right after a relation or naming ("her brother dean")
    LOWER_AFTER_TITLE = 3.5  # "mr tolliver"
    LOWER_AFTER_RELATION = 4.0  # "my boss, fitz"
    LOWER_AFTER_CUE = 3.0  # after a title, any rarer word
    LOWER_PLACE_NO_WORD = 3.0  # "à carhaix": after "in", "à", "en", rarer everywhere
    ROLE_WORD = 2.5  # an occupation at least this frequent is no name
    SURNAME_COMMON = 4.0  # a family's surname in lower case is rarer than this
    # "camping les mouettes", "discoteca il faro": the noun naming a venue is rarer than
    # this, and no time, role or person ("au bar le soir", "au café le patron")
    KIND_NAME = 5.0
    KIND_QUALIFIER = 2.5  # "circolo ippico la …": an unlisted qualifier, rarer than this
    KIND_RARE_NAME = 3.0  # "scuola di danza étoile": a name after the activity, rarer
    TOLD_NAME = 4.8  # "ne ho parlato con arianna": the one told, a first name rarer than...
    TOLD_POPULARITY = 3  # ...and this popular where the language is spoken (1-13)
    PLURAL_STEM = 1.0  # "bandmates": a word ending in "s" whose stem any language knows
    NAME_AFTER_ARTICLE = 3.5  # "la rosa estaba": a name this common after an article is a thing
    DISTRICT_NAME = 3.5  # "el barrio de russafa": a lower-case district rarer than this
    OPENING_PET_NAME = 3.5  # "SPUD ON THE DOOR": an opening word rarer than this
    PET_NAME = 3.8  # "jojo", "fifi", "totò": a redoubled syllable rarer than this
    THE_ONE_FROM = 3.8  # "chencho el del bar": a word rarer than this opening the sentence
    SIZED_NAME = 3.2  # "big tosh": a word rarer than this (or any first name) made big
    NICKNAME = 4.5
    NICKNAME_AT_VENUE = 3.8  # "EL CANARIO DEL BAR": an opening word rarer than this  # "we called him chunk", "le llamábamos el chato": rarer than this
    LOWER_NAME_COMMON = 4.2  # without a cue, a first name must be rarer than this...
    LOWER_NAME_RARE = 3.0  # ...and rarer than this unless it acts like a person
    LOWER_STREET_NAME = 4.5  # "birchfield road" but not "the road"
    LOWER_HOST = 5.0  # "la fiesta de lucía": a first name rarer than this
    LOWER_POPULAR_NAME = 4.8  # a name popular where the language is spoken, acting
    LOWER_POPULARITY = 3  # ...at least this popular there (gender-guesser, 1-13)
    VENUE_AT_THE = 4.6  # "at the copper kettle": one word rarer than this
    VENUE_ONE_WORD = 4.1  # "at the anchor in falmouth": a one-word venue rarer than this
    NAME_POPULAR = 3  # gender-guesser popularity (1-13) of a name used without a cue
    INTERNATIONAL_NAME = 4.8  # ...never more frequent than this in any language
    NAME_FLATNESS = 0.6  # ...and as frequent in all five (a word is far more so in one)
    PARTNER_RARE = 4.0  # "marcy and jolene": the other of a pair, rarer than this...
    PARTNER_POPULARITY = 3  # ...or a name this popular where the language is spoken
    # "Thomas Bergmann" in German: a first name this popular where the language is spoken
    # (gender-guesser, 1-13), however frequent as a word, and a surname rarer than this.
    FULL_NAME_POPULARITY = 6
    FULL_NAME_SURNAME = 4.3


class LEARNED:
    """Probabilities from the learned second opinion (learned.py) above which it adds a
    word the rules missed: cross-validated over batches 25-37 (docs/anonymisation.md,
    rounds 9 and 10). Lower adds more details and more false spans."""

    ADD = 0.9  # a word this sure starts a span
    GROW = 0.3  # a neighbour this sure joins it ("academia de baile ALMA"; 0.5 in round 9)
    ORDINARY = 4.5  # Zipf: a span of English words this common needs a rule's span beside it


class POPULATION:
    """GeoNames populations above which a name is read as a town."""

    DISTRICT_CITY = 100_000  # "Köln-Kalk", "Bochum-Langendreer": a city this big, a district

    PLACE_ALWAYS = 50_000  # after "in", a town this big is the town even if a word
    KNOWN_TOWN = 15_000  # "Pasticceria Dolce Vita di Modena": a town inside a run
    TOWN_OF_WORDS = 5_000  # "Market Harborough": a town of several words this big
    TOWN_AFTER_NAME = 1_000  # "ristorante da osvaldo di perugia": the town, not the name


_THE, _CONNECTORS = THE, CONNECTORS
_WORKED = re.compile(
    r"\b(?:work(?:ed|ing|s)?|job|shifts?|employed|temp(?:ed|ing)?|intern(?:ed|ing)?|"
    r"travaill(?:e|ais|ait|é)|trabaj(?:o|aba|é)|arbeite(?:te)?|lavor(?:o|avo|ato))\b[^.!?]*$",
    re.IGNORECASE,
)
_DESCRIBED = re.compile(r",\s+(?:the|my|our|his|her|a|an|mon|ma|mi|mein|il)\s")


_WORK = re.compile(r"\b(?:" + lx.WORK_CUES + r")\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]")


def venue_kind(f: Finder, start: int, end: int) -> str:
    """A venue is a place ("[place]") unless its sentence says someone worked there: then
    it is an employer ("[organisation]")."""
    before = f.text[max(0, start - 80) : start]
    cut = list(_SENTENCE_END.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    after = f.text[end : end + 40]
    after = after[: m.start()] if (m := _SENTENCE_END.search(after)) else after
    return K.ORGANISATION if _WORK.search(before) or _WORK.search(after) else K.PLACE


def city_district(folded: str, language: str) -> int:
    """ "koln-kalk", "gelsenkirchen-buer": a big city's name joined to a district's, which
    is no ordinary word ("paris-based", "berlin-style" are words): the city's population."""
    parts = folded.split("-")
    if len(parts) != 2 or len(parts[1]) < 3:
        return 0
    city = gz.places().get(parts[0], 0)
    if city < POPULATION.DISTRICT_CITY:
        return 0
    district = parts[1]
    if gz.zipf(district, language) >= Z.DISTRICT or gz.zipf(district, "en") >= Z.DISTRICT:
        return 0
    return city


def venue(words: list[str]) -> bool:
    """The institution words of a name are all venues: "Harbourview Hotel", "Bar Sport"."""
    kinds = [w for w in words if w in lx.ORG_WORDS or craft(w)]
    return bool(kinds) and all(w in lx.VENUE_WORDS for w in kinds)


def named_compound(word: str) -> bool:
    """ "wilhelm-busch-schule", "geschwister-scholl-gymnasium": a name joined to its institution."""
    parts = word.split("-")
    return len(parts) >= 2 and parts[-1] in lx.ORG_WORDS and parts[0] not in lx.ORG_WORDS


def craft(word: str) -> bool:
    """German trades: Schreinerei, Bäckerei, Druckerei, Gärtnerei..."""
    return len(word) > 6 and word.endswith("erei")


_PARTICIPLE_PREFIXES = ("be", "ver", "er", "ent", "zer", "über", "uber", "miss", "hinter")


# Separable prefixes before the "ge" of a participle: "angefasst", "festgehalten".
_SEPARABLE_PREFIXES = (
    "an", "auf", "aus", "ein", "mit", "nach", "vor", "zu", "weg", "ab", "fest", "los", "um",
    "durch", "zurück", "zuruck", "hin", "her", "rein", "raus", "rum", "hoch", "runter",
)  # fmt: skip


def german_participle(folded: str) -> bool:
    """ "bedrängt", "gesagt", "gearbeitet", "angefasst", "festgehalten": a German past
    participle, known by its prefix and an infinitive the language uses ("bedrängen",
    "sagen", "anfassen", "halten"); names that look alike ("Gerhardt", "Ebert", "Berndt",
    "Gerken") have none."""
    if len(folded) < 6:
        return False
    for prefix in _SEPARABLE_PREFIXES:
        if folded.startswith(prefix + "ge") and len(folded) - len(prefix) >= 6:
            folded = folded[len(prefix) :]  # "festgehalten": "gehalten"
            break
    if folded.endswith("en") and folded.startswith("ge"):
        # a strong verb: "gehalten", "geschlagen" ("halten", "schlagen")
        return len(folded) >= 7 and gz.zipf(folded[2:], "de") >= Z.PARTICIPLE_STRONG
    if not folded.endswith("t"):
        return False
    stems = [folded[:-1]]
    if folded.endswith("et"):
        stems.append(folded[:-2])  # "gearbeitet": "arbeiten"
    if folded.startswith("ge"):
        stems += [stem[2:] for stem in stems]
    elif not folded.startswith(_PARTICIPLE_PREFIXES):
        return False
    return any(gz.zipf(stem + "en", "de") >= Z.PARTICIPLE_INFINITIVE for stem in stems)


def role_title(folded: str, language: str) -> bool:
    """A title or role that stands between a form of address and a name: "Herr Oberlehrer
    Kamphaus", "Frau Pastorin Eilers", "Herrn Pastor Weiß", "Signor Avvocato …"."""
    if folded in lx.TITLES or folded in lx.RELATIONS:
        return True
    if language != "de":
        return False
    # the German feminine: "Pastorin", "Oberlehrerin"
    stem = folded[:-2] if folded.endswith("in") else folded
    return (
        stem in lx.TITLES
        or stem in lx.RELATIONS
        or folded.endswith(lx.GERMAN_ROLE_ENDS)
        or stem.endswith(lx.GERMAN_ROLE_ENDS)
    )


def institution_word(folded: str, language: str) -> bool:
    """The kind of an institution: "academy", "hôtel", "Transportes", "Stadtsparkasse"."""
    if folded in lx.ORG_WORDS or craft(folded):
        return True
    if language == "en":
        return False
    if len(folded) > 7 and folded.endswith(lx.SHOP_SUFFIXES.get(language, ())):
        return True  # "frutería", "salumeria", "crêperie"
    # Firms are named in the plural: "Transportes Echevarría", "Construcciones Urquiza".
    if (
        len(folded) >= 6
        and folded.endswith("s")
        and (folded[:-1] in lx.ORG_WORDS or folded[:-2] in lx.ORG_WORDS)
    ):
        return True
    # German compounds end with their kind: "Stadtsparkasse", "Versicherungsgruppe", also
    # in the dative plural ("bei den Stadtwerken").
    if language != "de":
        return False
    forms = [folded]
    if folded.endswith("n") and len(folded) > 7:
        forms.append(folded[:-1])
        if folded.endswith("en"):
            forms.append(folded[:-2])
    return any(
        form.endswith(end) and len(form) > len(end) + 2
        for form in forms
        for end in lx.GERMAN_ORG_ENDS
    )


# ------------------------------------------------------------------ runs
class Run:
    """A trimmed capitalised run (tokens first..last) and the context the rules read."""

    def __init__(self, finder: Finder, first: int, last: int, named: bool):
        self.f = finder
        self.first, self.last, self.named = first, last, named
        self.tokens = finder.tokens[first : last + 1]
        self.start, self.end = self.tokens[0].start, self.tokens[-1].end
        self.words = [t.folded for t in self.tokens]
        self.prev = finder.before(first)
        self.de = finder.language == "de"
        self.en = finder.language == "en"
        # In mid-sentence (not opening it, not In A Title Case Line).
        self.mid = not self.tokens[0].initial and first not in finder.title_case
        # "at The Olive Grove": a capitalised article inside the sentence.
        self.the_before = (
            self.prev is not None
            and self.prev.folded in _THE
            and self.prev.capital
            and not self.prev.initial
        )

    @property
    def single(self) -> bool:
        return len(self.tokens) == 1

    @lazy
    def key(self) -> str:
        return " ".join(self.words)

    @lazy
    def population(self) -> int:
        return (
            self.f.place(self.key)
            or self.f.place(self.key.replace(" ", "-"))
            or (city_district(self.key, self.f.language) if self.single else 0)
        )

    @lazy
    def place_cue(self) -> bool:
        return self.f.preposition_before(self.first, lx.PLACE_PREPOSITIONS)

    @lazy
    def after(self) -> Token | None:
        tokens = self.f.tokens
        return tokens[self.last + 1] if self.last + 1 < len(tokens) else None

    def common(self, index: int, threshold: float) -> bool:
        return self.f.common(self.tokens[index], threshold)

    def followed_by_lower_word(self) -> bool:
        """The next word is lower case, right after a space: a verb, usually."""
        after = self.after
        return after is not None and not after.capital and self.f.gap(self.tokens[-1], after) == " "

    def two_before(self) -> Token | None:
        return self.f.tokens[self.first - 2] if self.first >= 2 else None

    def first_name_threshold(self) -> float:
        """A capitalised first name in mid-sentence is a name even when it is also a word
        ("Massimo", "Hope"); opening a sentence it must be an unusual word."""
        if self.mid:
            return Z.FIRST_NAME_GERMAN if self.de else Z.FIRST_NAME_MID
        return Z.FIRST_NAME_RUN if not self.single else Z.FIRST_NAME_OPENING

    def word_like(self) -> bool:
        """Opening a sentence alone, a first name that is also a word ("Autumn, Winter",
        "Grace before meals") must act or be described like a person."""
        token = self.tokens[0]
        return (
            not self.mid
            and self.single
            and self.f.zipf(token) >= (Z.WORD_LIKE if self.en else Z.WORD_LIKE_OTHER)
            and not self.f.acts(self.first)
            and token.full_end == token.end
            # "Hunter, the lifeguard, was…": described like a person
            and not _DESCRIBED.match(self.f.text[self.end : self.end + 40])
        )


@dataclass(frozen=True)
class Rule:
    name: str
    decide: Callable[[Run], Verdict]
    doc: str = ""


def _org_prefix(r: Run) -> Verdict:
    """ "du collège Jean-Moulin", "del liceo Carducci", "la parroquia de San Andrés": the
    kind written before, lower case (with "de" before a saint)."""
    prev = r.prev
    kind = r.f.before(r.first - 1) if prev is not None else None
    if (
        not r.en
        and prev is not None
        and kind is not None
        and prev.folded in ("de", "di", "del", "della", "du", "des")
        and r.words[0] in lx.SAINTS
        and not kind.capital
        and kind.folded in lx.ORG_PREFIXES | lx.ORG_WORDS
    ):
        return kind.start, r.end, K.ORGANISATION
    if (
        not r.en
        and prev is not None
        and not prev.capital
        and prev.folded in lx.ORG_PREFIXES
        and r.f.gap(prev, r.tokens[0]) == " "
        and not r.f.not_identifying(r.tokens[0])
    ):
        return prev.start, r.end, K.ORGANISATION
    if not r.en and prev is not None and kind is not None:
        start = _kind_linked(r, kind, prev)
        if start is not None:
            return start, r.end, K.ORGANISATION
    return None


# Between a kind written in lower case and the capitalised name: a definite article the
# run rules trimmed ("discoteca Il Faro", "crèche Les Lutins"), or a contracted "of the"
# ("garage du Pont-Neuf", "hotel del Sella").
_KIND_LINKS = frozenset("il la le les el los las lo du des del della dello dei".split())
_OF = frozenset(("de", "di", "du"))


def _kind_linked(r: Run, kind: Token, link: Token) -> int | None:
    """Where the organisation starts when a kind, a linking article and a name make one:
    "la discoteca Il Faro", "le garage du Pont-Neuf"; "club de tenis Las Encinas" (a
    kind, "de" and its sport, then the name)."""
    if r.f.gap(link, r.tokens[0]) != " " or r.f.not_identifying(r.tokens[0]):
        return None
    if r.words[0] in lx.TIME_WORDS or r.words[-1] in lx.TIME_WORDS:
        return None
    tokens, first = r.f.tokens, r.first
    if link.folded in lx.SPORTS and kind.folded in _OF and first >= 3:
        kind = tokens[first - 3]  # "club de tenis Las Encinas"
    elif link.folded not in _KIND_LINKS:
        return None
    elif kind.folded in lx.SPORTS and first >= 4 and tokens[first - 3].folded in _OF:
        kind = tokens[first - 4]  # the same, its article trimmed from the run
    linked = r.f.text[kind.start : link.end]
    if (
        not kind.capital
        and institution_word(kind.folded, r.f.language)
        and linked == " ".join(linked.split())
    ):
        return kind.start
    return None


def _a_chain(r: Run) -> Verdict:
    """ "a Premier Inn", "a Costa", "a red Fiesta": a chain or a kind, not one place."""
    prev = r.prev
    if not r.en or prev is None:
        return None
    article = r.f.before(r.first - 1) if not prev.capital else None
    if (
        prev.folded in ("a", "an")
        or (article is not None and article.folded in ("a", "an") and r.single)
    ) and not r.f.first_name(r.tokens[0], Z.CHAIN_NAME):
        return SKIP
    return None


def _country(r: Run) -> Verdict:
    """Countries and continents identify no one (unless named like a person: "my ex, Georgia")."""
    if r.named:
        return None
    if r.key in r.f.countries or r.key.replace(" ", "-") in r.f.countries:
        return SKIP
    return None


def _compound_institution(r: Run) -> Verdict:
    """ "Wilhelm-Busch-Schule": a name joined to its institution word."""
    if r.single and named_compound(r.words[0]):
        return r.start, r.end, K.ORGANISATION
    return None


def _public_body(r: Run) -> Verdict:
    """ "Polizia di Stato", "Police Nationale": a national body, with only ordinary words."""
    if any(w in lx.PUBLIC_BODIES for w in r.words) and all(
        w in lx.PUBLIC_BODIES or w in _CONNECTORS or r.f.common(t, Z.PUBLIC_BODY)
        for w, t in zip(r.words, r.tokens, strict=True)
    ):
        return SKIP
    return None


def _town_of_words(r: Run) -> Verdict:
    """ "Market Harborough", "Bishop's Stortford": a listed town of several words, even one
    that opens with an institution word (not after "the": "at the Red Lion" is a pub)."""
    after_the = r.prev is not None and r.prev.folded in THE
    if not r.single and not after_the and r.population >= POPULATION.TOWN_OF_WORDS:
        return r.start, r.end, K.PLACE
    return None


def _institution_word(r: Run) -> Verdict:
    """ "St Jude's Clinic", "Hotel Belvedere", "Schreinerei Vogt": an institution word at
    either end and at least one other word that is not an ordinary opening word."""
    org_index = [i for i, w in enumerate(r.words) if institution_word(w, r.f.language)]
    if r.words[0] in lx.CLUB_INITIALS or (
        r.tokens[0].core.isupper() and r.words[0] in lx.CLUB_INITIALS_SHOUTED
    ):
        org_index.insert(0, 0)  # "TSV Eichenau", "AS Plougastel"
    if not org_index or (org_index[-1] != len(r.words) - 1 and org_index[0] != 0):
        return None
    others = [t for i, t in enumerate(r.tokens) if i not in org_index]
    if not others and not r.single and org_index[0] == 0:
        # "Fitnessstudio Kraftwerk": a kind, then a name that happens to end like one
        others = r.tokens[1:]
    substantive = [t for t in others if not t.initial or not r.f.common(t, Z.ORG_NAME_PART)]
    if not substantive:
        return None
    start = r.prev.start if r.the_before else r.start
    kind = venue_kind(r.f, start, r.end) if venue(r.words) else K.ORGANISATION
    return start, r.end, kind


def _venue_after_the(r: Run) -> Verdict:
    """ "worked at The Olive Grove": a venue, whatever its name sounds like."""
    before = r.two_before()
    if r.the_before and before is not None and before.folded in lx.ORG_CUES:
        return r.prev.start, r.end, venue_kind(r.f, r.prev.start, r.end)
    return None


def _street_after(r: Run) -> Verdict:
    """ "Mill Road", "Lyndhurst Court": a street word closing the run, to its number and town."""
    if not r.single and r.words[-1] in lx.STREET_AFTER and not r.common(0, Z.STREET_NAME):
        return r.f.address(r.prev.start if r.the_before else r.start, r.end)
    return None


def _street_suffix(r: Run) -> Verdict:
    """ "Goethestraße 14", "Lindenallee": German street suffixes."""
    if any(w.endswith(lx.STREET_SUFFIXES) and len(w) > 6 for w in r.words) and (r.de or r.mid):
        return r.f.address(r.start, r.end)
    return None


def _saint_possessive(r: Run) -> Verdict:
    """ "at St Odran's": a church, school or hospital named after its saint."""
    last = r.tokens[-1]
    if not r.single and r.words[0] in ("st", "st.", "saint", "ste") and last.full_end > r.end:
        return r.start, last.full_end, K.ORGANISATION
    return None


def _titled(r: Run) -> Verdict:
    """ "Mr. Okafor", "Herr Krämer": the title goes with the name ("[name]", not "Mr. [name]")."""
    if r.f.title_before(r.first):
        return r.f.title_start(r.first), r.end, K.NAME
    return None


def _possessive_employer(r: Run) -> Verdict:
    """ "a waitress at Luigi's", "I worked at Pemberton's"."""
    token = r.tokens[0]
    if r.single and token.full_end > token.end and r.prev is not None:
        if r.prev.folded in lx.ORG_CUES:
            return r.start, token.full_end, K.ORGANISATION
    return None


def _town_after_preposition(r: Run) -> Verdict:
    """ "in Leeds", "à Quimper": a listed town after a place preposition (not a person's
    name after Spanish and Italian "a": "denuncié a Adrián")."""
    if (
        r.prev is not None
        and r.prev.folded == lx.PERSONAL_A.get(r.f.language)
        and r.tokens[0].folded in r.f.first_names
        and gz.name_popularity(r.tokens[0].folded, r.f.language) >= Z.PERSONAL_A_POPULARITY
    ):
        return None
    if (
        r.population
        and r.place_cue
        and (r.population >= POPULATION.PLACE_ALWAYS or not r.common(0, Z.TOWN_WITHOUT_SIZE))
    ):
        return r.start, r.end, K.PLACE
    return None


def _venue_the(r: Run) -> Verdict:
    """ "at the Red Lion", "at the Hilton": a venue after "at the"."""
    before = r.two_before()
    if (
        r.mid
        and not r.de
        and r.prev is not None
        and r.prev.folded in _THE
        and (not r.single or not r.common(0, Z.VENUE))
        and before is not None
        and before.folded in (lx.ORG_CUES | lx.PLACE_PREPOSITIONS)
    ):
        return r.prev.start, r.end, venue_kind(r.f, r.prev.start, r.end)
    return None


def _job_title(r: Run) -> Verdict:
    """ "The General Manager", "the Night Manager": a job title, not a name."""
    after = r.after
    if (
        after is not None
        and after.capital
        and after.folded in lx.ROLE_WORDS
        and r.f.gap(r.tokens[-1], after) == " "
        and r.common(-1, Z.JOB_TITLE)
    ):
        return SKIP
    return None


def _programme(r: Run) -> Verdict:
    """ "Saturday Night Live", "Friday Night Lights": a programme or event after a weekday."""
    tokens = r.f.tokens
    if (
        r.first > 0
        and tokens[r.first - 1].capital
        and tokens[r.first - 1].folded in lx.WEEKDAYS
        and r.f.gap(tokens[r.first - 1], r.tokens[0]) == " "
        and all(r.f.common(t, Z.PROGRAMME) for t in r.tokens)
    ):
        return SKIP
    return None


def _district_named_like_a_person(r: Run) -> Verdict:
    """ "in Leith", "desde Triana": after "in", a first name that is hardly a word names a
    district or a small town, not a person (unless a verb follows: "in Dale's flat" is
    left to the name rules)."""
    token = r.tokens[0]
    if (
        r.single
        and r.prev is not None
        and r.prev.folded in lx.IN_PREPOSITIONS
        and not (r.two_before() is not None and r.two_before().folded in lx.IN_PERSON_VERBS)
        and r.f.gap(r.prev, token) == " "
        and token.full_end == token.end
        and len(token.folded) >= 4
        and token.folded in r.f.first_names
        and not r.f.common(token, Z.DISTRICT_NAME)
        and not r.f.acts(r.first)
    ):
        return r.start, r.end, K.PLACE
    return None


def _first_name(r: Run) -> Verdict:
    """ "Derek Lawson", "Siobhan saw…": a run opening with a listed first name."""
    article = r.prev is not None and r.prev.folded in _THE and not r.prev.capital
    if (
        r.f.first_name(r.tokens[0], r.first_name_threshold())
        and not (article and r.common(0, Z.ARTICLE_WORD))
        and not r.word_like()
    ):
        return r.start, r.end, K.NAME
    return None


def _popular_full_name(r: Run) -> Verdict:
    """ "Gestern hat Thomas Bergmann…": a first name people are called where the language
    is spoken, though frequent as a word (German "Thomas" 5.0), and a rare surname."""
    if r.single or len(r.tokens) > 3:
        return None
    first, last = r.tokens[0], r.tokens[-1]
    popular = max(
        gz.name_popularity(first.folded, r.f.language), gz.name_popularity(first.folded, "en")
    )
    if (
        first.folded in r.f.first_names
        and popular >= Z.FULL_NAME_POPULARITY
        and not r.f.not_identifying(first)
        and not r.f.not_identifying(last)
        and not r.common(len(r.tokens) - 1, Z.FULL_NAME_SURNAME)
    ):
        return r.start, r.end, K.NAME
    return None


def _country_first_name(r: Run) -> Verdict:
    """ "Jordan Steele", "Georgia Brennan": a country that is a popular first name, then a
    surname that is hardly a word (not "Georgia Tech", "Jordan River")."""
    if len(r.tokens) != 2:
        return None
    first, last = r.tokens
    popular = max(
        gz.name_popularity(first.folded, r.f.language), gz.name_popularity(first.folded, "en")
    )
    if (
        first.folded in r.f.countries
        and first.folded in r.f.first_names
        and popular >= Z.COUNTRY_NAME_POPULARITY
        and not r.f.not_identifying(last)
        and not r.common(1, Z.COUNTRY_NAME_SURNAME)
    ):
        return r.start, r.end, K.NAME
    return None


def _listed_town(r: Run) -> Verdict:
    """A listed town that is no first name: after a preposition, or a rare word anyway."""
    if r.population and not r.f.first_name(r.tokens[0], Z.NOT_A_TOWN_NAME):
        if r.place_cue or not r.common(0, Z.TOWN_ALONE):
            return r.start, r.end, K.PLACE
    return None


def _relation_or_naming(r: Run) -> Verdict:
    """ "my manager, X", "his name was X", "s'appelait X"."""
    if r.f.relation_before(r.first) or r.f.naming_before(r.first):
        return r.start, r.end, K.NAME
    return None


def _town_opening_run(r: Run) -> Verdict:
    """ "in Leeds Crown Court"-like runs: the first word alone is a listed town."""
    if (
        not r.single
        and r.population == 0
        and r.f.place(r.words[0])
        and r.place_cue
        and not r.common(0, Z.TOWN_ALONE)
    ):
        return r.start, r.end, K.PLACE
    return None


def _rare_after_preposition(r: Run) -> Verdict:
    """ "from Ballyvolane": an uncommon word after a place preposition, mid-sentence."""
    if r.mid and r.place_cue and not r.de and not r.common(0, Z.MID_PLACE):
        return r.start, r.end, K.PLACE
    return None


def _after_the(r: Run) -> Verdict:
    """ "we drank at The Anchor": after a capitalised "The" in mid-sentence, a venue."""
    if r.the_before and r.mid and not r.de:
        return r.prev.start, r.end, venue_kind(r.f, r.prev.start, r.end)
    return None


def _employer_after_at(r: Run) -> Verdict:
    """ "worked Saturdays at Next": after "at" and work, a capitalised word is the employer."""
    prev = r.prev
    if not (r.mid and prev is not None and prev.folded in lx.ORG_CUES and not r.de):
        return None
    window = r.f.text[max(0, prev.start - 30) : prev.start]
    if not r.common(0, Z.EMPLOYER) or _WORKED.search(window):
        return r.start, r.end, K.ORGANISATION
    return None


def _rare_mid_sentence(r: Run) -> Verdict:
    """A rare capitalised word in mid-sentence is a name: "then Kwarteng came in"."""
    if r.mid and not r.de and any(r.f.rare(t, Z.MID_RARE) for t in r.tokens):
        return r.start, r.end, K.NAME
    return None


def _town_in_run(r: Run) -> Verdict:
    """ "Pasticceria Dolce Vita di Modena": ordinary words, but a town or first name inside."""
    if not r.mid or r.de or r.single:
        return None
    known = [
        t
        for t in r.tokens[1:]
        if r.f.place(t.folded) >= POPULATION.KNOWN_TOWN or t.folded in r.f.first_names
    ]
    return (r.start, r.end, K.ORGANISATION) if known else None


def _rare_opening_word(r: Run) -> Verdict:
    """A rare word opening a sentence, followed by its verb: "Kwame followed me"."""
    if (
        not r.mid
        and r.single
        and not r.de
        and r.f.rare(r.tokens[0], Z.OPENING_RARE)
        # other languages conjugate: "Abitavo a Napoli" opens with a verb
        and (r.en or r.f.zipf(r.tokens[0]) == 0)
        and r.followed_by_lower_word()
    ):
        return r.start, r.end, K.NAME
    return None


def _rare_opening_pair(r: Run) -> Verdict:
    """Two or three uncommon words opening a sentence, then a verb: "Ottilie Brask-Varden was…"."""
    if (
        not r.mid
        and 2 <= len(r.tokens) <= 3
        and not r.de
        and not r.population
        and all(r.f.rare(t, Z.OPENING_PAIR) for t in r.tokens)
        and (r.en or r.f.zipf(r.tokens[0]) == 0)
        and r.followed_by_lower_word()
    ):
        return r.start, r.end, K.NAME
    return None


def _german_rare_run(r: Run) -> Verdict:
    """German capitalises every noun: only a run of rare words is a name by its shape."""
    if (
        r.de
        and r.mid
        and not r.single
        and not r.common(0, Z.GERMAN_NAME)
        and all(not r.f.common(t, Z.GERMAN_NAME_PART) for t in r.tokens)
    ):
        return r.start, r.end, K.NAME
    return None


# The order matters: the first rule that decides wins.
RUN_RULES: tuple[Rule, ...] = tuple(
    Rule(fn.__name__.lstrip("_"), fn, (fn.__doc__ or "").strip())
    for fn in (
        _org_prefix,
        _a_chain,
        _country,
        _compound_institution,
        _public_body,
        _town_of_words,
        _institution_word,
        _venue_after_the,
        _street_after,
        _street_suffix,
        _saint_possessive,
        _titled,
        _possessive_employer,
        _town_after_preposition,
        _venue_the,
        _job_title,
        _programme,
        _district_named_like_a_person,
        _first_name,
        _popular_full_name,
        _country_first_name,
        _listed_town,
        _relation_or_naming,
        _town_opening_run,
        _rare_after_preposition,
        _after_the,
        _employer_after_at,
        _rare_mid_sentence,
        _town_in_run,
        _rare_opening_word,
        _rare_opening_pair,
        _german_rare_run,
    )
)


def classify(finder: Finder, first: int, last: int) -> Iterator[tuple[Found, str]]:
    """What the run first..last is, as (found, rule name) pairs (none, one, or two when a
    connector joins two details)."""
    tokens = finder.tokens
    if _title_with_particle(finder, first, last):
        # A title, then a surname with its particle: "M. Le Goff", "Mr Van Houten"
        yield (tokens[first].start, tokens[last].end, K.NAME), "title_with_particle"
        return
    first, last, named = _trim(finder, first, last)
    if first > last:
        return
    split = _connector_split(finder, first, last)
    if split is not None:
        yield from classify(finder, first, split - 1)
        yield from classify(finder, split + 1, last)
        return
    run = Run(finder, first, last, named)
    for rule in RUN_RULES:
        verdict = rule.decide(run)
        if verdict is SKIP:
            return
        if verdict is not None:
            yield verdict, rule.name
            return


def _title_with_particle(f: Finder, first: int, last: int) -> bool:
    tokens = f.tokens
    return (
        first + 2 <= last
        and f.is_title(tokens[first])
        and tokens[first + 1].folded in (_THE | _CONNECTORS)
        and tokens[first + 2].capital
    )


def _drop_first(f: Finder, first: int, last: int) -> bool:
    """The run's first word is not part of the name: a title, an article, a connector, a
    country, or an ordinary word opening the sentence ("At the Kings Arms")."""
    token = f.tokens[first]
    if f.not_identifying(token) and not (last > first and token.folded in lx.ORG_WORDS):
        # "Jordan Mace", "my ex, Georgia": a country that is also a first name; "Jesús
        # Rojas", "Christian Vidal": a faith's word that is also one, before a surname
        kept = (
            last > first and token.folded in f.first_names and not f.not_identifying(f.tokens[last])
        ) or (
            token.folded not in lx.NOT_IDENTIFYING
            and (f.relation_before(first) or f.title_before(first))
        )
        if not kept:
            return True
    return (
        f.is_title(token)
        # "Monsieur Le Bihan": after a title, an article is the surname's particle
        or (token.folded in _THE and not (last > first and f.title_before(first)))
        or (token.folded in _CONNECTORS and not token.capital)
        or (token.initial and token.folded in lx.RELATION_DETERMINERS)
        or _german_noun_before_name(f, first, last)
        or (
            token.initial
            and last > first
            and f.common(token, Z.OPENING_WORD)
            # "In", "En" are listed first names too, but never open a name
            and not f.first_name(token, Z.FUNCTION_WORD)
            and token.folded not in lx.ORG_WORDS
            and not f.place(token.folded)
        )
    )


def _german_noun_before_name(f: Finder, first: int, last: int) -> bool:
    """German capitalises nouns: "in Wahrheit Marvin Stoltenberg", "der Kollege Jonas
    Reuter", "die Wohnung von Hauke Tiarks": an ordinary noun before a first name (or
    before "von" and one) is not part of the name."""
    if f.language != "de" or last == first:
        return False
    token, following = f.tokens[first], f.tokens[first + 1]
    if following.folded in _OF_SOMEONE and not following.capital and first + 2 <= last:
        following = f.tokens[first + 2]  # "in der Wohnung von Hauke Tiarks"
    return (
        f.common(token, Z.OPENING_WORD)
        and not f.first_name(token, Z.FIRST_NAME_GERMAN)
        and not institution_word(token.folded, "de")
        and token.folded not in lx.CLUB_INITIALS
        and not f.place(token.folded)
        and f.gap(f.tokens[first], f.tokens[first + 1]) == " "
        and f.first_name(following, Z.FIRST_NAME_GERMAN)
    )


# "die Wohnung von …": a noun, then whose it is
_OF_SOMEONE = frozenset(("von",))


def _drop_last(f: Finder, first: int, last: int, named: bool) -> bool:
    token = f.tokens[last]
    if last > first and token.folded in lx.STREET_AFTER and token.capital:
        return False
    if token.folded in _CONNECTORS:
        return True
    if last > first and f.place(" ".join(t.folded for t in f.tokens[first : last + 1])):
        return False  # "Roquetas de Mar": a listed town's last word, though a month's
    return (
        f.not_identifying(token)
        and not (last > first and token.folded in lx.ORG_WORDS)
        and not (named and last == first and token.folded not in lx.NOT_IDENTIFYING)
    )


def _trim(f: Finder, first: int, last: int) -> tuple[int, int, bool]:
    """Trim words at either end that are not part of a name."""
    while first <= last and _drop_first(f, first, last):
        first += 1
    named = first <= last and (f.relation_before(first) or f.title_before(first))
    while last >= first and _drop_last(f, first, last, named):
        last -= 1
    return first, last, named


def _connector_split(f: Finder, first: int, last: int) -> int | None:
    """ "Weihnachtsfeier im Gasthaus Zum Hirschen": a connector joined an ordinary noun to
    an organisation; the two sides are classified apart."""
    tokens = f.tokens
    for k in range(first + 1, last):
        if (
            not tokens[k].capital
            and tokens[k].folded in _CONNECTORS
            and (
                (institution_word(tokens[k + 1].folded, f.language) and k + 1 < last)
                or named_compound(tokens[k + 1].folded)
            )
            and not any(institution_word(t.folded, f.language) for t in tokens[first:k])
        ):
            return k
    return None


# ------------------------------------------------------------------ lower-case words
class Word:
    """A lower-case word and the cues around it, for LOWER_RULES."""

    def __init__(self, finder: Finder, index: int, lower: bool):
        self.f = finder
        self.i = index
        self.token = finder.tokens[index]
        # In a text or sentence written without capitals.
        self.lower = lower
        self.titled = finder.title_before(index)

    @lazy
    def related(self) -> bool:
        return self.f.relation_before(self.i)

    @lazy
    def named_by(self) -> bool:
        return self.f.naming_before(self.i)

    @lazy
    def candidate(self) -> bool:
        """A listed first name; right after a relation, one that is also a middling word
        ("her brother dean", "mein onkel bernd")."""
        f, token = self.f, self.token
        return (
            f.first_name(token, Z.LOWER_FIRST_NAME)
            # a naming phrase is as strong a cue: "un certo lorenzo", "his name was mark"
            or ((self.related or self.named_by) and f.first_name(token, Z.LOWER_FIRST_NAME_CUED))
            # "MY COUSIN JORDAN", "my ex georgia": a country that is a first name
            or (
                self.related
                and token.folded in f.first_names
                and token.folded in f.countries
                and token.folded not in lx.NOT_IDENTIFYING
            )
        )

    @lazy
    def cue(self) -> bool:
        return self.titled or self.related or self.named_by

    @lazy
    def name(self) -> bool:
        f, token = self.f, self.token
        if self.candidate:
            return True
        if f.verb_form(token) or (self.named_by and f.adjective_form(token)):
            return False  # "le père rentrait", "… was harmless"
        if self.titled and not f.common(token, Z.LOWER_AFTER_TITLE):
            return True
        if _role_word(token.folded, f.language) and f.zipf(token) >= Z.ROLE_WORD:
            return False  # "le chef cuisinier", "the head waiter": a role, not a name
        # "my cousin tobiah", "my boss, fitz": right after a cue, an uncommon word
        return (
            self.cue
            and len(token.folded) > 2
            and token.folded not in lx.RELATIONS
            and f.rare(
                token,
                Z.LOWER_AFTER_RELATION if self.related or self.named_by else Z.LOWER_AFTER_CUE,
            )
            # "her older cousin cornered me": a verb, not a name
            and not (re.search(r"(?:ed|ing|ly)$", token.folded) and f.zipf(token) >= 2.0)
        )

    @property
    def uncued_lower(self) -> bool:
        return self.lower and not self.cue

    @property
    def cue_word(self) -> bool:
        """A title or relation noun is what introduces a name ("his mate ryan"), never one."""
        return self.token.folded in lx.RELATIONS or self.token.folded in lx.TITLES

    def next_token(self) -> Token | None:
        tokens = self.f.tokens
        return tokens[self.i + 1] if self.i + 1 < len(tokens) else None


@dataclass(frozen=True)
class WordRule:
    name: str
    decide: Callable[[Word], Verdict]
    doc: str = ""


# Endings of words for occupations, by language.
_ROLE_ENDINGS = {
    "en": ("er", "ist", "ian", "or"),
    "fr": ("ier", "ière", "iere", "eur", "euse", "iste", "ien", "ienne", "aire"),
    "es": ("ero", "era", "ista", "or", "ora"),
    "de": ("er", "erin", "ist", "istin"),
    "it": ("iere", "iera", "ista", "ore", "ora", "aio", "aia"),
}


def _role_word(folded: str, language: str) -> bool:
    """An occupation of the text's language only ("cuisinier", "soigneur"): surnames that
    end the same way ("Mercier", "Fournier") are in every language's word list."""
    if not folded.endswith(_ROLE_ENDINGS.get(language, ())):
        return False
    return all(gz.zipf(folded, lang) == 0 for lang in lx.LANGUAGES if lang != language)


def _lower_street(w: Word) -> Verdict:
    """ "on birchfield road": a word before a street word, in lower case."""
    f, token = w.f, w.token
    if not (w.lower and token.folded in lx.STREET_AFTER and w.i > 0):
        return None
    prev = f.tokens[w.i - 1]
    if (
        f.gap(prev, token) == " "
        and prev.folded not in lx.RELATION_DETERMINERS
        and prev.folded not in lx.RECASE_NEVER  # "i cant walk": chat, not a street
        and not f.common(prev, Z.LOWER_STREET_NAME)
    ):
        return prev.start, token.end, K.PLACE
    return None


def _a_thing(w: Word) -> bool:
    """After an article a first name that is also a word is the thing: "she runs the
    rota", "la rosa estaba en el jarrón" (not "la giulia mi ha detto", a rare word)."""
    f = w.f
    if w.i == 0:
        return False
    before = f.tokens[w.i - 1].folded
    if f.language == "en":
        return before in ("the", "a", "an")
    return before in THE | {"un", "una", "une", "ein", "eine"} and f.common(
        w.token, Z.NAME_AFTER_ARTICLE
    )


def _lower_first_name(w: Word) -> Verdict:
    """Without capitals a first name is also a word ("hazel", "violet"): it needs to act
    like a person ("derek grabbed me"), be listed with others, or be no word at all."""
    f, token = w.f, w.token
    if _a_thing(w):
        return None
    if (
        w.uncued_lower
        and w.name
        and not f.common(token, Z.LOWER_NAME_COMMON)
        and len(token.folded) > 2
        and (f.zipf(token) < Z.LOWER_NAME_RARE or f.acts(w.i) or f.listed(w.i) or f.described(w.i))
    ):
        return f.extend_lower(w.i)
    return None


def _international_name(w: Word) -> Verdict:
    """ "it was connor who filmed it", "j'ai croisé kévin à la gare": a first name as
    frequent in every language is a name, even without a cue."""
    if w.uncued_lower and not w.cue_word and w.f.international_name(w.token):
        return w.f.extend_lower(w.i)
    return None


def _popular_name_acting(w: Word) -> Verdict:
    """ "sergio me escribía", "kevin m'attendait": a first name popular where the language
    is spoken, though frequent as a word, doing what people do in accounts."""
    f, token = w.f, w.token
    if not (w.uncued_lower and not w.cue_word and f.first_name(token, Z.LOWER_POPULAR_NAME)):
        return None
    if _a_thing(w):
        return None
    popular = max(
        gz.name_popularity(token.folded, f.language),
        gz.name_popularity(token.folded, "en"),
        # names listed by their long form here ("Ben", "Nacho") are popular elsewhere
        gz.name_popularity(token.folded) - 2,
    )
    if popular >= Z.LOWER_POPULARITY and (f.acts(w.i) or f.listed(w.i)):
        return f.extend_lower(w.i)
    return None


def _host(w: Word) -> Verdict:
    """ "la soirée de mathilde", "la fiesta de lucía", "alla festa di chiara", "chez kevin":
    a first name whose party or home it was."""
    f, token = w.f, w.token
    if not w.uncued_lower or w.cue_word or not f.first_name(token, Z.LOWER_HOST):
        return None
    if _HOST.search(f.text[max(0, token.start - 30) : token.start]):
        return f.extend_lower(w.i)
    return None


def _family(w: Word) -> Verdict:
    """ "chez les morel", "bei familie schuster", "para los beltrán", "dai ferraro": a
    surname after a family word or a plural article, where it is no word of the language
    (surnames are in every language's word list, words of one language in its own)."""
    f, token, i = w.f, w.token, w.i
    if not w.lower or w.cue_word or i == 0 or len(token.folded) < 3:
        return None
    prev = f.tokens[i - 1].folded
    two = f.tokens[i - 2].folded if i >= 2 else ""
    family = (
        prev in lx.FAMILY_WORDS or prev in ("dai", "dagli") or two in _PLURAL_FAMILY.get(prev, ())
    )
    if family and f.surname_like(token):
        return token.start, token.end, K.NAME
    return None


def _with_me(w: Word) -> Verdict:
    """ "me n shaz", "shaz and i": a companion named next to the writer."""
    if w.uncued_lower and w.f.with_me(w.i):
        return w.f.extend_lower(w.i)
    return None


# Who the writer told: "i told …", "j'en ai parlé à …", "ne ho parlato con …", "se lo
# conté a …": the one told is a person.
_TOLD = re.compile(
    r"(?:^|\s)(?:told|talked\s+to|spoke\s+to|confided\s+in|"
    r"parlé\s+à|dit\s+à|raconté\s+à|confié\s+à|"
    r"hablé\s+con|hablado\s+con|conté\s+a|contado\s+a|dije\s+a|dicho\s+a|"
    r"parlato\s+con|detto\s+a|raccontato\s+a|confidata?\s+con)\s+$",
    re.IGNORECASE,
)


def _told(w: Word) -> Verdict:
    """ "ne ho parlato con arianna", "se lo conté a noelia": the one the writer told, a
    first name people are called where the language is spoken, though a middling word."""
    f, token = w.f, w.token
    if not (w.uncued_lower and not w.cue_word and f.first_name(token, Z.TOLD_NAME)):
        return None
    popular = max(
        gz.name_popularity(token.folded, f.language), gz.name_popularity(token.folded, "en")
    )
    # only the words just before: searching the whole text before each word would make
    # long lower-case accounts quadratic
    if popular >= Z.TOLD_POPULARITY and _TOLD.search(f.text, max(0, token.start - 40), token.start):
        return f.extend_lower(w.i)
    return None


def _no_word_acting(w: Word) -> Verdict:
    """ "c'est mathéo qui a commencé", "braxtyn kept texting me": a word of none of the five
    languages and in no list, doing what people do in accounts, is someone's name."""
    f, token = w.f, w.token
    folded = token.folded
    if not (w.uncued_lower and len(folded) >= 3 and folded.isalpha()):
        return None
    if folded in lx.RECASE_NEVER or folded in lx.NOT_IDENTIFYING or folded in lx.RELATIONS:
        return None  # "lol said", "ngl who …": chat words
    if folded.startswith(("capo", "chef", "jefe", "ober")):
        return None  # "il caporeparto mi scriveva": a role of no word list
    if any(gz.zipf(folded, lang) >= Z.LOWER_NO_WORD for lang in lx.LANGUAGES):
        return None
    if folded.endswith(lx.VERB_ENDINGS[f.language] + lx.VERB_ENDINGS["en"]):
        return None  # "me tutoyait et me …": a verb form
    if folded.endswith("s") and any(
        gz.zipf(folded[:-1], lang) >= Z.PLURAL_STEM for lang in lx.LANGUAGES
    ):
        return None  # "my bandmates kept …": a plural ("ilyès était …" is a name)
    return f.extend_lower(w.i) if f.acts(w.i) or f.described(w.i) else None


def _lower_place(w: Word) -> Verdict:
    """ "in leeds", "at ballyvolane": a town or a non-word after a place preposition."""
    if w.uncued_lower and w.f.lower_place(w.i):
        return w.token.start, w.token.end, K.PLACE
    return None


def _lower_venue_the(w: Word) -> Verdict:
    """ "at the lantern rooms", "at the kings arms", "at the plough inn": a venue named in
    lower case."""
    f, i = w.f, w.i
    if not w.uncued_lower or i < 2:
        return None
    venue = _LOWER_VENUE.match(f.plain, f.tokens[i - 1].start)
    if venue and venue.group(2) in _ROOM_KINDS:
        return None  # "the changing rooms", "the staff lounge"
    if venue and venue.group(1).endswith("head") and not venue.group(2).endswith("s"):
        return None  # a pub's head is someone's ("the kings head"), not "the stair head"
    if venue and f.tokens[i - 1].folded == "the" and f.tokens[i - 2].folded == "at":
        # the venue keeps its article, as written normally ("at [place]", not "at the [place]")
        return venue.start(), venue.end(1), venue_kind(f, venue.start(), venue.end(1))
    return None


def _uncued_stop(w: Word) -> Verdict:
    """Nothing else is read from a lower-case word without a cue."""
    return SKIP if w.uncued_lower else None


def _cued_name(w: Word) -> Verdict:
    """ "my manager priya", "mr tolliver", "his name was dev": a name after its cue."""
    if w.cue and w.name:
        start, end, kind = w.f.extend_lower(w.i)
        return (w.f.title_start(w.i) if w.titled else start), end, kind
    return None


_HOST = re.compile(
    r"(?:\b(?:party|parties|house|flat|place|birthday|wedding|soirée|soiree|fête|fete|maison|"
    r"appart|anniversaire|mariage|fiesta|casa|piso|cumpleaños|cumple|boda|festa|compleanno|"
    r"matrimonio|party|feier|geburtstag|hochzeit|wohnung)\s+(?:de|d'|di|del|von|bei|of)\s*|"
    r"\bchez\s+)$",
    re.IGNORECASE,
)
# A plural article, and the words before it after which a surname names a family: "chez
# les morel", "para los beltrán", "bei den schusters".
_PLURAL_FAMILY = {
    "les": ("chez", "avec", "voisins"),
    "los": ("para", "con", "de", "casa"),
    "den": ("bei", "mit"),
}
# Pubs are "the X arms", "the X inn", "the X head" ("the queens head", "the nag's head").
_LOWER_VENUE = re.compile(
    r"the\s+(([a-z][a-z'’]+)\s+(?:rooms|arms|tavern|lounge|social|inn|head))\b"
)
_ROOM_KINDS = frozenset(
    """
    changing dining living meeting waiting common staff games function drawing dressing
    class school back front side locker tea club reading music departure arrivals
    """.split()
)

LOWER_RULES: tuple[WordRule, ...] = tuple(
    WordRule(fn.__name__.lstrip("_"), fn, (fn.__doc__ or "").strip())
    for fn in (
        _lower_street,
        _lower_first_name,
        _international_name,
        _popular_name_acting,
        _host,
        _family,
        _with_me,
        _told,
        _no_word_acting,
        _lower_place,
        _lower_venue_the,
        _uncued_stop,
        _cued_name,
    )
)


def classify_lower(finder: Finder, index: int, lower: bool) -> tuple[Found, str] | None:
    """What a lower-case word is, with the rule that decided, or None."""
    word = Word(finder, index, lower)
    token = word.token
    if token.capital or token.folded.endswith("'"):
        return None  # an elided article or pronoun ("m'", "l'") is never a name
    if not (word.candidate or word.titled or lower):
        return None
    for rule in LOWER_RULES:
        verdict = rule.decide(word)
        if verdict is SKIP:
            return None
        if verdict is not None:
            return verdict, rule.name
    return None
