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
from collections.abc import Iterator
from dataclasses import dataclass

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.vocabulary import RedactionKind as K

Found = tuple[int, int, str]

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*(?:\.(?=\s)|(?<=\bSt)\.)?")
_POSSESSIVE = re.compile(r"['’]s?$")
_CLITIC = re.compile(r"(?:me|te|se|lo|la|le|les|nos|os|mi|ti|ci|vi|gli|ne|moi|toi|melo|telo|selo)$")
_ELISION = re.compile(
    r"(?:l|d|c|j|m|n|s|t|qu|lorsqu|puisqu|jusqu|all|dall|dell|nell|sull|coll|un|quell|"
    r"sant|pell)['’](?=[^\W\d_])",
    re.IGNORECASE,
)
_CONNECTORS = frozenset(
    "de da di del della delle dei des du van von der den ten ter le la of the y bin ibn "
    "el d' l' zu im am upon sur".split()
)
# Words that may open a sentence or a run but are never part of a name.
_FUNCTION_LANGS = ("en", "fr", "es", "de", "it")
_BOUNDARY = re.compile(r"[.!?…:;\n•|]|\s[-–—]")
_THE = frozenset("the le la les el los las il lo gli der die das".split())


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    core: str  # without a possessive 's
    full_end: int  # with it
    folded: str
    capital: bool
    initial: bool  # first word of a sentence


def tokenize(text: str, masked: list[tuple[int, int]]) -> list[Token]:
    tokens: list[Token] = []
    hidden = bytearray(len(text) + 1)
    for s, e in masked:
        hidden[s:e] = b"\x01" * (e - s)
    last_end, boundary = 0, True
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        gap = text[last_end:start]
        # A word's full stop is part of the match only for abbreviations ("Mr.", "St.").
        last_end = end - 1 if m.group().endswith(".") and not _abbreviation(m.group()) else end
        if boundary or not tokens or _BOUNDARY.search(gap):
            boundary = True
        if any(hidden[start:end]) or text[start - 1 : start] == "#":
            # A hashtag ends a sentence as far as names go: "#MeToo It was my coach".
            boundary = boundary or text[start - 1 : start] == "#"
            continue
        initial, boundary = boundary, False
        word = m.group().rstrip(".") if not m.group().startswith("St") else m.group()
        elided = _ELISION.match(word)
        if elided and word[:1].isupper() and word[elided.end() : elided.end() + 1].isupper():
            elided = None  # a surname: "D'Angelo", "L'Estrange"
        if elided:
            # "d'Annecy", "all'Hotel Belvedere", "c'était": the word after the apostrophe.
            prefix = elided.group()
            tokens.append(
                Token(
                    start,
                    start + len(prefix),
                    prefix,
                    prefix,
                    start + len(prefix),
                    gz.fold(prefix),
                    False,
                    initial,
                )
            )
            start += len(prefix)
            word = word[len(prefix) :]
            initial = False
        core = _POSSESSIVE.sub("", word) if len(word) > 3 else word
        core = core.rstrip(".") or core
        capital = word[:1].isupper() and not (len(core) > 1 and core.isupper())
        if len(core) > 1 and core.isupper() and gz.fold(core) in lx.ORG_WORDS:
            capital = True
        tokens.append(
            Token(
                start=start,
                end=start + len(core),
                full_end=start + len(word),
                text=word,
                core=core,
                folded=gz.fold(core),
                capital=capital,
                initial=initial,
            )
        )
    return tokens


def _abbreviation(word: str) -> bool:
    folded = gz.fold(word)
    return folded in lx.TITLES or folded[:-1] in _ABBREVIATIONS or len(folded) == 2


_ABBREVIATIONS = frozenset("st ste mt no nr vs ca approx dept".split())


class NameFinder:
    """One text's proper names. Construct, then iterate `find()`."""

    def __init__(self, text: str, language: str, masked: list[tuple[int, int]]):
        self.text = text
        self.language = language if language in lx.LANGUAGES else "en"
        self.tokens = tokenize(text, masked)
        self._shouted_names()
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

    def _shouted_names(self) -> None:
        """In a sentence written ALL IN CAPITALS ("WHAT HAPPENED AT FERNHILL"), the words
        that are no ordinary word count as capitalised; the others as lower case."""
        sentence: list[Token] = []
        for token in [*self.tokens, None]:
            if token is None or token.initial:
                letters = [t for t in sentence if len(t.core) > 1]
                if len(letters) >= 3 and all(t.core.isupper() for t in letters):
                    for t in letters:
                        t.capital = not self.common(t, 3.5)
                sentence = []
            if token is not None:
                sentence.append(token)

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
        if prev is None or not self.is_title(prev):
            return False
        gap = self.text[prev.end : self.tokens[index].start]
        if gap == " ":
            return True
        return gap == ". " and len(prev.core) <= 4 and prev.folded + "." in lx.TITLES

    def not_identifying(self, token: Token) -> bool:
        return token.folded in lx.NOT_IDENTIFYING or token.folded in self.countries

    def first_name(self, token: Token, threshold: float = 5.0) -> bool:
        parts = token.folded.split("-")
        return (
            (
                token.folded in self.first_names
                # "Jean-Luc", "daisy-mae": every part a first name
                or (len(parts) > 1 and all(p in self.first_names and len(p) > 1 for p in parts))
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
        if prev.folded not in lx.RELATIONS and not (
            # "Reitlehrer", "Fußballtrainer", "Schichtleiter": a German compound role
            self.language == "de" and prev.folded.endswith(_GERMAN_ROLE_ENDS)
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
        return bool(_NAMING.search(window))

    # ------------------------------------------------------------ runs
    def runs(self) -> Iterator[tuple[int, int]]:
        """Maximal sequences of capitalised tokens, as (first, last) indexes."""
        tokens, n, i = self.tokens, len(self.tokens), 0
        # In A Title Case Sentence only uncommon words can be names: "He Said Derek Lawson Lied"
        plain = {j for j in self.title_case if self.common(tokens[j], 4.5)}
        while i < n:
            if not tokens[i].capital or self._cue_word(tokens[i]) or i in plain:
                i += 1
                continue
            j = i
            while j + 1 < n:
                gap = self.gap(tokens[j], tokens[j + 1])
                nxt = tokens[j + 1]
                if j + 1 in plain:
                    break
                if (
                    nxt.capital
                    and gap in (" ", "-", " & ", " and ", ". ")
                    and (
                        gap != ". "
                        or self.is_title(tokens[j])
                        or tokens[j].core in ("St", "Ste")
                        or (len(tokens[j].core) == 1 and tokens[j].core.isupper())
                    )
                ):
                    if gap == " and " and not self._org_ahead(j + 1):
                        break
                    if (
                        (self.not_identifying(nxt) or self._cue_word(nxt))
                        and not self._org_ahead(j + 1)
                        # "Lyndhurst Court", "Abbey Park": a street word ends the address
                        and nxt.folded not in lx.STREET_AFTER
                    ):
                        break
                    j += 1
                    continue
                # particles inside a name: "University of Leeds", "Jean de la Fontaine"
                k = j + 1
                while k < n and tokens[k].folded in _CONNECTORS and not tokens[k].capital:
                    k += 1
                if (
                    k > j + 1
                    and k < n
                    and tokens[k].capital
                    and k - j <= 3
                    and all(
                        self.gap(tokens[m], tokens[m + 1]) in (" ", "'", "’") for m in range(j, k)
                    )
                    and not self.not_identifying(tokens[k])
                ):
                    j = k
                    continue
                break
            yield i, j
            i = j + 1

    def _cue_word(self, token: Token) -> bool:
        """A title or relation ("Herr", "Onkel", "Coach"): it introduces a name, it is none."""
        return (
            token.folded in lx.TITLES
            or token.folded in lx.RELATIONS
            or (self.language == "de" and token.folded.endswith(_GERMAN_ROLE_ENDS))
        )

    def _org_ahead(self, index: int) -> bool:
        for token in self.tokens[index : index + 4]:
            if token.folded in lx.ORG_WORDS and token.capital:
                return True
            if not token.capital:
                return False
        return False

    # ------------------------------------------------------------ classify
    def find(self) -> Iterator[Found]:
        for m in _CHURCH.finditer(self.text):
            yield m.start(), m.end(), K.ORGANISATION
        yield from self._streets_before()
        yield from self._rooms()
        yield from self._nicknames()
        for first, last in self.runs():
            yield from self._classify(first, last)
        yield from self._lowercase()
        yield from self._lower_named()
        if self.language == "en":
            yield from self._lower_orgs()
            yield from self._at_capitals()
        else:
            yield from self._lower_prefix_orgs()
        if self.language == "de":
            yield from self._german_compound_orgs()

    def _german_compound_orgs(self) -> Iterator[Found]:
        """German names an institution by a compound kind then its name, and lower-case
        posts drop the capitals: "im jugendzentrum arche", "beim sportverein eintracht"
        (not "im jugendzentrum jeden tag": the name must be a rare word)."""
        for m in _GERMAN_COMPOUND_ORG.finditer(self.text):
            name = m.group(2)
            if name in _GERMAN_NOT_NAMES or gz.zipf(name, "de") >= 4.5:
                continue
            yield m.start(1), m.end(2), K.ORGANISATION

    def _lower_named(self) -> Iterator[Found]:
        """Lower-case names of places and firms any language shows by their shape: a saint
        after "at/to/from" ("at st bede's"), a non-word before an institution or trade word
        ("wendtland logistik", "aquaflow leisure centre"), and a non-word after "at the"
        ("at the boilerhouse")."""
        for m in _LOWER_SAINT.finditer(self.text):
            yield m.start(1), m.end(1), K.ORGANISATION
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.capital or len(token.folded) < 4 or not token.folded.isalpha():
                continue
            if any(gz.zipf(token.folded, lang) > 1.0 for lang in lx.LANGUAGES):
                continue
            if token.folded in self.first_names or token.folded in self.places:
                continue
            # The institution word right after, or after one more lower-case word
            # ("quarrybank leisure centre").
            end = None
            for k in (i + 1, i + 2):
                if (
                    k >= len(tokens)
                    or tokens[k].capital
                    or self.gap(tokens[k - 1], tokens[k]) != " "
                ):
                    break
                if tokens[k].folded in (lx.ORG_WORDS if k == i + 1 else _LOWER_ORG_ENDS):
                    end = tokens[k].end
                    if k + 1 < len(tokens) and tokens[k + 1].folded in _LOWER_ORG_ENDS:
                        end = tokens[k + 1].end
                    break
            after_the = (
                i >= 2
                and tokens[i - 1].folded == "the"
                and tokens[i - 2].folded in ("at", "to", "from", "outside", "inside")
            )
            if end is not None:
                yield (tokens[i - 1].start if after_the else token.start), end, K.ORGANISATION
            elif after_the:
                yield tokens[i - 1].start, token.end, K.ORGANISATION
        for i, token in enumerate(tokens[:-1]):
            # "in sowerby bridge": a town of two words, written in lower case
            nxt = tokens[i + 1]
            if (
                not token.capital
                and not nxt.capital
                and self.gap(token, nxt) == " "
                and self.preposition_before(i, lx.PLACE_PREPOSITIONS)
                and self.places.get(f"{token.folded} {nxt.folded}", 0) >= 5_000
            ):
                yield token.start, nxt.end, K.PLACE

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
            ):
                continue
            yield m.start(1), m.end(1), K.ORGANISATION

    def _lower_prefix_orgs(self) -> Iterator[Found]:
        """French, Spanish and Italian put the kind first; written in lower case and tied
        to a town, it is a named venue: "au bar le zinc à rennes", "alla palestra olimpia
        di rovigo" (not "au bar avec eux")."""
        for m in _LOWER_PREFIX_ORG.finditer(self.text):
            kind, rest = m.group(2), m.group(3).lower().split()
            if (kind not in lx.ORG_WORDS and gz.fold(kind) not in lx.ORG_WORDS) or not rest:
                continue
            # A name may open with its article ("bar le zinc"), nothing else small.
            named = rest[1:] if rest[0] in _ARTICLES and len(rest) > 1 else rest
            if any(w in _LOWER_PREFIX_STOP or w in _ARTICLES for w in named):
                continue
            yield m.start(2), m.end(3), K.ORGANISATION

    def _lower_orgs(self) -> Iterator[Found]:
        """An employer or school named in lower case: "at hartwell motors", "at riverside
        academy" (not "at boarding school", "at the gym", "at my school")."""
        for m in _LOWER_ORG.finditer(self.text):
            words = list(re.finditer(r"[a-z][a-z'’-]*", m.group(1)))
            for n in (2, 3, 4):
                if len(words) < n or words[n - 1].group() not in _LOWER_ORG_ENDS:
                    continue
                qualifiers = [w.group() for w in words[: n - 1]]
                if any(w in lx.RELATION_DETERMINERS or w in lx.NOT_IDENTIFYING for w in qualifiers):
                    break
                if all(w in _GENERIC_QUALIFIERS or w in lx.ORG_WORDS for w in qualifiers):
                    break  # "boarding school", "rugby club": a kind, not a name
                if min(gz.zipf(w, "en") for w in qualifiers) < 4.6:
                    yield m.start(1), m.start(1) + words[n - 1].end(), K.ORGANISATION
                break

    def _classify(self, first: int, last: int) -> Iterator[Found]:
        tokens = self.tokens
        if (
            first + 2 <= last
            and self.is_title(tokens[first])
            and tokens[first + 1].folded in (_THE | _CONNECTORS)
            and tokens[first + 2].capital
        ):
            # A title, then a surname with its particle: "M. Le Goff", "Mr Van Houten"
            yield tokens[first].start, tokens[last].end, K.NAME
            return
        # Trim words at either end that are not part of a name.
        while first <= last and (
            (
                self.not_identifying(tokens[first])
                and not (last > first and tokens[first].folded in lx.ORG_WORDS)
                # "Jordan Mace", "my ex, Georgia": a country that is also a first name
                and not (
                    tokens[first].folded not in lx.NOT_IDENTIFYING
                    and (
                        (last > first and tokens[first].folded in self.first_names)
                        or self.relation_before(first)
                        or self.title_before(first)
                    )
                )
            )
            or self.is_title(tokens[first])
            or tokens[first].folded in _THE
            or (tokens[first].folded in _CONNECTORS and not tokens[first].capital)
            or (tokens[first].initial and tokens[first].folded in lx.RELATION_DETERMINERS)
            or (
                # "At the Kings Arms", "Successe al Bar Centrale": an ordinary first word
                tokens[first].initial
                and last > first
                and self.common(tokens[first], 4.0)
                and tokens[first].folded not in self.first_names
                and tokens[first].folded not in lx.ORG_WORDS
                and not self.place(tokens[first].folded)
            )
        ):
            first += 1
        named = first <= last and (self.relation_before(first) or self.title_before(first))
        while (
            last >= first
            and (
                (
                    self.not_identifying(tokens[last])
                    and not (last > first and tokens[last].folded in lx.ORG_WORDS)
                    and not (
                        named and last == first and tokens[last].folded not in lx.NOT_IDENTIFYING
                    )
                )
                or tokens[last].folded in _CONNECTORS
            )
            and not (
                last > first and tokens[last].folded in lx.STREET_AFTER and tokens[last].capital
            )
        ):
            last -= 1
        if first > last:
            return
        # "Weihnachtsfeier im Gasthaus Zum Hirschen": a connector joined an ordinary noun
        # to an organisation; classify the two sides apart.
        for k in range(first + 1, last):
            if (
                not tokens[k].capital
                and tokens[k].folded in _CONNECTORS
                and (
                    (tokens[k + 1].folded in lx.ORG_WORDS and k + 1 < last)
                    or _named_compound(tokens[k + 1].folded)
                )
                and not any(t.folded in lx.ORG_WORDS for t in tokens[first:k])
            ):
                yield from self._classify(first, k - 1)
                yield from self._classify(k + 1, last)
                return
        prev = self.before(first)
        if (
            self.language != "en"
            and prev is not None
            and not prev.capital
            and prev.folded in lx.ORG_PREFIXES
            and self.gap(prev, tokens[first]) == " "
            and not self.not_identifying(tokens[first])
        ):
            # "du collège Jean-Moulin", "del liceo Carducci"
            yield prev.start, tokens[last].end, K.ORGANISATION
            return
        article = self.before(first - 1) if prev is not None and not prev.capital else None
        if (
            self.language == "en"
            and prev is not None
            and (
                prev.folded in ("a", "an")
                # "a red Fiesta", "a cheap Nokia"
                or (article is not None and article.folded in ("a", "an") and first == last)
            )
            and not self.first_name(tokens[first], 4.5)
        ):
            return  # "a Premier Inn", "a Costa": a chain or a kind, not one place
        run = tokens[first : last + 1]
        start, end = run[0].start, run[-1].end
        words = [t.folded for t in run]
        if " ".join(words) in self.countries and not named:
            return
        mid = not run[0].initial and first not in self.title_case
        prev = self.before(first)
        the_before = prev is not None and prev.folded in _THE and prev.capital and not prev.initial
        de = self.language == "de"

        if len(run) == 1 and _named_compound(words[0]):
            yield start, end, K.ORGANISATION
            return
        org_index = [i for i, w in enumerate(words) if w in lx.ORG_WORDS or _craft(w)]
        if any(w in lx.PUBLIC_BODIES for w in words) and all(
            w in lx.PUBLIC_BODIES or w in _CONNECTORS or self.common(t, 4.5)
            for w, t in zip(words, run, strict=True)
        ):
            return  # a national body: "Polizia di Stato", "Police Nationale"
        others = [t for i, t in enumerate(run) if i not in org_index]
        if org_index and others and (org_index[-1] == len(run) - 1 or org_index[0] == 0):
            substantive = [t for t in others if not t.initial or not self.common(t, 5.0)]
            if substantive:
                if the_before:
                    start = prev.start
                yield start, end, K.ORGANISATION
                return

        if the_before and first >= 2 and tokens[first - 2].folded in lx.ORG_CUES:
            # "worked at The Olive Grove": a venue, whatever its name sounds like
            yield prev.start, end, K.ORGANISATION
            return
        if len(run) >= 2 and words[-1] in lx.STREET_AFTER and not self.common(run[0], 5.5):
            yield self._address(prev.start if the_before else start, end)
            return
        if any(w.endswith(lx.STREET_SUFFIXES) and len(w) > 6 for w in words) and (de or mid):
            yield self._address(start, end)
            return

        if len(run) >= 2 and words[0] in ("st", "st.", "saint", "ste") and run[-1].full_end > end:
            # "at St Odran's": a church, school or hospital named after its saint
            yield start, run[-1].full_end, K.ORGANISATION
            return
        if self.title_before(first):
            # The title goes with the name: "[name]" rather than "Mr. [name]".
            yield prev.start, end, K.NAME
            return
        if (
            len(run) == 1
            and run[0].full_end > run[0].end
            and prev is not None
            and prev.folded in lx.ORG_CUES
        ):
            # "a waitress at Luigi's", "I worked at Pemberton's"
            yield start, run[0].full_end, K.ORGANISATION
            return

        key = " ".join(words)
        if (key in self.countries or key.replace(" ", "-") in self.countries) and not named:
            return
        population = self.place(key) or self.place(key.replace(" ", "-"))
        place_cue = self.preposition_before(first, lx.PLACE_PREPOSITIONS)

        if population and place_cue and (population >= 50_000 or not self.common(run[0], 4.5)):
            yield start, end, K.PLACE
            return
        if (
            mid
            and not de
            and prev is not None
            and prev.folded in _THE
            and (len(run) > 1 or not self.common(run[0], 4.5))
            and first >= 2
            and tokens[first - 2].folded in (lx.ORG_CUES | lx.PLACE_PREPOSITIONS)
        ):
            # A venue: "at the Red Lion", "at the Hilton".
            yield prev.start, end, K.ORGANISATION
            return
        # A capitalised first name in mid-sentence is a name even when it is also a word
        # ("Massimo", "Hope"); opening a sentence it must be an unusual word.
        threshold = 4.6
        if mid:
            threshold = 5.0 if de else 9.0
        elif len(run) > 1:
            threshold = 5.0
        article = prev is not None and prev.folded in _THE and not prev.capital
        # Opening a sentence alone, a first name that is also a word ("Autumn, Winter",
        # "Grace before meals") must act like a person: "Grace told me".
        word_like = (
            not mid
            and len(run) == 1
            # other languages conjugate: "Nací en León" opens with a verb
            and self.zipf(run[0]) >= (4.0 if self.language == "en" else 3.5)
            and not self._acts(first)
            and run[0].full_end == run[0].end
            # "Hunter, the lifeguard, was…": described like a person
            and not re.match(
                r",\s+(?:the|my|our|his|her|a|an|mon|ma|mi|mein|il)\s", self.text[end : end + 40]
            )
        )
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if (
            after is not None
            and after.capital
            and after.folded in lx.ROLE_WORDS
            and self.gap(run[-1], after) == " "
            and self.common(run[-1], 4.5)
        ):
            return  # a job title: "The General Manager", "the Night Manager"
        if (
            first > 0
            and tokens[first - 1].capital
            and tokens[first - 1].folded in lx.WEEKDAYS
            and self.gap(tokens[first - 1], run[0]) == " "
            and all(self.common(t, 5.0) for t in run)
        ):
            return  # a programme or an event: "Saturday Night Live", "Friday Night Lights"
        if (
            self.first_name(run[0], threshold)
            and not (article and self.common(run[0], 4.0))
            and not word_like
        ):
            yield start, end, K.NAME
            return
        if population and not self.first_name(run[0], 7.0):
            if place_cue or not self.common(run[0], 3.6):
                yield start, end, K.PLACE
                return
        if self.relation_before(first) or self.naming_before(first):
            yield start, end, K.NAME
            return
        if len(run) > 1 and population == 0:
            # "Moore Logistics" is not a place, but "Gavin Moore"'s first word may be the
            # only name: try the first word alone as a place.
            if self.place(words[0]) and place_cue and not self.common(run[0], 3.6):
                yield start, end, K.PLACE
                return
        if mid and place_cue and not de and not self.common(run[0], 4.5):
            yield start, end, K.PLACE
            return
        if the_before and mid and len(run) >= 1 and not de:
            yield prev.start, end, K.ORGANISATION
            return
        if mid and prev is not None and prev.folded in lx.ORG_CUES and not de:
            if not self.common(run[0], 4.5) or _WORKED.search(
                self.text[max(0, prev.start - 30) : prev.start]
            ):
                # "worked Saturdays at Next": after work, a capitalised word is the employer
                yield start, end, K.ORGANISATION
                return
        if mid and not de:
            rare = [t for t in run if self.rare(t, 3.4)]
            if rare:
                yield start, end, K.NAME
                return
            # "Pasticceria Dolce Vita di Modena": ordinary words, but a town in the run
            known = [
                t for t in run[1:] if self.place(t.folded) >= 15_000 or t.folded in self.first_names
            ]
            if len(run) > 1 and known:
                yield start, end, K.ORGANISATION
                return
        if (
            not mid
            and len(run) == 1
            and not de
            and self.rare(run[0], 3.0)
            # other languages conjugate: "Abitavo a Napoli" opens with a verb
            and (self.language == "en" or self.zipf(run[0]) == 0)
            and first + 1 < len(tokens)
            and not tokens[first + 1].capital
            and self.gap(run[0], tokens[first + 1]) == " "
        ):
            # A rare word opening a sentence, followed by its verb: "Kwame followed me".
            yield start, end, K.NAME
            return
        if (
            not mid
            and 2 <= len(run) <= 3
            and not de
            and not population
            and all(self.rare(t, 3.5) for t in run)
            and (self.language == "en" or self.zipf(run[0]) == 0)
            and last + 1 < len(tokens)
            and not tokens[last + 1].capital
            and self.gap(run[-1], tokens[last + 1]) == " "
        ):
            # Two or three uncommon words opening a sentence, then a verb:
            # "Ottilie Brask-Varden was my supervisor".
            yield start, end, K.NAME
            return
        if de and population and place_cue:
            yield start, end, K.PLACE
            return
        if de and mid and not self.common(run[0], 3.0) and len(run) >= 2:
            rare = [t for t in run if not self.common(t, 2.5)]
            if len(rare) == len(run):
                yield start, end, K.NAME

    def _address(self, start: int, end: int) -> Found:
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
            yield self._address(m.start(), m.end())

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
        for m in _NICKNAME_BARE.finditer(self.text):
            # "we called him sarge": an unquoted word that is no ordinary word
            # (not "called him back", "called her names").
            word = m.group(1)
            if gz.zipf(gz.fold(word), self.language) < 3.0 and gz.zipf(gz.fold(word), "en") < 3.0:
                yield m.start(1), m.end(1), K.NAME

    def _lowercase(self) -> Iterator[Found]:
        """Names written without capitals, found through cues or in all-lower-case texts."""
        tokens = self.tokens
        lower = self.lowercase_style
        for i, token in enumerate(tokens):
            if token.initial:
                # A sentence written without a capital is read like a lower-case text.
                lower = self.lowercase_style or (
                    not token.capital
                    and token.folded != "i"
                    and not self.text[token.start : token.start + 1].isupper()  # "C'était"
                )
            if token.capital:
                continue
            titled = self.title_before(i)
            # "her brother dean", "mein onkel bernd": right after a relation, a first name
            # that is also a middling word still names someone.
            candidate = self.first_name(token, 4.3) or (
                self.relation_before(i) and self.first_name(token, 5.0)
            )
            if not (candidate or titled or lower):
                continue
            cue = titled or self.relation_before(i) or self.naming_before(i)
            name = (
                candidate
                or (titled and not self.common(token, 3.5))
                # "my cousin tobiah": a word in no list, right after a relation
                # "my boss, fitz": right after a relation, any uncommon word
                or (
                    cue
                    and len(token.folded) > 2
                    and token.folded not in lx.RELATIONS
                    and self.rare(
                        token, 4.0 if self.relation_before(i) or self.naming_before(i) else 3.0
                    )
                    # "her older cousin cornered me": a verb, not a name
                    and not (re.search(r"(?:ed|ing|ly)$", token.folded) and self.zipf(token) >= 2.0)
                )
            )
            if lower and token.folded in lx.STREET_AFTER and i > 0:
                prev = tokens[i - 1]
                if (
                    self.gap(prev, token) == " "
                    and prev.folded not in lx.RELATION_DETERMINERS
                    and (self.place(prev.folded) or not self.common(prev, 4.5))
                ):
                    yield prev.start, token.end, K.PLACE
                    continue
            if lower and not cue:
                # Without capitals a first name is also a word ("hazel", "violet"): it
                # needs to act like a person ("derek grabbed me"), or be no word at all.
                if (
                    name
                    and not self.common(token, 4.2)
                    and len(token.folded) > 2
                    and (self.zipf(token) < 3.0 or self._acts(i) or self._listed(i))
                ):
                    yield self._extend_lower(i)
                elif self._with_me(i):
                    yield self._extend_lower(i)
                elif self._lower_place(i):
                    yield token.start, token.end, K.PLACE
                elif (
                    token.folded in _LOWER_VENUE_WORDS
                    and i + 1 < len(tokens)
                    and not tokens[i + 1].capital
                    and self.gap(token, tokens[i + 1]) == " "
                    and len(tokens[i + 1].folded) > 3
                    and self.rare(tokens[i + 1], 3.0)
                ):
                    # "went to club tropicana", "at bar zanzibar"
                    yield token.start, tokens[i + 1].end, K.ORGANISATION
                elif venue := _LOWER_VENUE.match(self.text, tokens[i - 1].start if i else 0):
                    # "at the lantern rooms", "at the kings arms": a venue named in lower case
                    if i >= 2 and tokens[i - 1].folded == "the" and tokens[i - 2].folded == "at":
                        yield venue.start(1), venue.end(1), K.ORGANISATION
                continue
            if cue and name:
                start, end, kind = self._extend_lower(i)
                yield (tokens[i - 1].start if titled else start), end, kind

    def _lower_place(self, index: int) -> bool:
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
            and all(gz.zipf(token.folded, lang) == 0 for lang in lx.LANGUAGES)
        )

    def _with_me(self, index: int) -> bool:
        """ "me n shaz", "shaz and i": a companion named next to the writer, in no list
        and no word of the language."""
        token = self.tokens[index]
        if len(token.folded) <= 2 or not token.folded.isalpha():
            return False
        if self.zipf(token) >= 3.0 and not self.first_name(token, 5.0):
            return False
        return bool(
            re.search(
                r"\b(?:me|i|moi|yo|ich|io)\s+(?:and|n|an'|&|et|y|und|e)\s+$",
                self.text[max(0, token.start - 12) : token.start],
                re.I,
            )
            or re.match(
                r"\s+(?:and|n|&|et|y|und|e)\s+(?:me|i|moi|yo|ich|io)\b",
                self.text[token.end : token.end + 12],
                re.I,
            )
        )

    def _listed(self, index: int) -> bool:
        """Between commas or paired with another first name: "…, dmitri, still…", "marcy and jolene"."""
        token = self.tokens[index]
        before = self.text[max(0, token.start - 2) : token.start]
        after = self.text[token.end : token.end + 1]
        if before == ", " and after == ",":
            return True
        if token.full_end > token.end and self.zipf(token) < 3.5:
            return True  # "gregor's flat"
        if re.match(
            r"\s+from\s+(?:my|the|our|his|her|work|school|uni|college)\b",
            self.text[token.end : token.end + 40],
        ):
            return True  # "callum from my course", "brennan from accounts"
        pair = re.match(
            r"\s+(?:and|&|et|y|e|und)\s+([^\W\d_]+)", self.text[token.end : token.end + 30]
        )
        if pair is None:
            pair = re.search(
                r"([^\W\d_]+)\s+(?:and|&|et|y|e|und)\s+$",
                self.text[max(0, token.start - 30) : token.start],
            )
        if pair is None:
            return False
        other = gz.fold(pair.group(1))
        return other in self.first_names and gz.zipf(other, self.language) < 4.0

    def _acts(self, index: int) -> bool:
        """The word is followed by what people do in accounts: "derek said", "derek and i"."""
        following = self.text[self.tokens[index].full_end : self.tokens[index].full_end + 40]
        return bool(_ACTION.match(following))

    def _extend_lower(self, index: int) -> Found:
        token = self.tokens[index]
        end = token.end
        if index + 1 < len(self.tokens):
            nxt = self.tokens[index + 1]
            if (
                self.gap(token, nxt) == " "
                and not nxt.capital
                and not self.common(nxt, 4.5)
                and not _ACTION.match(" " + nxt.text)
                and nxt.folded not in lx.NOT_IDENTIFYING
            ):
                end = nxt.end
        return token.start, end, K.NAME


_ACTION = re.compile(
    r"(?:['’]s\s+|\s+[a-z]+\s+)?\s*(?:said|told|asked|grabbed|touched|kissed|raped|assaulted|"
    r"followed|texted|messaged|called|kept|made|forced|pushed|pinned|cornered|groped|hugged|"
    r"laughed|knew|saw|sent|would|wouldn't|did|didn't|does|has|used\s+to|tried|started|"
    r"came|took|put|locked|hit|stalked|threatened|wanted|invited|offered|drove|walked|"
    r"and\s+i\b|and\s+me\b|m'a|m’a|me\s+\w+ait|me\s+dijo|mi\s+ha|hat\s+mich)\b",
)


# Parishes and schools named after a dedication: "Our Lady of Lourdes", "Sacred Heart".
_CHURCH = re.compile(
    r"\b(?:Our\s+Lady|Notre[-\s]Dame|Nuestra\s+Se[ñn]ora|Sacred\s+Heart|Sacr[ée][-\s]C[œo]eur|"
    r"Sagrado\s+Coraz[óo]n|Sacro\s+Cuore|Holy\s+(?:Trinity|Cross|Family|Rosary|Redeemer|"
    r"Innocents|Name|Ghost)|Christ\s+the\s+King)"
    r"(?:\s+(?:of|de|del|della|di|des)\s+(?:the\s+|la\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?"
    r"(?:\s+(?:Church|School|Parish|College|Academy|Primary|High|Hospital|Convent|Cathedral))*"
)


def _named_compound(word: str) -> bool:
    """ "wilhelm-busch-schule", "geschwister-scholl-gymnasium": a name joined to its institution."""
    parts = word.split("-")
    return len(parts) >= 2 and parts[-1] in lx.ORG_WORDS and parts[0] not in lx.ORG_WORDS


def _craft(word: str) -> bool:
    # German trades: Schreinerei, Bäckerei, Druckerei, Gärtnerei...
    return len(word) > 6 and word.endswith("erei")


_NAMING = re.compile(r"(?:" + "|".join(lx.NAMING_CUES) + r")\s*[,:]?\s*[\"“«']?\s*$", re.IGNORECASE)
_NICKNAME = re.compile(
    r"(?:called|nicknamed|known\s+as|knew\s+(?:him|her|them)\s+as|aka|surnomm[ée]e?|appelait|apodad[oa]|llamaban|"
    r"genannt|Spitzname|soprannominat[oa]|detto|chiamavano)\s+"
    r"(?:him|her|them|himself|herself|themselves|le|la|lo|ihn|sie|se|sich)?\s*"
    r"[\"“«‘']([^\"”»’'\n]{2,40})[\"”»’']",
    re.IGNORECASE,
)
_WORKED = re.compile(
    r"\b(?:work(?:ed|ing|s)?|job|shifts?|employed|temp(?:ed|ing)?|intern(?:ed|ing)?|"
    r"travaill(?:e|ais|ait|é)|trabaj(?:o|aba|é)|arbeite(?:te)?|lavor(?:o|avo|ato))\b[^.!?]*$",
    re.IGNORECASE,
)
_LOWER_SAINT = re.compile(
    r"\b(?:at|to|from|near|outside)\s+(st\.?\s+[a-z][a-z]+(?:['’]s)?)(?![\w'’])"
)
_AT_CAPITALS = re.compile(
    r"(?<=[a-z,] )at\s+(?:the\s+)?([A-Z][a-z'’]+(?:\s+(?:of\s+|&\s+)?[A-Z][a-z'’]+){1,3})"
)
_HOLIDAYS = re.compile(lx.HOLIDAYS)
_LOWER_PREFIX_ORG = re.compile(
    r"\b(au|à\s+la|chez|alla|allo|al|nella|nel|dalla|dal|en\s+el|en\s+la|del|de\s+la|du|"
    r"à\s+l['’]|all['’])(?:\s+|(?<=['’]))([a-zà-ÿ]+)\s+((?:[\wÀ-ÿ'’]+\s+){0,2}[\wÀ-ÿ'’]+)"
    r"\s+(?:(?:de|di|à|a|en|in|du)\s+|d['’])[A-Za-zÀ-ÿ]"
)
_GERMAN_ROLE_ENDS = (
    "lehrer",
    "lehrerin",
    "trainer",
    "trainerin",
    "leiter",
    "leiterin",
    "chef",
    "chefin",
    "betreuer",
    "betreuerin",
    "meister",
    "nachbar",
    "nachbarin",
    "kollege",
    "kollegin",
)
_GERMAN_COMPOUND_ORG = re.compile(
    r"\b(?:im|in\s+der|in\s+dem|beim|vom|zum|zur|ins|aus\s+dem|aus\s+der|am)\s+"
    r"([a-zäöüß]+(?:zentrum|schule|verein|heim|haus|klinik|klinikum|gymnasium|kirche|"
    r"gemeinde|werk|halle|stift|internat|akademie|studio|theater|kindergarten|kita|club|"
    r"klub|bar|café|cafe|kneipe|hotel|laden|markt))\s+([a-zäöüß]{3,})\b"
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
_LOWER_ORG_ENDS = lx.ORG_WORDS | frozenset("park centre center estate".split())
# What comes before "school", "club" or "camp" as a kind, not a name.
_GENERIC_QUALIFIERS = frozenset(
    """
    boarding nursery ballet karate judo rugby cricket hockey netball golf tennis swimming
    chess drama sunday grammar primary secondary comprehensive infant infants junior prep
    catholic convent riding sailing rowing boxing martial gymnastics scout scouts guide
    brownie brownies cub cubs bible medical nursing dental veterinary secretarial finishing
    art sixth form theatre cookery catering bingo working social strip comedy night weekend
    residential holiday summer day after-school breakfast homework youth sports leisure
    private public state local village community girls boys girls' boys' mixed police
    army naval football fitness dance music language driving law business film
    student students' student's every any some that this which what another each
    """.split()
)
_LOWER_VENUE_WORDS = frozenset("club bar pub hotel café cafe restaurant gym".split())
_LOWER_VENUE = re.compile(r"the\s+([a-z][a-z'’]+\s+(?:rooms|arms|tavern|lounge|social))\b")
_NICKNAME_TITLE = re.compile(
    r"\b(?:we|they|everyone|everybody|people|all|kids|you)\s+(?:all\s+)?(?:called|call|nicknamed)\s+"
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
_STREET_BEFORE = re.compile(
    r"(?:(?<=\s)|^)(?:\d{1,4}(?:\s?(?:bis|ter))?,?\s+)?(?i:"
    + "|".join(re.escape(w) for w in sorted(lx.STREET_BEFORE, key=len, reverse=True))
    + r")\s+(?i:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|del|de\s+los|de\s+las|della|delle|dei|degli|di|dello|le|la)\s*)?"
    r"[A-ZÀ-Þ][\w'’-]+(?:[\s-]+(?:(?:de|du|des|del|della|di|la|le)\s+)?[A-ZÀ-Þ][\w'’-]+){0,3}"
    r"(?:,?\s+\d{1,4}[a-z]?\b)?",
)
_ROOM = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lx.ROOM_WORDS, key=len, reverse=True))
    + r")\s+(?:n[°º]\s*|no\.?\s*|number\s+|#\s*)?(?=[\w.-]*\d)[A-Z]?\d[\w.-]*\b",
    re.IGNORECASE,
)
