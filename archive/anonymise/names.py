"""Detectors of proper names: people, organisations and places.

No statistical model: the official spaCy pipelines on PyPI cover French (and an old
Spanish) only, so one language-independent method serves all five languages (see
docs/anonymisation.md). A name is found from three kinds of evidence:

- its shape: capitalised words in the middle of a sentence, runs of them ("Gavin Moore",
  "St Jude's Clinic"), joined by particles ("University of Leeds", "Jean de la Croix");
- its context: a title ("Mr.", "Mme", "Herr"), a relation ("my manager, X"), a naming
  phrase ("his name was X", "s'appelait X"), a place preposition ("in X", "à X"), an
  institution word ("X Academy", "Hotel X"), a street type ("X Road", "rue X");
- general lists: ~45,000 first names, GeoNames places of 1,000+ people, and word
  frequencies to tell an ordinary word from a name (gazetteers.py).

Lower-case names are found through the same context cues ("my manager priya").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.anonymise import rules
from archive.anonymise.tokens import CONNECTORS, THE, Found, Token
from archive.vocabulary import RedactionKind as K

# A detail and the name of the rule that found it.
Explained = tuple[Found, str]

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*(?:\.(?=\s)|(?<=\bSt)\.)?")
_POSSESSIVE = re.compile(r"['’][sS]?$")  # "SHONA'S" too
_CLITIC = re.compile(r"(?:me|te|se|lo|la|le|les|nos|os|mi|ti|ci|vi|gli|ne|moi|toi|melo|telo|selo)$")
_ELISION = re.compile(
    r"(?:l|d|c|j|m|n|s|t|qu|lorsqu|puisqu|jusqu|all|dall|dell|nell|sull|coll|un|quell|"
    r"sant|pell)['’](?=[^\W\d_])",
    re.IGNORECASE,
)
_CONNECTORS = CONNECTORS
_BOUNDARY = re.compile(r"[.!?…:;\n•|]|\s[-–—]")
_THE = THE


class Scanned(NamedTuple):
    """A word as scanned once from the text: its parts (an elided article, then the word),
    each (start, end, full end, text, core, folded), and what separates it from the word
    before. A tuple: 5,000 words are scanned for every account."""

    start: int
    end: int
    parts: tuple[tuple[int, int, int, str, str, str], ...]
    boundary: bool  # a sentence boundary in the gap before it
    hashtag: bool


def scan(text: str) -> list[Scanned]:
    """The words of `text`, once; `tokenize()` reads them for any same-length casing of it."""
    words: list[Scanned] = []
    last_end = 0
    fold = gz.fold
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        matched = m.group()
        gap = text[last_end:start]
        # A word's full stop is part of the match only for abbreviations ("Mr.", "St.").
        dotted = matched.endswith(".")
        last_end = end - 1 if dotted and not _abbreviation(matched) else end
        word = matched.rstrip(".") if dotted and not matched.startswith("St") else matched
        first = start
        parts: tuple[tuple[int, int, int, str, str, str], ...] = ()
        elided = _ELISION.match(word) if ("'" in word or "’" in word) else None
        if (
            elided
            and word[:1].isupper()
            and word[elided.end() : elided.end() + 1].isupper()
            and not word.isupper()
        ):
            elided = None  # a surname: "D'Angelo", "L'Estrange" (but "L'AS", "D'ANNECY")
        if elided:
            # "d'Annecy", "all'Hotel Belvedere", "c'était": the word after the apostrophe.
            prefix = elided.group()
            cut = start + len(prefix)
            parts = ((start, cut, cut, prefix, prefix, fold(prefix)),)
            start, word = cut, word[len(prefix) :]
        core = word
        if len(word) > 3 and word[-1] in "sS'’" and word[-2:-1] in ("'", "’") or word[-1:] in "'’":
            core = _POSSESSIVE.sub("", word) if len(word) > 3 else word
        core = core.rstrip(".") or core
        parts += ((start, start + len(core), start + len(word), word, core, fold(core)),)
        boundary = gap != " " and _BOUNDARY.search(gap) is not None
        words.append(Scanned(first, end, parts, boundary, text[first - 1 : first] == "#"))
    return words


def tokenize(
    text: str, masked: list[tuple[int, int]], words: list[Scanned] | None = None
) -> list[Token]:
    """The tokens of `text` outside the masked spans, with their capitals and sentence
    starts; `words` (from `scan()` of the same text in any casing) saves scanning again."""
    if words is None:
        words = scan(text)
    tokens: list[Token] = []
    hidden = bytearray(len(text) + 1)
    for s, e in masked:
        hidden[s:e] = b"\x01" * (e - s)
    boundary = True
    for w in words:
        boundary = boundary or not tokens or w.boundary
        if w.hashtag or (masked and any(hidden[w.start : w.end])):
            # A hashtag ends a sentence as far as names go: "#MeToo It was my coach".
            boundary = boundary or w.hashtag
            continue
        initial, boundary = boundary, False
        for start, end, full_end, word, core, folded in w.parts:
            if core.endswith(("'", "’")) and end == full_end and len(w.parts) > 1:
                tokens.append(Token(start, end, word, core, full_end, folded, False, initial))
                initial = False
                continue
            written = text[start:full_end]
            written_core = text[start:end]
            capital = written[:1].isupper() and not (len(core) > 1 and written_core.isupper())
            if len(core) > 1 and written_core.isupper() and folded in lx.SHOUTED_KINDS:
                capital = True  # a kind in capitals: "LLC", "TSV", "AS"
            tokens.append(
                Token(start, end, written, written_core, full_end, folded, capital, initial)
            )
            initial = False
    return tokens


def _abbreviation(word: str) -> bool:
    folded = gz.fold(word)
    # "ca." (circa), not French "ça." ending a sentence
    return folded in lx.TITLES or word.lower()[:-1] in _ABBREVIATIONS or len(folded) == 2


_ABBREVIATIONS = frozenset("st ste mt no nr vs ca approx dept".split())


class NameFinder:
    """One text's proper names. Construct, then iterate `find()`."""

    def __init__(
        self,
        text: str,
        language: str,
        masked: list[tuple[int, int]],
        plain: str | None = None,
        words: list[Scanned] | None = None,
    ):
        # The text as restored by recase.py, and as written (shouting lowered), for the
        # rules that recognise lower-case phrases by their shape.
        self.text = text
        self.plain = text if plain is None else plain
        self.language = language if language in lx.LANGUAGES else "en"
        self.tokens = tokenize(text, masked, words)
        self.first_names = gz.first_names()
        self.places = gz.places()
        self.countries = gz.countries()
        capitals = sum(
            1 for t in self.tokens if t.initial and text[t.start : t.start + 1].isupper()
        )
        starts = sum(1 for t in self.tokens if t.initial)
        # Written without capitals (common in posts): rely on cues and lists instead.
        self.lowercase_style = starts >= 1 and capitals / starts < 0.3
        self.title_case = self._title_case_sentences()

    def _title_case_sentences(self) -> set[int]:
        """Tokens of sentences written In Title Case: their capitals say nothing."""
        marked: set[int] = set()
        sentence: list[int] = []
        for i, token in enumerate([*self.tokens, None]):
            if token is None or token.initial:
                capitals = sum(self.tokens[j].capital for j in sentence)
                # Title case capitalises the small words too ("I Am Not Afraid"); a
                # sentence full of names keeps them small ("al Bar Centrale di Cagliari").
                if capitals >= 3 and capitals >= 0.8 * len(sentence):
                    marked.update(sentence)
                sentence = []
            if token is not None:
                sentence.append(i)
        return marked

    # ------------------------------------------------------------ helpers
    def zipf(self, token: Token) -> float:
        return gz.zipf(token.folded, self.language)

    def common(self, token: Token, threshold: float = 4.0) -> bool:
        """An ordinary word of the text's language (or of English, which every post mixes in)."""
        return (
            gz.zipf(token.folded, self.language) >= threshold
            or gz.zipf(token.folded, "en") >= threshold + 0.5
        )

    def rare(self, token: Token, threshold: float) -> bool:
        """Not an ordinary word, nor its parts ("Écrivez-moi"), nor a verb with a clitic."""
        if self.common(token, threshold):
            return False
        parts = re.split(r"[-'’]", token.folded)
        if len(parts) > 1 and any(gz.zipf(p, self.language) >= threshold for p in parts if p):
            return False
        stem = _CLITIC.sub("", token.folded)
        return not (stem != token.folded and gz.zipf(stem, self.language) >= threshold)

    def before(self, index: int) -> Token | None:
        return self.tokens[index - 1] if index > 0 else None

    def gap(self, left: Token, right: Token) -> str:
        return self.text[left.full_end : right.start]

    def is_title(self, token: Token | None) -> bool:
        if token is None:
            return False
        word = token.folded
        dotted = self.text[token.end : token.end + 1] == "."
        return word in lx.TITLES or (word + ".") in lx.TITLES and dotted

    def title_before(self, index: int) -> bool:
        """A title right before the token: "Mr. X", "Dr X", "Frau X" (not "a pastor. X")."""
        prev = self.before(index)
        if prev is None:
            return False
        if not self.is_title(prev):
            return self._chained_title_before(index)
        gap = self.text[prev.end : self.tokens[index].start]
        if gap == " ":
            return True
        return gap == ". " and len(prev.core) <= 4 and prev.folded + "." in lx.TITLES

    def _chained_title_before(self, index: int) -> bool:
        """ "Herr Oberlehrer Kamphaus", "Frau Pastorin Eilers": a form of address and a role
        before the name, one title together."""
        role = self.before(index)
        title = self.before(index - 1) if index >= 2 else None
        return (
            role is not None
            and title is not None
            and title.folded in lx.NAME_TITLES
            and self.gap(title, role) == " "
            and self.gap(role, self.tokens[index]) == " "
            and rules.role_title(role.folded, self.language)
        )

    def title_start(self, index: int) -> int:
        """Where the titles before the token begin: "Frau Dr. Wiegand", "Prof. Dr. Lattwein"
        are one name with all their titles."""
        while index > 0 and self.title_before(index):
            index -= 1
        return self.tokens[index].start

    def not_identifying(self, token: Token) -> bool:
        return token.folded in lx.NOT_IDENTIFYING or token.folded in self.countries

    def first_name(self, token: Token, threshold: float = 5.0) -> bool:
        parts = token.folded.split("-")
        return (
            (
                token.folded in self.first_names
                # "Jean-Luc", "daisy-mae": every part a first name
                or (
                    len(parts) > 1
                    and token.folded not in lx.RELATIONS  # "beau-père", not Beau and Père
                    and all(p in self.first_names and len(p) > 1 for p in parts)
                )
            )
            and len(token.folded) > 1
            and not self.not_identifying(token)
            and gz.zipf(token.folded, self.language) < threshold
        )

    def place(self, folded: str) -> int:
        return self.places.get(folded, 0)

    def preposition_before(self, index: int, words: frozenset[str]) -> bool:
        prev = self.before(index)
        if prev is None:
            return self.text[: self.tokens[index].start].rstrip().lower().endswith(("d'", "d’"))
        gap = self.gap(prev, self.tokens[index])
        if gap.strip() in ("d'", "d’", "l'", "l’"):
            return True
        if self.language == "en" and prev.folded == "a":
            return False  # "past a Costa": the article, not Italian or Spanish "a"
        return prev.folded in words and gap.strip() in ("", ",")

    def relation_before(self, index: int) -> bool:
        """'my manager, X', 'the coach X', 'mon patron X', 'my ex X'."""
        prev = self.before(index)
        if prev is None:
            return False
        if (
            index >= 3
            and not prev.capital
            and self.tokens[index - 2].folded in ("de", "di", "del", "da", "von", "vom")
            and self.tokens[index - 3].folded in lx.RELATIONS
            and self.gap(prev, self.tokens[index]).strip() in ("", ",")
        ):
            # "mon coach de boxe yanis", "mi compañero de piso iker"
            return self._relation_at(index - 3)
        if not _relation_noun(prev.folded) and not (
            # "Reitlehrer", "Fußballtrainer", "Schichtleiter": a German compound role
            self.language == "de" and prev.folded.endswith(lx.GERMAN_ROLE_ENDS)
        ):
            return False
        gap = self.gap(prev, self.tokens[index]).strip()
        if gap not in ("", ",", ":", "-", "–", "—"):
            return False
        return self._relation_at(index - 1)

    def _relation_at(self, rel_index: int) -> bool:
        """The relation noun at rel_index is introduced by a possessive or article."""
        det = self.before(rel_index)
        if det is None:
            return False
        if det.folded in lx.RELATION_DETERMINERS:
            return True
        # One describing word between: "my personal trainer", "mon ancien patron".
        det2 = self.before(rel_index - 1)
        return (
            not det.capital
            and len(det.folded) <= 12
            and det2 is not None
            and det2.folded in lx.RELATION_DETERMINERS
            and self.gap(det2, det) == " "
        )

    def naming_before(self, index: int) -> bool:
        window = self.text[max(0, self.tokens[index].start - 30) : self.tokens[index].start]
        return bool(_NAMING.search(window)) or self.relation_predicate(index)

    def relation_predicate(self, index: int) -> bool:
        """ "my manager at sparks gym was deano", "mon coach c'était yanis": a relation noun
        then, a few words on in the same sentence, "was" and the word."""
        if index < 3 or self.tokens[index - 1].folded not in _COPULAS:
            return False
        for k in range(index - 2, max(-1, index - 9), -1):
            token = self.tokens[k]
            if token.folded in lx.RELATIONS and self._relation_at(k):
                return True
            # "the manager gemma and she said marky was …": another subject, another verb
            if token.initial or token.folded in _SUBJECTS or doing(self.text, token.start):
                return False
        return False

    def verb_form(self, token: Token) -> bool:
        """A conjugated verb of the text's language ("rentrait", "groped")."""
        endings = lx.VERB_ENDINGS[self.language]
        if not token.folded.endswith(endings) or token.folded in self.first_names:
            return False
        # A verb is in its own language's word list and hardly any other; a surname that
        # ends the same way ("Mercier") is in most of them.
        present = [lang for lang in lx.LANGUAGES if gz.zipf(token.folded, lang) > 0]
        return self.language in present and len(present) <= 2

    def adjective_form(self, token: Token) -> bool:
        """An adjective of the text's language or English ("harmless", "gentile")."""
        return any(
            token.folded.endswith(lx.ADJECTIVE_ENDINGS[lang]) and gz.zipf(token.folded, lang) >= 2.5
            for lang in {self.language, "en"}
        )

    def surname_like(self, token: Token) -> bool:
        """No ordinary word of the language: a surname travels, so it is in most languages'
        word lists ("Morel", "Schuster"), or in none ("Kornmüller")."""
        frequencies = [gz.zipf(token.folded, lang) for lang in lx.LANGUAGES]
        if self.zipf(token) >= rules.Z.SURNAME_COMMON or self.verb_form(token):
            return False
        return sum(f > 0 for f in frequencies) >= 4 or not any(frequencies)

    def international_name(self, token: Token) -> bool:
        """A first name as frequent in all five languages ("kevin", "connor", "sandra"):
        a name, where a word of one language is far more frequent there ("hazel", "mark")."""
        if token.folded not in self.first_names or self.not_identifying(token):
            return False
        if len(token.folded) < 3 or gz.name_popularity(token.folded) < rules.Z.NAME_POPULAR:
            return False
        frequencies = [gz.zipf(token.folded, lang) for lang in lx.LANGUAGES]
        return (
            max(frequencies) < rules.Z.INTERNATIONAL_NAME
            and max(frequencies) - min(frequencies) <= rules.Z.NAME_FLATNESS
        )

    # ------------------------------------------------------------ runs
    def runs(self) -> Iterator[tuple[int, int]]:
        """Maximal sequences of capitalised tokens, as (first, last) indexes."""
        tokens, n, i = self.tokens, len(self.tokens), 0
        # In A Title Case Sentence only uncommon words can be names: "He Said Derek Lawson Lied"
        plain = {j for j in self.title_case if self.common(tokens[j], rules.Z.TITLE_CASE_WORD)}
        while i < n:
            if not tokens[i].capital or self._cue_word(tokens[i]) or i in plain:
                i += 1
                continue
            j = i
            while j + 1 < n and j + 1 not in plain:
                step = self._joins_next(j) or self._particle_join(j)
                if step is None:
                    break
                j = step
            yield i, j
            i = j + 1

    def _joins_next(self, j: int) -> int | None:
        """The next capitalised word continues the run ("Gavin Moore", "St. Jude",
        "Fenwick & Hale"), unless it is a cue or an ordinary word of its own."""
        tokens = self.tokens
        gap, nxt = self.gap(tokens[j], tokens[j + 1]), tokens[j + 1]
        if not nxt.capital or gap not in _RUN_GAPS:
            return None
        if gap == ". " and not (
            self.is_title(tokens[j])
            or tokens[j].core in ("St", "Ste")
            or (len(tokens[j].core) == 1 and tokens[j].core.isupper())
        ):
            return None
        if gap.strip() in _AND and not self._org_ahead(j + 1):
            return None  # "Castel et Associés", but not "Tom and Jerry" as one name
        if (
            (self.not_identifying(nxt) or self._cue_word(nxt))
            and not self._org_ahead(j + 1)
            # "Lyndhurst Court", "Abbey Park": a street word ends the address
            and nxt.folded not in lx.STREET_AFTER
        ):
            return None
        return j + 1

    def _particle_join(self, j: int) -> int | None:
        """Particles inside a name: "University of Leeds", "Jean de la Fontaine", and "and"
        before an institution word: "Castel et Associés", "Fenwick and Hale LLP"."""
        tokens, n = self.tokens, len(self.tokens)
        k = j + 1
        if (
            k + 1 < n
            and tokens[k].folded in _AND
            and not tokens[k].capital
            and self.gap(tokens[j], tokens[k]) == " "
            and self.gap(tokens[k], tokens[k + 1]) == " "
            and self._org_ahead(k + 1)
        ):
            return k + 1
        while k < n and tokens[k].folded in _CONNECTORS and not tokens[k].capital:
            k += 1
        if (
            k > j + 1
            and k < n
            and tokens[k].capital
            and k - j <= 3
            and all(
                self.gap(tokens[m], tokens[m + 1]) in (" ", "'", "’")
                # "Conservatoire d'Angoulême": an elided particle joined to the name
                or (
                    m > j and tokens[m].folded in _ELIDED and not self.gap(tokens[m], tokens[m + 1])
                )
                for m in range(j, k)
            )
            and (
                not self.not_identifying(tokens[k])
                # "Roquetas de Mar": a listed town's last word may be a month's abbreviation
                or self.place(" ".join(t.folded for t in tokens[j : k + 1])) > 0
            )
        ):
            return k
        return None

    def _cue_word(self, token: Token) -> bool:
        """A title or relation ("Herr", "Onkel", "Coach"): it introduces a name, it is none."""
        return rules.role_title(token.folded, self.language)

    def _org_ahead(self, index: int) -> bool:
        for token in self.tokens[index : index + 4]:
            if token.folded in lx.ORG_WORDS and token.capital:
                return True
            if not token.capital:
                return False
        return False

    # ------------------------------------------------------------ finding
    def find(self) -> Iterator[Found]:
        for found, _rule in self.explain():
            yield found

    def explain(self) -> Iterator[Explained]:
        """Every detail found, with the name of the rule that found it."""
        for name, languages, finder in TEXT_RULES:
            if languages and self.language not in languages:
                continue
            for found in finder(self):
                # Runs and lower-case words come with the name of their own rule.
                yield found if isinstance(found[1], str) else (found, name)

    def _churches(self) -> Iterator[Found]:
        """Parishes and schools named after a dedication: "Our Lady of Lourdes"."""
        for m in _CHURCH.finditer(self.text):
            yield m.start(), m.end(), K.ORGANISATION

    def _capitalised_runs(self) -> Iterator[Explained]:
        """Each run of capitalised words, classified by rules.RUN_RULES."""
        for first, last in self.runs():
            yield from rules.classify(self, first, last)

    def _german_compound_orgs(self) -> Iterator[Found]:
        """German names an institution by a compound kind then its name, and lower-case
        posts drop the capitals: "im jugendzentrum arche", "beim sportverein eintracht"
        (not "im jugendzentrum jeden tag": the name must be a rare word)."""
        for m in _GERMAN_COMPOUND_ORG.finditer(self.plain):
            name = m.group(2)
            if (
                name in _GERMAN_NOT_NAMES
                or gz.zipf(name, "de") >= 4.5
                or rules.german_participle(name)  # "in der werkstatt bedrängt"
            ):
                continue
            yield m.start(1), m.end(2), K.ORGANISATION

    def _lower_saints(self) -> Iterator[Found]:
        """A church, school or hospital named after its saint, in lower case: "at st bede's"."""
        for m in _LOWER_SAINT.finditer(self.plain):
            if not re.match(r"\s+(?:day|eve|night)\b", self.plain[m.end(1) :]):
                yield m.start(1), m.end(1), K.ORGANISATION  # not "st patrick's day"

    def _lower_named(self) -> Iterator[Found]:
        """Lower-case names of places and firms any language shows by their shape: a
        non-word before an institution or trade word ("wendtland logistik", "aquaflow
        leisure centre"), or after "at the" ("at the boilerhouse")."""
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if not self._non_word(token):
                continue
            end = self._kind_after(i)
            after_the = (
                i >= 2
                and tokens[i - 1].folded == "the"
                and tokens[i - 2].folded in ("at", "to", "from", "outside", "inside")
            )
            if end is not None:
                yield (tokens[i - 1].start if after_the else token.start), end, K.ORGANISATION
            elif after_the:
                yield tokens[i - 1].start, token.end, K.ORGANISATION

    def _non_word(self, token: Token) -> bool:
        """A lower-case word in no word list of the five languages, nor a name or town."""
        return (
            not token.capital
            and len(token.folded) >= 4
            and token.folded.isalpha()
            and all(gz.zipf(token.folded, lang) <= 1.0 for lang in lx.LANGUAGES)
            and token.folded not in self.first_names
            and token.folded not in self.places
        )

    def _kind_after(self, i: int) -> int | None:
        """Where the institution word after token i ends: right after it, or after one more
        lower-case word ("quarrybank leisure centre")."""
        tokens = self.tokens
        for k in (i + 1, i + 2):
            if k >= len(tokens) or tokens[k].capital or self.gap(tokens[k - 1], tokens[k]) != " ":
                return None
            if k == i + 2 and self.common(tokens[i + 1], rules.Z.FUNCTION_WORD):
                return None  # "ballavamo alla discoteca": a verb, then where to
            if tokens[k].folded in (lx.ORG_WORDS if k == i + 1 else _LOWER_ORG_ENDS):
                if k + 1 < len(tokens) and tokens[k + 1].folded in _LOWER_ORG_ENDS:
                    return tokens[k + 1].end
                return tokens[k].end
        return None

    def _at_capitals(self) -> Iterator[Found]:
        """English capitalises names, not nouns: two or more capitalised words after "at"
        in the middle of a sentence name a place or an organisation ("at Living Waters"),
        unless they are days, months, holidays or countries, or the line is In Title Case."""
        starts = {t.start: i for i, t in enumerate(self.tokens)}
        for m in _AT_CAPITALS.finditer(self.text):
            first = starts.get(m.start(1))
            if first is None or first in self.title_case:
                continue
            words = [gz.fold(w) for w in re.findall(r"[^\W\d_][\w'’-]*", m.group(1))]
            if (
                words[-1] == "year"
                or any(
                    w in lx.ALL_MONTHS
                    or w in lx.WEEKDAYS
                    or w in lx.NOT_IDENTIFYING
                    or w in self.countries
                    or w in lx.TITLES
                    for w in words
                )
                or _HOLIDAYS.search(m.group(1))
                # "at Derek Lawson's (house)": a person, as the runs' rules say
                or (
                    m.group(1).endswith(("'s", "’s"))
                    and self.first_name(self.tokens[first], rules.Z.PERSON_AT)
                )
            ):
                continue
            kind = (
                rules.venue_kind(self, m.start(1), m.end(1))
                if rules.venue(words)
                else K.ORGANISATION
            )
            yield m.start(1), m.end(1), kind

    def _venues_at_the(self) -> Iterator[Found]:
        """A venue named in lower case after "at the": uncommon words placed in a town or
        worked at ("a waitress at the copper kettle in frome", "AT THE ROYAL OAK IN
        BICESTER", "the anchor in falmouth"), or a pub's pair ("from the crown and anchor");
        not "at the bus depot", "at the back door"."""
        for m in _AT_THE.finditer(self.plain):
            words = m.group(2).split()
            town = m.group(3)
            placed = town is not None and (
                self.text[m.start(3)].isupper() or self.place(gz.fold(town)) >= 1_000
            )
            before = self.plain[max(0, m.start() - 50) : m.start()]
            worked = _WORK_CUE.search(before)
            if len(words) == 1 and (
                words[0].endswith("s") or not (worked or _OUTING.search(before))
            ):
                continue  # "at the caravan in …", "to the toilets": a thing, not a pub
            if (placed or worked) and self._venue_name(words):
                yield m.start(1), m.end(2), rules.venue_kind(self, m.start(1), m.end(2))
        for m in _PUB_PAIR.finditer(self.plain):
            pair = [gz.fold(m.group(2)), gz.fold(m.group(3))]
            if pair[0] in _FACILITIES or any(
                gz.zipf(w, "en") >= rules.Z.FUNCTION_WORD for w in pair
            ):
                continue  # "to the pub & then home": a kind of place, a function word
            if self._venue_name([m.group(2), m.group(3)]):
                yield m.start(1), m.end(3), rules.venue_kind(self, m.start(1), m.end(3))

    def _venue_name(self, words: list[str]) -> bool:
        folded = [gz.fold(w) for w in words]
        rarest = min(gz.zipf(w, "en") for w in folded)
        return not (
            folded[-1] in _FACILITIES
            or any(
                w in lx.RELATION_DETERMINERS
                or w in lx.NOT_IDENTIFYING
                or w in lx.GENERIC_QUALIFIERS
                for w in folded
            )
            or rarest >= (rules.Z.VENUE_AT_THE if len(words) > 1 else rules.Z.VENUE_ONE_WORD)
        )

    def _initials_of_town(self) -> Iterator[Found]:
        """An institution known by its initials and named by its town: "la MJC de
        Landerneau", "el IES de Leganés", "l'ASL di Lodi" (initials that are no word)."""
        for m in _INITIALS_OF_TOWN.finditer(self.text):
            initials, town = gz.fold(m.group(1)), gz.fold(m.group(2))
            if (
                self.place(town) >= 1_000
                and town not in self.countries
                and initials not in self.first_names
                and all(gz.zipf(initials, lang) < rules.Z.RECASE_ACRONYM for lang in lx.LANGUAGES)
            ):
                yield m.start(), m.end(), K.ORGANISATION

    def _kind_of_town(self) -> Iterator[Found]:
        """French, Spanish and Italian name a club or school by its kind, its activity and
        its town: "club de rugby de castelnaudary", "escuela de danza de Getafe", "cercle
        d'aviron de Lorient"."""
        for m in _KIND_OF_TOWN.finditer(self.plain):
            town = gz.fold(m.group(2))
            if (
                self.place(town) >= 1_000
                and town not in self.countries
                and gz.zipf(town, self.language) < rules.Z.TOWN_WITHOUT_SIZE
            ):
                yield m.start(), m.end(), K.ORGANISATION

    def _sport_of_town(self) -> Iterator[Found]:
        """A club named by its sport and its town, after an article: "samuele della
        pallavolo cingoli", "el balonmano granollers" (a town no common word)."""
        for m in _SPORT_OF_TOWN.finditer(self.plain):
            town = gz.fold(m.group(2))
            if (
                self.place(town) >= 1_000
                and town not in self.countries
                and gz.zipf(town, self.language) < rules.Z.TOWN_WITHOUT_SIZE
            ):
                yield m.start(1), m.end(2), K.ORGANISATION

    def _kind_first_names(self) -> Iterator[Found]:
        """French, Spanish and Italian name a venue by its kind, then an article and a noun
        ("au camping les mouettes", "al bar il faro"), or its kind, its activity and a
        name ("scuola di danza étoile"); in lower case, the name must be no common word
        (not "au bar le soir", "scuola di danza classica")."""
        pos = 0
        while (m := _KIND_ARTICLE.search(self.plain, pos)) is not None:
            # a failed candidate must not swallow the words a real one starts at
            pos = m.start() + 1
            kind, qualifier, name = gz.fold(m.group(1)), m.group(2), gz.fold(m.group(5))
            if (
                rules.institution_word(kind, self.language)
                # "circolo ippico la quercia": a qualifier of the kind before the name, a
                # listed one or a rare adjective (not "circolo tennis la sera": no name)
                and (
                    qualifier is None
                    or gz.fold(qualifier) in _KIND_QUALIFIERS
                    or gz.zipf(gz.fold(qualifier), self.language) < rules.Z.KIND_QUALIFIER
                )
                and name not in _SUPERLATIVES
                # "au bar le soir", "au café le patron": when, or who, not which one
                and name not in lx.TIME_WORDS
                and name not in lx.ROLE_WORDS
                and name not in lx.NOT_IDENTIFYING
                and gz.zipf(name, self.language) < rules.Z.KIND_NAME
            ):
                # the completion only when it is no time or role ("al bar il faro di notte")
                tail = gz.fold(m.group(6) or "")
                end = m.end() if tail and tail not in lx.TIME_WORDS | lx.ROLE_WORDS else m.end(5)
                yield m.start(), end, K.ORGANISATION
                pos = end
        for m in _KIND_ACTIVITY.finditer(self.plain):
            kind, name = gz.fold(m.group(1)), gz.fold(m.group(3))
            if (
                rules.institution_word(kind, self.language)
                and gz.fold(m.group(2)) in lx.GENERIC_QUALIFIERS | _ACTIVITIES
                and gz.zipf(name, self.language) < rules.Z.KIND_RARE_NAME
                and name not in lx.NOT_IDENTIFYING
            ):
                yield m.start(), m.end(), K.ORGANISATION

    def _lower_opening_pairs(self) -> Iterator[Found]:
        """ "thorben ecklund vom turnverein …", "kaidan breslow from my year was …": two
        words opening a sentence in lower case, neither a word of the five languages nor in
        any list, then placed by where the person works or studies, or doing what people
        do in accounts."""
        tokens = self.tokens
        for i in range(len(tokens) - 1):
            first, second = tokens[i], tokens[i + 1]
            if not first.initial or self.text[first.end : second.start] != " ":
                continue
            if not all(self._no_word(t) for t in (first, second)):
                continue
            if (
                _FROM_SOMEWHERE.match(self.text, second.full_end)
                or acting(self.text, second.full_end)
                or self.described(i + 1)
            ):
                yield first.start, second.end, K.NAME

    def _no_word(self, token: Token) -> bool:
        """A lower-case word of no language we read and in no list of ours."""
        folded = token.folded
        return (
            len(folded) >= 3
            and folded.replace("-", "").isalpha()  # "ferris-whitby"
            and self.text[token.start : token.end].islower()
            and folded not in lx.NOT_IDENTIFYING
            and folded not in lx.RECASE_NEVER
            and all(gz.zipf(folded, lang) < rules.Z.LOWER_NO_WORD for lang in lx.LANGUAGES)
        )

    def _titled_practices(self) -> Iterator[Found]:
        """A practice named after its doctor or lawyer: "Tierarztpraxis Dr. Hamerla",
        "cabinet du Dr Ferrandou", "studio dentistico dott. carrisi": the kind joins the
        titled name into one employer."""
        pos = 0
        while (m := _TITLED_PRACTICE.search(self.text, pos)) is not None:
            pos = m.start() + 1
            kind, qualifier, name = m.group(1), m.group(2), m.group(4)
            if not rules.institution_word(gz.fold(kind), self.language):
                continue
            if (
                qualifier
                and gz.fold(qualifier) not in _KIND_QUALIFIERS
                and gz.zipf(gz.fold(qualifier), self.language) >= rules.Z.KIND_QUALIFIER
            ):
                continue  # "studio dentistico dott. …", not "clinica oggi dott. …"
            written = name[:1].isupper()  # by the writer or by case restoration
            if not written and gz.zipf(gz.fold(name), self.language) >= rules.Z.LOWER_AFTER_TITLE:
                continue
            yield m.start(1), m.end(4), K.ORGANISATION
            pos = m.end()

    def _family_firms(self) -> Iterator[Found]:
        """A family firm's tail belongs to its name: "Muebles Ortuzar e Hijos",
        "Bianconi & Figli", "martin et fils" (a capitalised run stops at "e", "et", "and"),
        with the kind of firm before the name when there is one."""
        for m in _FAMILY_FIRM.finditer(self.text):
            name = gz.fold(m.group(1))
            if name in lx.NOT_IDENTIFYING or name in lx.RELATIONS or name in lx.TITLES:
                continue  # "mother and sons", "the vicar and sons"
            written = m.group(1)[:1].isupper()  # by the writer or by case restoration
            if not written and gz.zipf(name, self.language) >= rules.Z.FAMILY_FIRM_NAME:
                continue  # "work and sons", "padre e hijos": ordinary words
            start = m.start(1)
            kind = _WORD_BEFORE.search(self.text, max(0, start - 40), start)
            if kind and rules.institution_word(gz.fold(kind.group(1)), self.language):
                start = kind.start(1)
            yield start, m.end(), K.ORGANISATION
        # Without "and": "Garnier Frères", "Hermanos Quintero", "Fratelli Bassi".
        pos = 0
        while (m := _FAMILY_FIRM_JOINED.search(self.text, pos)) is not None:
            pos = m.start() + 1  # "en hermanos quintanilla": "en" is no name, try on
            name = m.group(1) or m.group(4)
            family = gz.fold(m.group(2) or m.group(3))
            folded = gz.fold(name)
            before = _WORD_BEFORE.search(self.text, max(0, m.start() - 40), m.start())
            if before and gz.fold(before.group(1)) in _POSSESSIVES:
                continue  # "mis hermanos Pablo y Juan", "my brothers"
            if family not in _FAMILY_FIRM_SUFFIXES and m.group(1):
                continue  # "Pablo hermanos": only some languages put the family word last
            if folded in lx.NOT_IDENTIFYING or folded in lx.RELATIONS or folded in lx.TITLES:
                continue
            if not name[:1].isupper() and gz.zipf(folded, self.language) >= (
                rules.Z.FAMILY_FIRM_NAME
            ):
                continue  # "hermanos mayores", "his sons"
            yield m.start(), m.end(), K.ORGANISATION

    def _lower_prefix_orgs(self) -> Iterator[Found]:
        """French, Spanish and Italian put the kind first; written in lower case and tied
        to a town, it is a named venue: "au bar le zinc à rennes", "alla palestra olimpia
        di rovigo" (not "au bar avec eux")."""
        for m in _LOWER_PREFIX_ORG.finditer(self.plain):
            kind, rest = m.group(2), m.group(3).lower().split()
            if (kind not in lx.ORG_WORDS and gz.fold(kind) not in lx.ORG_WORDS) or not rest:
                continue
            # A name may open with its article ("bar le zinc") or an article joined to "of"
            # ("garage des trois chênes", "bar del puerto"), nothing else small.
            opener = _ARTICLES | lx.ARTICLE_CONTRACTIONS.get(self.language, frozenset())
            named = rest[1:] if rest[0] in opener and len(rest) > 1 else rest
            if any(w in _LOWER_PREFIX_STOP or w in _ARTICLES for w in named):
                continue
            yield m.start(2), m.end(3), K.ORGANISATION

    def _lower_orgs(self) -> Iterator[Found]:
        """An employer or school named in lower case: "at hartwell motors", "at riverside
        academy" (not "at boarding school", "at the gym", "at my school")."""
        for m in _LOWER_ORG.finditer(self.plain):
            words = list(re.finditer(r"[a-z][a-z'’-]*", m.group(1)))
            business = self._possessive_business(words)
            if business is not None:
                yield m.start(1), m.start(1) + business, K.ORGANISATION
                continue
            for n in (2, 3, 4):
                if len(words) < n:
                    continue
                last, before = words[n - 1].group(), words[n - 2].group()
                if last not in _LOWER_ORG_ENDS and not (last == "form" and before == "sixth"):
                    continue
                qualifiers = [w.group() for w in words[: n - 1]]
                if any(w in lx.RELATION_DETERMINERS or w in lx.NOT_IDENTIFYING for w in qualifiers):
                    break
                if all(w in _GENERIC_QUALIFIERS or w in lx.ORG_WORDS for w in qualifiers):
                    break  # "boarding school", "rugby club": a kind, not a name
                if min(gz.zipf(w, "en") for w in qualifiers) < 4.6:
                    yield m.start(1), m.start(1) + words[n - 1].end(), K.ORGANISATION
                break

    def _possessive_business(self, words: list[re.Match]) -> int | None:
        """ "at crowther's garden world", "at mario's pizzeria": a rare name's possessive and
        the words of the business after it (not "at jake's house", a person's home)."""
        owner = re.fullmatch(r"([a-z]+)['’]s", words[0].group()) if words else None
        if owner is None or len(words) < 2 or gz.zipf(owner.group(1), "en") >= 3.5:
            return None
        end = None
        for word in words[1:3]:
            folded = word.group()
            if folded in _FACILITIES - lx.ORG_WORDS or gz.zipf(folded, "en") >= 5.5:
                break
            end = word.end()
        return end

    def address(self, start: int, end: int) -> Found:
        """Extend a street to its house number and town: '14 Orchard Lane, Bexley'."""
        number = re.search(r"(?:\b\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4})?,?\s+)$", self.text[:start])
        if number:
            start = number.start()
        after = re.match(
            r"(?:\s+\d{1,4}[a-zA-Z]?)?(?:,\s*(?:\d{4,5}\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?",
            self.text[end:],
        )
        if after and after.group():
            tail = after.group()
            town = re.search(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?$", tail)
            if town is None or gz.fold(town.group()) not in lx.NOT_IDENTIFYING:
                end += len(tail)
        return start, end, K.PLACE

    def _streets_before(self) -> Iterator[Found]:
        # "rue X", "calle X", "via X": in English "via" and "place" are ordinary words.
        if self.language == "en":
            return
        for m in _STREET_BEFORE.finditer(self.text):
            if gz.fold(m.group().split()[-1]) in lx.NOT_IDENTIFYING:
                continue
            yield self.address(m.start(), m.end())

    def _lower_addresses(self) -> Iterator[Found]:
        """An address written in lower case or in capitals, read from its shape alone: a
        house number before a street word ("12 rue des tanneurs", "14 orchard lane"), a
        street word, its name and a number ("via dei mille 41"), a German street compound
        and its number ("schillerstraße 23"); with a postcode and town after a comma
        ("…, 69003 lyon"). Written normally, the capitalised rules find them."""
        if not self.lowercase_style and self.plain == self.text:
            return
        for pattern in (_LOWER_NUMBER_STREET, _LOWER_STREET_NUMBER, _LOWER_COMPOUND_STREET):
            for m in pattern.finditer(self.plain):
                if self.text[m.start() : m.end()] != self.plain[m.start() : m.end()] and any(
                    c.isupper() for c in self.text[m.start() : m.end()]
                ):
                    continue  # restored to capitals: the capitalised rules read it
                words = re.findall(r"[^\W\d_]+", m.group())
                if any(w in _ADDRESS_NOT_NAMES for w in words[:-1]):
                    continue  # "at 5 on the road", "2 of the streets": no street's name
                end = m.end()
                town = _POSTCODE_TOWN.match(self.plain, end)
                if town and self.place(gz.fold(town.group(1))) >= 1_000:
                    end = town.end()
                yield m.start(), end, K.PLACE

    def _rooms(self) -> Iterator[Found]:
        for m in _ROOM.finditer(self.text):
            yield m.start(), m.end(), K.PLACE

    def _nicknames(self) -> Iterator[Found]:
        for m in _NICKNAME.finditer(self.text):
            # "we called him 'Big Tony'"; not "il m'appelait « ma petite »"
            if m.group(1).strip()[:1].isupper():
                yield m.start(1), m.end(1), K.NAME
        for m in _NICKNAME_TITLE.finditer(self.text):
            # "we called him the captain": a rank or role worn as a nickname
            if gz.fold(m.group(2)) in lx.TITLES or gz.fold(m.group(2)) in lx.RELATIONS:
                yield m.start(1), m.end(1), K.NAME
        for m in _NICKNAME_SIZED.finditer(self.text):
            yield m.start(1), m.end(1), K.NAME
        for m in _NICKNAME_BARE.finditer(self.text):
            # "we called him sarge", "we called him chunk": an unquoted word, not what
            # follows "called him" as a phone call or an insult does ("called him back",
            # "called her names", "called her stupid").
            word = gz.fold(m.group(1))
            rare = gz.zipf(word, self.language) < 3.0 and gz.zipf(word, "en") < 3.0
            # "THEY CALLED HIM SKIPPER": a rank or title worn as a name
            titled = word in lx.TITLES and word not in lx.NOT_IDENTIFYING
            if rare or titled or self._bare_nickname(word):
                yield m.start(1), m.end(1), K.NAME
        for m in _NICKNAME_ARTICLE.finditer(self.text):
            # "on l'appelait le gros", "le llamábamos el chato", "lo chiamavamo il moro",
            # "wir nannten ihn den Langen": the article belongs to the nickname.
            # The word is one of looks or no common word ("le decía la verdad", "nannten
            # ihn den ganzen Tag …" are no nicknames).
            word = gz.fold(m.group(2))
            sized = m.group(1).split()[0].lower() in _SIZED
            if word not in lx.TIME_WORDS and (
                sized  # "p'tit louis", "big tony": a first name made small or big
                or word in lx.APPEARANCE_NICKNAMES.get(self.language, ())
                or not self.common_word(word, rules.Z.NICKNAME)
            ):
                yield m.start(1), m.end(1), K.NAME
        for m in _NICKNAME_WORD.finditer(self.text):
            # "nannten ihn alle nur Schnauzer", "lo chiamavano tutti baffo": a word that is
            # no article, filler or common word (English has its own rule above).
            word = gz.fold(m.group(1))
            if (
                self.language != "en"
                and word not in THE
                and word not in _NOT_NICKNAMES
                and not self.common_word(word, rules.Z.NICKNAME)
            ):
                yield m.start(1), m.end(1), K.NAME
        for m in _APPEARANCE_NICKNAME.finditer(self.text):
            # "el rubio del pub me tocaba", "IL BIONDO AL PUB", "der Lange in der Kneipe":
            # an adjective of looks with an article and nothing after it that it could
            # describe is what everyone called one man; so is an uncommon word opening
            # the sentence before the venue he was in ("EL CANARIO DEL BAR …").
            word = gz.fold(m.group(2))
            if word in lx.APPEARANCE_NICKNAMES.get(self.language, ()) or (
                m.group(3)
                and word not in lx.ORG_WORDS | lx.ROLE_WORDS | lx.TIME_WORDS
                and not lx.role_like(word)  # "el cocinero del mesón"
                and not self.common_word(word, rules.Z.NICKNAME_AT_VENUE)
                # ...and did something to the writer ("ME METIÓ MANO"), not "la tortilla
                # del bar estaba fría"
                and _TO_ME.search(self.text, m.end(3), m.end(3) + 60)
            ):
                yield m.start(1), m.end(1), K.NAME

    def _pet_names(self) -> Iterator[Found]:
        """ "FIFI AU BAR", "le patron jojo", "ha visto totò": a syllable said twice is what
        people call someone (not baby talk: "pipi", "dodo", "bonbon")."""
        for token in self.tokens:
            word = gz.fold(token.folded)
            if (
                _REDOUBLED.fullmatch(word)
                and word not in _BABY_TALK
                and gz.zipf(word, self.language) < rules.Z.PET_NAME
                and gz.zipf(word, "en") < rules.Z.PET_NAME
            ):
                yield token.start, token.end, K.NAME

    def _lower_german_streets(self) -> Iterator[Found]:
        """ "aus der körnerstraße", "in der lindenallee": a German street written in lower
        case is one word ending in its kind (not "landstraße", "einbahnstraße")."""
        for m in _LOWER_GERMAN_STREET.finditer(self.text):
            if gz.fold(m.group()) not in _GENERIC_STREETS:
                yield m.start(), m.end(), K.PLACE

    def _appositions(self) -> Iterator[Found]:
        """ "che Salvi, il personal trainer della palestra", "Fraser, our producer,": a
        capitalised word mid-sentence followed by who they were is a person."""
        for m in _APPOSITION.finditer(self.text):
            role = (gz.fold(m.group(2)), gz.fold(m.group(3) or ""))
            word = gz.fold(m.group(1))
            if word in lx.ROLE_WORDS or word in lx.TITLES or word in lx.NOT_IDENTIFYING:
                continue  # "Mum, Dad, my brother …", "The General Manager, the …"
            if any(w in lx.ROLE_WORDS for w in role):
                yield m.start(1), m.end(1), K.NAME

    def _opening_pet_names(self) -> Iterator[Found]:
        """ "SPUD ON THE DOOR AT …", "nanou au pmu …", "MOPPEL AN DER THEKE …": in a post
        written in lower case or capitals, a sentence that opens with a word of no
        language, then where that person was, opens with what people called them."""
        for m in _OPENING_WHERE.finditer(self.plain):
            word = m.group(1)
            if (
                word in self.places
                or word.endswith(lx.VERB_ENDINGS[self.language])
                or word.endswith(("é", "í", "ò", "ì"))  # "DENUNCIÉ AL DOCTOR …": a verb
                or self._no_name_word(word, rules.Z.OPENING_PET_NAME)
            ):
                continue
            yield m.start(1), m.end(1), K.NAME

    def _the_one_from(self) -> Iterator[Found]:
        """ "chencho el del bar", "yurena la de la pelu", "cosimino il caporeparto", "riton
        mon chef d'équipe": a word of no language opening a sentence, then "the one from"
        a place or who they were at work."""
        for m in _THE_ONE_FROM.finditer(self.plain):
            word, role = m.group(1), m.group(2)
            if role is not None and not lx.role_like(gz.fold(role)):
                continue
            if self._no_name_word(word, rules.Z.THE_ONE_FROM):
                continue
            yield m.start(1), m.end(1), K.NAME

    def _sized_names(self) -> Iterator[Found]:
        """ "big tosh", "le grand dédé", "dicker lutz": a first name, or a word of no
        language, made big or small is a nickname (not a town: "le grand paris")."""
        for m in _SIZED_NAME.finditer(self.plain):
            word = m.group(2)
            if word in self.countries or word in lx.NOT_IDENTIFYING:
                continue
            named = word in self.first_names and not self.common_word(word, rules.Z.NICKNAME)
            if (named and self.place(word) < 100_000) or not (
                word in self.places or self.common_word(word, rules.Z.SIZED_NAME)
            ):
                yield m.start(), m.end(), K.NAME

    def _no_name_word(self, word: str, threshold: float) -> bool:
        """An ordinary word, a relation, role, kind of place or chat word: no name."""
        return (
            word in lx.RECASE_NEVER
            or word in lx.NOT_IDENTIFYING
            or word in lx.ROLE_WORDS
            or word in lx.ORG_WORDS
            or word in lx.TIME_WORDS
            or self.common_word(word, threshold)
        )

    def _districts(self) -> Iterator[Found]:
        """ "por el barrio de russafa", "dans le quartier des Chartrons": a district named
        after its kind."""
        for m in _DISTRICT.finditer(self.text):
            word = gz.fold(m.group(1))
            if m.group(1)[:1].isupper() or not self.common_word(word, rules.Z.DISTRICT_NAME):
                yield m.start(), m.end(), K.PLACE

    def _bare_nickname(self, word: str) -> bool:
        return (
            self.language == "en"
            and word not in _NOT_NICKNAMES
            and word not in lx.NOT_IDENTIFYING
            and not word.endswith(lx.ADJECTIVE_ENDINGS["en"] + lx.VERB_ENDINGS["en"])
            and not self.common_word(word, rules.Z.NICKNAME)
        )

    def common_word(self, folded: str, threshold: float) -> bool:
        return max(gz.zipf(folded, self.language), gz.zipf(folded, "en")) >= threshold

    def _lowercase(self) -> Iterator[Explained]:
        """Names written without capitals, found through cues or in all-lower-case texts
        (rules.LOWER_RULES)."""
        lower = self.lowercase_style
        for i, token in enumerate(self.tokens):
            if token.initial:
                # A sentence written without a capital is read like a lower-case text.
                lower = self.lowercase_style or (
                    not token.capital
                    and token.folded != "i"
                    and not self.text[token.start : token.start + 1].isupper()  # "C'était"
                )
            if token.capital:
                continue
            if not lower and not self._may_be_lower_name(i):
                continue  # cheap: most words of a capitalised text are no lower-case name
            decided = rules.classify_lower(self, i, lower)
            if decided is not None:
                yield decided

    def _may_be_lower_name(self, index: int) -> bool:
        """What rules.LOWER_RULES need outside a lower-case text: a listed first name or a
        title before the word."""
        return self.first_name(self.tokens[index], rules.Z.LOWER_FIRST_NAME_CUED) or (
            self.title_before(index)
        )

    def lower_place(self, index: int) -> bool:
        """A place written in lower case: a large town after "in", or no word at all
        after "in"/"at" ("what you did at ballyvolane")."""
        token = self.tokens[index]
        after_place_word = self.preposition_before(index, lx.PLACE_PREPOSITIONS)
        if token.folded in lx.ORG_WORDS:
            return False  # "al bar con lei": the kind of place, not the town of Bar
        if after_place_word and index >= 2 and self.tokens[index - 1].folded == "to":
            # "used to hang", "had to leave": an infinitive, not a destination
            after_place_word = self.tokens[index - 2].folded not in _BEFORE_INFINITIVE
        if (
            index >= 2
            and self.tokens[index - 1].folded in ("on", "off")
            and self.tokens[index - 2].folded in lx.ORG_WORDS
            and len(token.folded) >= 5
            and self.rare(token, 3.0)
        ):
            return True  # "the pub on kingsway": the street a venue is on
        population, zipf = self.place(token.folded), self.zipf(token)
        if after_place_word and (
            (population >= 100_000 and zipf < 5.0) or (population >= 15_000 and zipf < 4.2)
        ):
            return True
        return (
            (after_place_word or self.preposition_before(index, lx.ORG_CUES))
            and len(token.folded) >= 5
            and token.folded.isalpha()
            and (
                all(gz.zipf(token.folded, lang) == 0 for lang in lx.LANGUAGES)
                # "à carhaix", "en llodio": a town's name the word lists know as a rare
                # proper noun, after a place preposition (not "in juvie": a first name,
                # a verb or a word of the text's language above the threshold)
                or (
                    self.preposition_before(index, lx.TOWN_PREPOSITIONS)
                    # "à carhaix", but "m'a harcelée" is the verb "avoir"
                    and self.tokens[index - 1].text.lower() != "a"
                    and token.folded not in lx.NOT_IDENTIFYING  # "on tiktok"
                    and all(
                        gz.zipf(token.folded, lang) < rules.Z.LOWER_PLACE_NO_WORD
                        for lang in lx.LANGUAGES
                    )
                    and token.folded not in self.first_names
                    and not self.verb_form(token)
                    and not doing(self.text, token.start)
                )
            )
            # "nos hacía ducharnos": a verb with its pronoun joined on, no place
            and not (self.language in ("es", "it") and _ENCLITIC.search(token.folded))
        )

    def with_me(self, index: int) -> bool:
        """ "me n shaz", "shaz and i": a companion named next to the writer, in no list
        and no word of the language."""
        token = self.tokens[index]
        if len(token.folded) <= 2 or not token.folded.isalpha():
            return False
        if self.zipf(token) >= 3.0 and not self.first_name(token, 5.0):
            return False
        return bool(
            _WITH_ME_BEFORE.search(self.text[max(0, token.start - 12) : token.start])
            or _WITH_ME_AFTER.match(self.text[token.end : token.end + 12])
        )

    def listed(self, index: int) -> bool:
        """Between commas or paired with another first name: "…, dmitri, still…", "marcy and jolene"."""
        token = self.tokens[index]
        before = self.text[max(0, token.start - 2) : token.start]
        after = self.text[token.end : token.end + 1]
        if before == ", " and after == ",":
            return True
        if token.full_end > token.end and self.zipf(token) < 3.5:
            return True  # "gregor's flat"
        if token.full_end > token.end and _POSSESSED_RELATION.match(self.text, token.full_end):
            return True  # "dave's mate stevo", "kevin's brother"
        if _FROM_SOMEWHERE.match(self.text, token.full_end):
            return True  # "callum from my course", "rachel in hr", "ollie from Harlow RFC"
        other = self._pair_other(token)
        return other is not None and other in self.first_names and self._partner_name(other)

    def _pair_other(self, token: Token) -> str | None:
        """The other of "marcy and jolene", also when each follows the same preposition
        ("à gwenaëlle et à quentin", "a noemi e a tommaso"), folded."""
        before = self.text[max(0, token.start - 40) : token.start]
        own = _PAIR_OWN_PREPOSITION.search(before)
        own = own.group(1).lower() if own else None
        after = _PAIR_AFTER.match(self.text, token.end)
        if after and (after.group(1) or "").lower() in ("", own):
            return gz.fold(after.group(2))
        if own:
            before = before[: -len(_PAIR_OWN_PREPOSITION.search(before).group())] + " "
        earlier = _PAIR_BEFORE.search(before)
        # "à gwenaëlle et à quentin", or one preposition for both: "con giorgia e federica"
        if earlier and (own is None or (earlier.group(1) or "").lower() == own):
            return gz.fold(earlier.group(2))
        return None

    def _partner_name(self, other: str) -> bool:
        """The other of a pair is a first name: rare as a word, or one people are called
        where the language is spoken ("matteo e davide", "álvaro y rubén")."""
        zipf = gz.zipf(other, self.language)
        if zipf < rules.Z.PARTNER_RARE:
            return True
        popular = max(gz.name_popularity(other, self.language), gz.name_popularity(other, "en"))
        return popular >= rules.Z.PARTNER_POPULARITY and zipf < rules.Z.LOWER_POPULAR_NAME

    def acts(self, index: int) -> bool:
        """The word is followed by what people do in accounts: "derek said", "derek and i"."""
        return acting(self.text, self.tokens[index].full_end)

    def described(self, index: int) -> bool:
        """The word is followed by who the person was to the writer: "… was my supervisor",
        "… était mon voisin", "… era mi jefe", or how they always were ("… était juste
        lourd", "… war immer betrunken")."""
        return bool(_DESCRIBED_AFTER.match(self.text, self.tokens[index].full_end))

    def extend_lower(self, index: int) -> Found:
        token = self.tokens[index]
        end = token.end
        if index + 1 < len(self.tokens):
            nxt = self.tokens[index + 1]
            if (
                self.gap(token, nxt) == " "
                and not nxt.capital
                and not self.common(nxt, 4.5)
                and nxt.folded.replace("-", "").isalpha()  # not "… n'a rien fait"
                and not _ACTION.match(" " + nxt.text)
                and nxt.folded not in lx.NOT_IDENTIFYING
            ):
                end = nxt.end
        return token.start, end, K.NAME


# The text-level rules, in order: (name, languages it applies to (all when empty), finder).
TEXT_RULES: tuple[tuple[str, tuple[str, ...], Callable[[NameFinder], Iterator]], ...] = (
    ("churches", (), NameFinder._churches),
    ("streets_before", (), NameFinder._streets_before),
    ("rooms", (), NameFinder._rooms),
    ("lower_addresses", (), NameFinder._lower_addresses),
    ("nicknames", (), NameFinder._nicknames),
    ("pet_names", (), NameFinder._pet_names),
    ("appositions", (), NameFinder._appositions),
    ("opening_pet_names", (), NameFinder._opening_pet_names),
    ("districts", (), NameFinder._districts),
    ("the_one_from", (), NameFinder._the_one_from),
    ("sized_names", (), NameFinder._sized_names),
    ("lower_german_streets", ("de",), NameFinder._lower_german_streets),
    # Before the runs, so that the kind of a span both find is the employer's or venue's.
    ("at_capitals", ("en",), NameFinder._at_capitals),
    ("capitalised_runs", (), NameFinder._capitalised_runs),
    ("lowercase", (), NameFinder._lowercase),
    ("lower_saints", (), NameFinder._lower_saints),
    ("lower_named", (), NameFinder._lower_named),
    ("lower_orgs", ("en",), NameFinder._lower_orgs),
    ("venues_at_the", ("en",), NameFinder._venues_at_the),
    ("lower_prefix_orgs", ("fr", "es", "de", "it"), NameFinder._lower_prefix_orgs),
    ("kind_of_town", ("fr", "es", "it"), NameFinder._kind_of_town),
    ("initials_of_town", ("fr", "es", "it"), NameFinder._initials_of_town),
    ("sport_of_town", ("fr", "es", "it"), NameFinder._sport_of_town),
    ("kind_first_names", ("fr", "es", "it"), NameFinder._kind_first_names),
    ("german_compound_orgs", ("de",), NameFinder._german_compound_orgs),
    ("family_firms", (), NameFinder._family_firms),
    ("titled_practices", (), NameFinder._titled_practices),
    ("lower_opening_pairs", (), NameFinder._lower_opening_pairs),
)


# The writer and a companion, in each language's own pairing ("me n shaz", "io e giulia",
# "giulia e io"), never a clitic ("et me touchait").
_WITH_ME_BEFORE = re.compile(
    r"\b(?:(?:me|i)\s+(?:and|n|an'|&)|moi\s+et|yo\s+y|ich\s+und|io\s+e)\s+$", re.I
)
_WITH_ME_AFTER = re.compile(
    r"\s+(?:(?:and|n|&)\s+(?:me|i)|et\s+moi|y\s+yo|und\s+ich|e\s+io)\b", re.I
)
_DOING = (
    r"said|told|asked|grabbed|touched|kissed|raped|assaulted|"
    r"followed|texted|messaged|called|kept|made|forced|pushed|pinned|cornered|groped|hugged|"
    r"laughed|knew|saw|sent|would|wouldn't|did|didn't|does|has|used\s+to|tried|started|"
    r"came|took|put|locked|hit|stalked|threatened|wanted|invited|offered|drove|walked|"
    r"threw|stole|shoved|dragged|slapped|spiked|stared|watched|filmed|harassed|molested|"
    r"abused|bullied|flashed|exposed|pulled|punched|kicked|choked|drugged|rubbed|squeezed|"
    r"whispered|snapchatted|dmed|dm'd|emailed|phoned|rang|"
    r"and\s+i\b|and\s+me\b|m'a|m’a|me\s+\w+ait|me\s+dijo|mi\s+ha|hat\s+mich"
)
# The next word is one of those verbs: not a surname ("DARREN TOLD ME").
_DOING_WORD = re.compile(r"\s*(?:" + _DOING + r")\b", re.IGNORECASE)
_ACTION = re.compile(
    r"(?:['’]s\s+|\s+[a-z]+\s+)?\s*(?:" + _DOING + r")\b"
    # the writer as the object, in four languages: "kevin m'attendait", "sergio me
    # escribía", "mattia mi seguiva", "malte hat mir…"
    r"|\s*(?:m['’][^\W\d_]{2,}|me\s+[^\W\d_]+(?:ait|aient|aba|ía|ió|ó)|"
    r"mi\s+[^\W\d_]+(?:ava|eva|iva|ato|ata|ò)|(?:hat|hatte)\s+(?:mich|mir))\b"
    # a relative clause: "it was connor who filmed it", "c'est kévin qui"
    r"|\s+(?:who|qui|quien|der|die|che)\s+[^\W\d_]"
    # an auxiliary and a participle, or a German object pronoun: "enzo ha fatto", "kevin
    # avait dit", "wenn uwe euch …"
    r"|\s+(?:ha|hat|hatte|avait|había|habia|had)\s+[^\W\d_]{3,}"
    # French "a" only before a participle: "maxence a commencé", not "a la maison"
    r"|\s+a\s+[^\W\d_]{2,}(?:é|ée|és|ées|i|u|is|it|ert|ort)\b"
    r"|\s+(?:mich|mir|uns|euch)\s"
    # someone else as the object, in three languages: "gonzalo lo intentó", "luciano lo ha
    # fatto", "luciano la seguiva", "kevin les suivait", "kevin l'a fait"
    r"|\s+(?:lo|la|le|li|gli|los|las|les|nos|nous|ci|ce\s+lo|vi|os|vous|ti|te|ve)\s+(?:ha|hanno|había|habia|avait|"
    r"[^\W\d_]{1,}(?:ó|ió|aba|aban|ía|ían|ava|avano|eva|iva|ò|ait|aient))\b"
    r"|\s+l['’](?:a|avait|ha|aveva|había)\s"
    # a verb in the third person of a past tense: "macarena trabajaba", "letizia diceva",
    # "kévin rentrait", "tadeo fue …"
    r"|\s+(?:[^\W\d_]{3,}(?:aba|ía|ió|ava|eva|iva|ait)|fue|estaba|stava|était|etait)\b",
)


def doing(text: str, start: int) -> bool:
    """The word at `start` is what people do in accounts ("told", "grabbed")."""
    return bool(_DOING_WORD.match(text, start))


def acting(text: str, end: int) -> bool:
    """What follows `end` is what people do in accounts: "said", "grabbed", "m'a", "who"."""
    return bool(_ACTION.match(text[end : end + 40]))


_AND = frozenset("and et y e und".split())
_ELIDED = frozenset(("d'", "d’", "l'", "l’"))
# Spanish and Italian infinitives and gerunds with a pronoun joined on: "ducharnos",
# "decírselo", "chiamarmi", "dandole".
_ENCLITIC = re.compile(
    r"(?:r|ndo)(?:me|te|se|nos|os|lo|la|le|los|las|les|mi|ti|si|ci|vi|li|ne|melo|selo|glielo)$"
)
_RUN_GAPS = frozenset((" ", "-", " & ", ". ", *(f" {w} " for w in _AND)))
_SUBJECTS = frozenset(
    "i he she they we you it who je il elle ils elles on yo él ella ellos ich er sie wir "
    "io lui lei loro and et y und e".split()
)


def _relation_noun(folded: str) -> bool:
    """A relation noun, also in the plural: "one of the bouncers, marky,"."""
    return folded in lx.RELATIONS or (folded.endswith("s") and folded[:-1] in lx.RELATIONS)


_COPULAS = frozenset("was is were est était etait es era fue war ist è e".split())
_POSSESSED_RELATION = re.compile(
    r"\s+(?:" + "|".join(sorted(lx.RELATIONS - lx.NOT_IDENTIFYING, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# A person placed by where they work or study: "rachel in hr", "callum from my course".
_FROM_SOMEWHERE = re.compile(
    r"\s+(?:from|in|at)\s+(?:my|the|our|his|her|work|school|uni|college|hr|accounts|sales|"
    r"marketing|finance|it|legal|admin|reception|payroll|ops|operations|year|class|form)"
    r"(?![^\W\d_])|\s+(?:from|in|at)\s+[A-Z]"
    # "nacho del equipo", "lorenzo del terzo piano", "kevin du foot", "timo vom verein"
    r"|\s+(?:del|de\s+la|de\s+mi|du|de\s+mon|de\s+ma|della|dello|del\s+mio|dalla|dal|"
    r"vom|von\s+der|aus\s+der|aus\s+meiner)\s+[^\W\d_]"
)


# Parishes and schools named after a dedication: "Our Lady of Lourdes", "Sacred Heart".
_CHURCH = re.compile(
    r"\b(?:Our\s+Lady|Notre[-\s]Dame|Nuestra\s+Se[ñn]ora|Sacred\s+Heart|Sacr[ée][-\s]C[œo]eur|"
    r"Sagrado\s+Coraz[óo]n|Sacro\s+Cuore|Holy\s+(?:Trinity|Cross|Family|Rosary|Redeemer|"
    r"Innocents|Name|Ghost)|Christ\s+the\s+King)"
    r"(?:\s+(?:of|de|del|della|di|des)\s+(?:the\s+|la\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?"
    r"(?:\s+(?:Church|School|Parish|College|Academy|Primary|High|Hospital|Convent|Cathedral))*"
)


_NAMING = re.compile(r"(?:" + "|".join(lx.NAMING_CUES) + r")\s*[,:]?\s*[\"“«']?\s*$", re.IGNORECASE)
_NICKNAME = re.compile(
    r"(?:called|nicknamed|known\s+as|knew\s+(?:him|her|them)\s+as|aka|surnomm[ée]e?|appelait|apodad[oa]|llamaban|"
    r"genannt|Spitzname|soprannominat[oa]|detto|chiamavano)\s+"
    r"(?:him|her|them|himself|herself|themselves|le|la|lo|ihn|sie|se|sich)?\s*"
    r"[\"“«‘']([^\"”»’'\n]{2,40})[\"”»’']",
    re.IGNORECASE,
)
_LOWER_SAINT = re.compile(
    r"\b(?:at|to|from|near|outside)\s+(st\.?\s+[a-z][a-z]+(?:['’]s)?)(?![\w'’])"
)
_AT_CAPITALS = re.compile(
    r"(?<=[a-z,] )at\s+(?:the\s+)?([A-Z][a-z'’]+(?:\s+(?:of\s+|&\s+)?[A-Z][a-z'’]+){1,3})"
)
_HOLIDAYS = re.compile(lx.HOLIDAYS)
_AT_THE = re.compile(
    r"\b(?:at|to|outside|from|behind|near|inside)\s+(the)\s+"
    r"([a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,2}?)"
    r"(?=\s*(?:[,.;!?)]|$)|\s(?:in|on|near|off)\s+([^\W\d_]+))"
)
# Going out: after this, "the anchor" is a pub.
_OUTING = re.compile(
    r"\b(?:go|goes|went|going|gone|drink|drinks|drinking|drank|night\s+out|nights\s+out|"
    r"met|meet|pint|pints|dancing|gig)\b",
    re.IGNORECASE,
)
_FAMILY_FIRM = re.compile(
    r"(?<![\w'’])([^\W\d_][\w'’-]*)\s+(?:e|y|et|&|and|und)\s+(?:"
    + "|".join(sorted(lx.FAMILY_FIRM, key=len, reverse=True))
    + r")(?![\w'’])",
    re.IGNORECASE,
)
_TITLED_PRACTICE = re.compile(
    r"(?<![\w'’])([^\W\d_]{4,})(?:\s+([^\W\d_]{4,}))??\s+(?:(?:du|del|della|dello|de)\s+)?"
    r"(dr|dra|dott|dottor|dottoressa|doktor|doctor|docteur|prof|avv|maître|maitre|me)\.?\s+"
    r"([^\W\d_][\w'’-]+)",
    re.IGNORECASE,
)
_DESCRIBED_AFTER = re.compile(
    r"\s+(?:was|is|était|etait|est|era|es|fue|war|ist|è|e|fu)\s+(?:my|his|her|our|their|mon|ma|"
    r"son|sa|notre|mi|su|nuestro|nuestra|mein|meine|sein|seine|ihr|ihre|unser|unsere|"
    r"il\s+mio|la\s+mia|il\s+suo|la\s+sua|"
    # ...or to the readers: "if X was your coach", "si tadeo fue vuestro monitor"
    r"your|ton|ta|votre|tu|vuestro|vuestra|dein|deine|euer|eure|il\s+tuo|la\s+tua|"
    r"il\s+vostro|la\s+vostra|il\s+nostro|la\s+nostra"
    # ...or how they always were: "… était juste lourd", "… was always drunk"
    r"|just|always|so|really|such|juste|toujours|tellement|trop|vraiment|siempre|muy|tan|"
    r"immer|echt|sempre|molto|così|cosi|troppo)\s",
    re.IGNORECASE,
)
_FAMILY_WORDS = "|".join(sorted(lx.FAMILY_FIRM, key=len, reverse=True))
_FAMILY_FIRM_JOINED = re.compile(
    rf"(?<![\w'’])(?:([^\W\d_][\w'’-]+)\s+({_FAMILY_WORDS})|({_FAMILY_WORDS})\s+([^\W\d_][\w'’-]+))"
    r"(?![\w'’])",
    re.IGNORECASE,
)
# Family words written after the name: "Garnier Frères", "Martin Fils", "Baxter Brothers".
_FAMILY_FIRM_SUFFIXES = frozenset("frères freres fils brothers sons".split())
_POSSESSIVES = frozenset(
    """
    my his her our their your mes mis mi sus su nos tes ses mon ma miei mie i suoi tuoi
    nostri meine seine ihre unsere mein sein
    son sa ton ta notre votre leur leurs tu tus suo sua mio mia tuo tua
    """.split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s+$")
# "marcy and jolene", "à gwenaëlle et à quentin": a pair, each perhaps after the same preposition.
_PAIR_CONJUNCTION = r"(?:and|&|et|y|e|und)"
_PAIR_PREPOSITION = r"(?:à|a|to|with|avec|con|mit|de|di|da)"
_PAIR_AFTER = re.compile(
    rf"\s+{_PAIR_CONJUNCTION}\s+(?:({_PAIR_PREPOSITION})\s+)?([^\W\d_]+)", re.IGNORECASE
)
_PAIR_BEFORE = re.compile(
    rf"(?:^|\s)(?:({_PAIR_PREPOSITION})\s+)?([^\W\d_]+)\s+{_PAIR_CONJUNCTION}\s+$", re.IGNORECASE
)
_PAIR_OWN_PREPOSITION = re.compile(rf"(?:^|\s)({_PAIR_PREPOSITION})\s+$", re.IGNORECASE)
_PUB_PAIR = re.compile(
    r"\b(?:at|to|outside|from|behind|near|inside|past|opposite)\s+(the)\s+([a-z][a-z'’]+)\s+"
    r"(?:and|&|n)\s+"
    r"([a-z][a-z'’]+)\b"
)
_KIND_ARTICLE = re.compile(
    r"\b([a-zà-ÿ]{3,})(?:\s+([a-zà-ÿ]{3,}))??\s+(?:(le|la|les|el|los|las|il|lo|i|gli)\s+|(l['’]))"
    # an adjective may come before the noun: "association les petits loups"
    r"(?:(?:petit|petite|grand|grande|vieux|vieille|beau|belle|nouveau|nouvelle|gran|buen"
    r"|pequeño|pequeña|piccolo|piccola|vecchio|vecchia|bel|bella)s?\s+)?"
    r"([a-zà-ÿ]{3,})\b(?!['’])"
    # ...and what completes the name: "la espiga de oro", "la clé des chants"
    r"(?:\s+(?:de|d['’]|des|du|di|del|della|dei)\s*([a-zà-ÿ]{3,})\b(?!['’]))?"
)
_KIND_ACTIVITY = re.compile(
    r"\b([a-zà-ÿ]{3,})\s+(?:de|di|du|del|della)\s+([a-zà-ÿ]{3,})\s+([a-zà-ÿ]{3,})\b"
)
_SUPERLATIVES = frozenset("plus moins mieux mas menos mejor peor piu meno meglio migliore".split())
# Activities a club or school teaches, in the four languages that name them after it.
_ACTIVITIES = frozenset(
    """
    danse danza tanz baile ballo musique musica música musik chant canto escrime esgrima
    scherma natation natacion nuoto equitation equitacion equitazione voile vela calcio
    futbol football foot rugby judo karate tennis tenis basket pallavolo voley teatro
    theatre langues idiomas lingue cuisine cocina cucina peinture pintura pittura
    """.split()
)
# Words between a kind and its name: "circolo ippico la quercia", "club hípico el …".
_KIND_QUALIFIERS = lx.ORG_QUALIFIERS | lx.GENERIC_QUALIFIERS | _ACTIVITIES
_KIND_OF_TOWN = re.compile(
    r"\b(?:club|équipe|equipe|association|école|ecole|escuela|equipo|peña|scuola|squadra|"
    r"palestra|circolo|società|societa|gimnasio|academia|accademia|salle|cercle|círculo|"
    r"circulo|centre|centro)\s+"
    r"(?:(?:de|du|des|di|del|della|dei|delle)\s+|d['’])([^\W\d_]+)(?:\s+[^\W\d_]+)?\s+"
    r"(?:de|di|d['’]|del|della|à|a|en|in)\s*([^\W\d_][\w'’-]+)",
    re.IGNORECASE,
)
_SPORT_OF_TOWN = re.compile(
    r"\b(?:della|dalla|alla|nella|la|del|dal|al|nel|el|du|au|le|de\s+la|à\s+la)\s+"
    r"(" + "|".join(sorted(lx.SPORTS, key=len, reverse=True)) + r")\s+([^\W\d_][\w'’-]+)",
    re.IGNORECASE,
)
_INITIALS_OF_TOWN = re.compile(
    r"(?<![\w'’])([A-Z]{2,5})\s+(?:de\s+la\s+|de\s+|du\s+|d['’]|di\s+|del\s+)"
    r"([A-ZÀ-Ý][^\W\d_]+(?:[-'’][^\W\d_]+)*)"
)
_WORK_CUE = re.compile(
    r"\b(?:work(?:ed|ing|s)?|job|shifts?|employed|waitress(?:ing)?|waiter|barmaid|barman|"
    r"bartender|chef|cook|cleaner|bouncer|dj|glass\s+collector|kitchen\s+porter|manager|"
    r"owner|landlord|landlady)\b",
    re.IGNORECASE,
)
# The last word of a place that is a kind of place, not a venue's name.
_FACILITIES = (
    lx.ORG_WORDS
    | lx.STREET_AFTER
    | lx.ROOM_WORDS
    | frozenset(
        """
        station stop depot stand rink alley centre center pool ground grounds field fields
        court pitch track shop store office room house home market library cinema garage
        yard lot farm beach lake river bridge square motorway services airport port
        harbour harbor terminal platform camp site campsite festival fair concert party
        wedding funeral reunion match game show gig event meeting conference class lesson
        end back front top bottom side corner time moment night day morning evening
        weekend table door desk bar counter car bus train van flat hostel hall halls
        barbecue bbq reunion prom disco ball sleepover picnic christening sale launch
        toilet toilets loo loos bathroom bedroom cellar stairs lift garden caravan cottage
        cabin tent boat changing showers
        """.split()
    )
)
_LOWER_PREFIX_ORG = re.compile(
    r"\b(au|à\s+la|chez|alla|allo|al|nella|nel|dalla|dal|en\s+el|en\s+la|del|de\s+la|du|"
    r"à\s+l['’]|all['’])(?:\s+|(?<=['’]))([a-zà-ÿ]+)\s+((?:[\wÀ-ÿ'’]+\s+){0,2}[\wÀ-ÿ'’]+)"
    r"\s+(?:(?:de|di|à|a|en|in|du)\s+|d['’])[A-Za-zÀ-ÿ]"
)
_GERMAN_COMPOUND_ORG = re.compile(
    r"\b(?:im|in\s+der|in\s+dem|beim|vom|zum|zur|ins|aus\s+dem|aus\s+der|am)\s+"
    r"([a-zäöüß]+(?:zentrum|schule|verein|heim|haus|klinik|klinikum|gymnasium|kirche|"
    r"gemeinde|werk|halle|stift|internat|akademie|studio|theater|kindergarten|kita|club|"
    r"klub|bar|café|cafe|kneipe|hotel|laden|markt|handel|handlung|praxis|kanzlei|agentur|"
    r"betrieb|dienst|apotheke|firma|werkstatt|bäckerei|metzgerei|spedition|versicherung))"
    r"\s+([a-zäöüß]{3,})\b"
)
_GERMAN_NOT_NAMES = frozenset(
    "und oder aber als wenn weil dass nach vor bei mit ohne gegen war ist sind hat haben "
    "wurde jeder jede jedes alle immer nie oft dort hier".split()
)
_ARTICLES = frozenset("il lo la le les los las gli el l' l’ da chez".split())
_LOWER_PREFIX_STOP = frozenset(
    """
    con avec with que che qui donde dove où y e et o ou ma mais pero per pour para por
    quando quand cuando il lo la le les los las gli un una une el di de da a à en in
    del della dello dei degli du des mon ma mes mi mio mia tu ton ta son sa su suo sua
    è est es era était sono ho ai ha j'ai tengo sempre toujours siempre tutti tous todos
    """.split()
)
_LOWER_ORG = re.compile(r"\b(?:at|for|joined|from)\s+([a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){1,3})")
# A place named before its kind: "sandy bay caravan park", "riverside leisure centre".
_LOWER_ORG_ENDS = lx.ORG_WORDS | frozenset("park centre center estate hall world".split())
# What comes before "school", "club" or "camp" as a kind, not a name.
_GENERIC_QUALIFIERS = lx.GENERIC_QUALIFIERS
_NICKNAME_TITLE = re.compile(
    r"\b(?:called|call|nicknamed)\s+"
    r"(?:him|her|them)\s+((?:the|le|la|el|il|der|die)\s+([^\W\d_]{3,20}))\b",
    re.IGNORECASE,
)
_BEFORE_INFINITIVE = frozenset(
    """
    used have has had want wants wanted going gonna need needs needed try tried trying
    able ought got get allowed forced supposed meant started began decided refused
    """.split()
)
_NICKNAME_BARE = re.compile(
    r"\b(?:we|they|everyone|everybody|people|all|kids|you)\s+(?:all\s+)?(?:called|call|nicknamed)\s+"
    r"(?:him|her|them)\s+([^\W\d_]{3,20})\b",
    re.IGNORECASE,
)
_LOWER_GERMAN_STREET = re.compile(
    r"(?<![\w-])[a-zäöü][a-zäöüß-]{2,}(?:straße|strasse|gasse|allee)(?![\w-])"
)
_GENERIC_STREETS = frozenset(
    gz.fold(w)
    for w in """
    landstraße seitenstraße nebenstraße einbahnstraße bundesstraße hauptverkehrsstraße
    autostraße kreisstraße staatsstraße fußgängerstraße wohnstraße sackgasse seitengasse
    baumallee
    """.split()
)
_OPENING_WHERE = re.compile(
    r"(?:^|[.!?]\s+)([a-zà-ÿ]{3,12})\s+(?:at|on|behind|from|au|aux|à|du|de\s+la|del|an|am|vom|"
    r"im|aus|al|alla|allo|dal|dalla)\s+(?:the\s+|le\s+|la\s+|les\s+|der\s+|dem\s+|el\s+|il\s+|lo\s+)?[a-zà-ÿ]",
    re.MULTILINE,
)
_THE_ONE_FROM = re.compile(
    r"(?:^|[.!?]\s+|\b(?:de|con|a|que|y|di|che|et|avec)\s+)([a-zà-ÿ]{3,12})\s+(?:"
    r"(?:el|la)\s+(?:de\s+la|del|de)\s|(?:quello|quella)\s+(?:del|della|dello|di)\s"
    r"|(?:celui|celle)\s+(?:du|de\s+la|de)\s"
    r"|(?:mon|ma|my|il|la|el|mi|notre|our|der|die|unser|unsere)\s+([a-zà-ÿ]{3,})\b)",
    re.MULTILINE,
)
_SIZED_NAME = re.compile(
    r"\b(big|little|lil|wee|le\s+grand|le\s+petit|la\s+grande|la\s+petite|el\s+gran|"
    r"dicker|langer|kleiner|der\s+dicke|der\s+lange|der\s+kleine)\s+([a-zà-ÿ]{3,12})\b(?!['’])"
)
_APPOSITION = re.compile(
    r"(?<=[a-zà-ÿ,] )([A-ZÀ-Þ][a-zà-ÿ'’-]{2,}),\s+(?:il|la|lo|le|el|the|der|die|mon|ma|my|our|"
    r"his|her|their|mi|su|nuestro|nuestra|notre|leur|unser|unsere|il\s+nostro|la\s+nostra|"
    r"il\s+mio|la\s+mia)\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?"
)
_DISTRICT = re.compile(
    r"\b(?i:barrio|quartier|quartiere|rione|stadtteil|ortsteil|viertel)\s+"
    r"(?i:de\s+la\s+|de\s+los\s+|de\s+las\s+|del\s+|de\s+|du\s+|des\s+|d['’]|di\s+|della\s+)?"
    r"([^\W\d_][\w'’-]{2,})"
)
_REDOUBLED = re.compile(r"([^\W\d_]{2,3})\1")
_BABY_TALK = frozenset(
    """
    pipi caca dodo bobo tutu dada gaga yoyo bonbon chouchou doudou nounou tata nana mama
    papa bebe coco tete chichi murmur pupu cucu lala blabla bling couscous tamtam
    """.split()
)
# What follows "called him" without being a name: calls, insults, and how often.
_NOT_NICKNAMES = frozenset(
    """
    back out up over down off in on at to from into names again later once twice that
    this it all every each and but because when after before yesterday today tonight
    liar slut whore bitch fat ugly stupid dumb frigid prude tease baby babe sweetheart
    darling honey love pet dear girl boy son mate bro dude sweetie princess
    """.split()
)
# Naming verbs with their object in five languages, and the words that may stand between
# them and the nickname ("lo chiamavano tutti …", "nannten ihn alle nur …").
_NAMING_CUE = (
    r"(?:\b(?:on|nous|ils|elles|tous|monde)\s+(?:l['’]|le\s+|la\s+)(?:appel|surnomm)\w*"
    r"|\b(?:qu['’]on|que\s+l['’]on)\s+(?:appel|surnomm)\w*"
    r"|\bsurnomm[ée]e?s?"
    r"|\b(?:le|lo|la|les|los|las)\s+(?:llam|dec[ií]|apod)\w*(?:a|an|amos)\b"
    r"|\b(?:apodad[oa]|conocid[oa]\s+como)"
    r"|\b(?:lo|la|li|le)\s+(?:chiamav|soprannominav)\w*"
    r"|\b(?:soprannominat[oa]|dett[oa])"
    r"|\b(?:nannten|nannte|nennen|nennt)\s+(?:ihn|sie)"
    r"|\bgenannt"
    r"|\b(?:we|they|everyone|everybody|people|all|kids|you)\s+(?:all\s+)?(?:called|call|nicknamed)\s+(?:him|her|them)"
    r")(?:\s+(?:tous|toutes|todos|todas|tutti|tutte|alle|all|nur|immer|bloß|einfach|"
    r"siempre|sempre|toujours|solo|solamente|juste|just|only|simplement))*"
)
_NICKNAME_ARTICLE = re.compile(
    _NAMING_CUE + r"\s+((?:le|la|l['’]|el|il|lo|der|den|die|the|p['’]tit|petit|petite|gros|"
    r"big|little)\s*([^\W\d_]{3,20}))\b",
    re.IGNORECASE,
)
# The nickname without an article: "nannten ihn alle nur Schnauzer", "lo chiamavano baffo".
_SIZED = frozenset(("p'tit", "p’tit", "petit", "petite", "gros", "big", "little"))
_NICKNAME_WORD = re.compile(
    _NAMING_CUE + r"\s+([^\W\d_]{3,20}(?:-[^\W\d_]{2,20})?)\b(?!['’])", re.IGNORECASE
)
_TO_ME = re.compile(
    r"(?i)\b(?:(?:me|mi|mich|mir|nos|ci|uns)\s+|m['’])(?:(?:ha|hat|a|avait|había|aveva)\s+)?"
    r"[^\W\d_]{3,}"
)
_APPEARANCE_NICKNAME = re.compile(
    r"(?:^|[.!?,;:]\s+|\b(?:y|e|et|und|que|che|qui|quand|cuando|quando|wenn|als|weil|dass)\s+)"
    r"((?:el|la|le|il|der|die)\s+([^\W\d_]{3,20}))"
    r"(?=(\s+(?:del|du|de\s+la|al|alla|allo|dal|dalla|della|vom|aus\s+der)\s+"
    r"(?:[^\W\d_]+\s+)?(?:bar|pub|café|cafe|bancone|barra|comptoir|kneipe|theke|tabac|"
    r"camping|club|circolo|mesón|meson|rincón|rincon|bistrot))?)"
    r"(?=\s+(?:de|del|du|des|de\s+la|al|alla|allo|dal|dalla|della|in|im|vom|von|aus|bei|"
    r"me|mi|m['’]|mich|mir|hat|ha|a|avait|había|aveva|war|era|était|fue|ci|nos|uns|nous|"
    r"se|si|sich|y|e|et|und)\b|[,.!?]|$)",
    re.IGNORECASE | re.MULTILINE,
)
# "THEY ALL CALLED HIM BIG H", "we called her little mo": a nickname's adjective and name
_NICKNAME_SIZED = re.compile(
    r"\b(?:called|call|nicknamed|known\s+as)\s+(?:him|her|them)?\s*"
    r"((?:big|little|lil|fat|old|young|mad|tall|wee)\s+[^\W\d_]{1,15})\b",
    re.IGNORECASE,
)
_STREET_BEFORE = re.compile(
    r"(?:(?<=\s)|^)(?:\d{1,4}(?:\s?(?:bis|ter))?,?\s+)?(?i:"
    + "|".join(re.escape(w) for w in sorted(lx.STREET_BEFORE, key=len, reverse=True))
    + r")\s+(?i:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|del|de\s+los|de\s+las|della|delle|dei|degli|di|dello|le|la)\s*)?"
    r"[A-ZÀ-Þ][\w'’-]+(?:[\s-]+(?:(?:de|du|des|del|della|di|la|le)\s+)?[A-ZÀ-Þ][\w'’-]+){0,3}"
    r"(?:,?\s+\d{1,4}[a-z]?\b)?",
)
_PARTICLE = r"(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|del|de\s+los|de\s+las|della|delle|dei|degli|di|dello|le|la)\s*)?"
_LOWER_WORD = r"[a-zà-ÿ][a-zà-ÿ'’-]+"
_LOWER_NUMBER_STREET = re.compile(
    r"(?<![\w,.])\d{1,4}[a-z]?(?:\s?(?:bis|ter))?,?\s+(?:"
    # "12 rue des tanneurs": a street word before the name
    r"(?:"
    + "|".join(re.escape(w) for w in sorted(lx.STREET_BEFORE, key=len, reverse=True))
    + r")\s+"
    + _PARTICLE
    + _LOWER_WORD
    + r"(?:[\s-]+"
    + _LOWER_WORD
    + r"){0,2}?"
    + r"(?=[,.;!?]|\s+(?:\d{5}|à|a|in|en|et|and|y|e|und)\b|$)"
    # "14 orchard lane": the name, then a street word
    r"|"
    + _LOWER_WORD
    + r"(?:\s+"
    + _LOWER_WORD
    + r")?\s+(?:"
    + "|".join(
        re.escape(w)
        for w in sorted(
            lx.STREET_AFTER
            - {"park", "estate", "hill", "place", "way", "walk", "row", "court", "close"},
            key=len,
            reverse=True,
        )
    )
    + r")\b)"
)
_LOWER_STREET_NUMBER = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lx.STREET_BEFORE, key=len, reverse=True))
    + r")\s+"
    + _PARTICLE
    + _LOWER_WORD
    + r"(?:\s+"
    + _LOWER_WORD
    + r"){0,2}?,?\s+\d{1,4}[a-z]?\b(?![.,]\d)"
)
_LOWER_COMPOUND_STREET = re.compile(
    r"\b[a-zäöüß][a-zäöüß-]{2,}(?:"
    + "|".join(re.escape(w) for w in lx.STREET_SUFFIXES)
    + r")\s+\d{1,4}[a-z]?\b(?![.,]\d)"
)
_ADDRESS_NOT_NAMES = frozenset(
    "the a an on in at of to my his her our their your up down this that same main old new".split()
)
_POSTCODE_TOWN = re.compile(r",?\s+\d{4,5}\s+([a-zà-ÿ][a-zà-ÿ'’-]+)")
_ROOM = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lx.ROOM_WORDS, key=len, reverse=True))
    + r")\s+(?:n[°º]\s*|no\.?\s*|number\s+|#\s*)?(?=[\w.-]*\d)[A-Z]?\d[\w.-]*\b",
    re.IGNORECASE,
)
