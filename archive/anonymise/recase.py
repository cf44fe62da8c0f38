"""Case restoration: names written in lower case or in capitals, given their capitals back.

Posts are often written all in lower case ("brandon keyes from my year") or ALL IN
CAPITALS ("GARY TOLLAND YOU KNOW WHAT YOU DID"), and capitals are the strongest clue the
name rules have. `restore()` rewrites such sentences the way an ordinary writer would
have cased them, *for the detector's eyes only*: letter for letter, so every offset in
the restored text is the same offset in the original and spans map back 1:1.

Only case-free evidence raises a word to a capital:

- a title before it ("mr whittaker", "herrn kowalczyk", "DON ANSELMO");
- a listed first name followed by a word that is neither common nor a verb: a full name
  ("paul riddick", "MANUEL ORTEGA");
- a listed town after a place preposition, in one word or several ("in wuppertal",
  "en talavera de la reina", "A RAVENNA"), when the town is big enough for its name to
  be read as the town rather than as a word;
- an institution or trade word next to an uncommon word ("crestwood academy", "GARAGE
  DUBREUIL", "stadtsparkasse ilmenau", "ristorante da osvaldo").

Everything else in a shouted sentence becomes lower case (short non-words stay as
acronyms: "HR", "TSV"), so the lower-case rules (cues, "derek said", "me n shaz") read it
like a chat post. Sentences written normally are left as they are, except runs of two
or more words in capitals inside them ("MARKUS FEHLING vom KLINIKUM NORDHEIDE").
"""

from __future__ import annotations

import re

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.anonymise.names import Scanned, doing, tokenize
from archive.anonymise.rules import (
    POPULATION,
    Z,
    city_district,
    german_participle,
    institution_word,
    role_title,
)
from archive.anonymise.tokens import Token

# Particles inside a town's name: "talavera de la reina", "newcastle upon tyne".
_TOWN_PARTICLES = frozenset("de la del di da sur sous upon on le les am an der im in".split())
# ...and inside an institution's: "ristorante da osvaldo", "kornmüller und söhne".
_ORG_PARTICLES = frozenset(
    "de la del di da della des du von vom zum zur am an im of and & und et y e".split()
)
# Particles of a surname after a title: "monsieur le bihan", "signor de luca".
_SURNAME_PARTICLES = frozenset("le la de di da del della du des van von dos lo".split())
# ...the second of two: "van der berg", "de la fuente", "von den driesch".
_SECOND_PARTICLES = frozenset("der den la las los le".split())
# Elided particles, written joined to the surname: "d'souza", "d'ambrosio".
_ELIDED_PARTICLES = frozenset(("d'", "d’"))
# Particles that are also pronouns ("lo sapeva", "la vedo"): only a rare surname after them.
_PRONOUN_PARTICLES = frozenset("lo la le".split())
# German inns are named "zum/zur" + any noun: "hotel zur post", "gasthaus zum hirschen".
_INN_PARTICLES = frozenset("zum zur".split())
# ...and firms after the landmark they stand by: "apotheke am rathaus", "praxis am markt".
_AT_THE = {"de": frozenset(("am",))}
_ELONGATED = re.compile(r"(.)\1\1")
_BEFORE_INFINITIVE = frozenset(
    """
    used have has had want wants wanted going gonna need needs needed try tried trying
    able ought got get allowed forced supposed meant started began decided refused
    """.split()
)


def restore(text: str, language: str, words: list[Scanned] | None = None) -> tuple[str, str]:
    """(lowered, restored): the text with its shouted stretches in lower case, and the
    same with the names in it capitalised as ordinary writing would; same length, so
    offsets are unchanged. Normal text comes back as it is, twice.

    The rules that read names from their context read the restored text; those that
    recognise a lower-case phrase by its shape ("at sandy bay caravan park") read the
    lowered one."""
    tokens = tokenize(text, [], words)
    if not tokens:
        return text, text
    return _Restorer(text, language, tokens).run()


class _Restorer:
    def __init__(self, text: str, language: str, tokens: list[Token]):
        self.text = text
        self.language = language if language in lx.LANGUAGES else "en"
        self.tokens = tokens
        self.chars = list(text)
        self.first_names = gz.first_names()
        self.places = gz.places()
        self.countries = gz.countries()
        self.changed = False

    # -------------------------------------------------------------- segments
    def run(self) -> tuple[str, str]:
        segments = self._segments()
        for indexes, shouted in segments:
            if shouted:
                for i in indexes:
                    self._lower(i)
        lowered = "".join(self.chars) if self.changed else self.text
        for indexes, _shouted in segments:
            self._raise_names(indexes)
        return lowered, "".join(self.chars) if self.changed else self.text

    def _segments(self) -> list[tuple[list[int], bool]]:
        """(token indexes, shouted) of each stretch to restore: sentences written in lower
        case or in capitals, and runs of two or more shouted words elsewhere."""
        sentences: list[list[int]] = []
        for i, token in enumerate(self.tokens):
            if token.initial or not sentences:
                sentences.append([])
            sentences[-1].append(i)
        starts = [self.tokens[s[0]] for s in sentences]
        # Written without capitals throughout, as the name rules judge it.
        lower_text = sum(_capitalised(t) for t in starts) < 0.3 * len(starts)
        segments: list[tuple[list[int], bool]] = []
        for sentence in sentences:
            words = [i for i in sentence if len(self.tokens[i].core) > 1]
            shouted = [i for i in words if self.tokens[i].core.isupper()]
            if len(shouted) >= 2 and len(shouted) >= 0.5 * len(words):
                segments.append((sentence, True))
            elif lower_text or not _capitalised(self.tokens[sentence[0]]):
                segments.append((sentence, False))
                segments += [(run, True) for run in self._shouted_runs(sentence)]
            else:
                segments += [(run, True) for run in self._shouted_runs(sentence)]
        return segments

    def _shouted_runs(self, sentence: list[int]) -> list[list[int]]:
        runs: list[list[int]] = [[]]
        for i in sentence:
            core = self.tokens[i].core
            if len(core) > 1 and core.isupper():
                runs[-1].append(i)
            elif runs[-1]:
                runs.append([])
        return [r for r in runs if len(r) >= 2]

    # -------------------------------------------------------------- evidence
    def _raise_names(self, indexes: list[int]) -> None:
        inside = set(indexes)
        for i in indexes:
            token = self.tokens[i]
            if token.capital and not token.core.isupper():
                continue  # the writer's own capital
            # both: "DOÑA MERCEDES ARIZA", a title before a full name
            titled = self._after_title(i)
            if self._full_name(i, inside) or titled:
                self._capitalise(i)
                if titled and i + 1 in inside and self._no_word_after(i + 1):
                    # "detective sergeant ngozi ferreira-hall": a second word of no language
                    self._capitalise(i + 1)
            elif self._after_title_particle(i):
                # "chez Monsieur Le Bihan": the title joins the name, not an article's run
                for j in (i - 2, i - 1, i):
                    self._capitalise(j)
        for i in indexes:
            self._town(i, inside)
            self._town_of_words(i, inside)
            self._institution(i, inside)

    def _after_title(self, i: int) -> bool:
        prev = self.tokens[i - 1] if i > 0 else None
        if prev is None or self.text[prev.end : self.tokens[i].start] not in (" ", ". "):
            return False
        word = prev.folded
        dotted = self.text[prev.end : prev.end + 1] == "."
        titled = word in lx.TITLES or (dotted and word + "." in lx.TITLES)
        if titled and word in lx.NAME_TITLES:
            return self._name_like(self.tokens[i])
        return self._after_chained_title(i) or (titled and self._after_role_title(i))

    def _after_chained_title(self, i: int) -> bool:
        """ "herr oberlehrer kamphaus", "FRAU PASTORIN EILERS", "herrn pastor weiß": a
        form of address, a role, then the name."""
        if i < 2:
            return False
        title, role = self.tokens[i - 2], self.tokens[i - 1]
        dotted = self.text[title.end : title.end + 1] == "."
        return (
            self.text[title.end : role.start] in (" ", ". ")
            and (
                title.folded in lx.NAME_TITLES or (dotted and title.folded + "." in lx.NAME_TITLES)
            )
            and role_title(role.folded, self.language)
            and self._name_like(self.tokens[i])
        )

    def _after_role_title(self, i: int) -> bool:
        """ "COACH FAIRBAIRN", "L'AVVOCATO TRAVAGLINI": after a title that also names a job
        ("the coach said"), only a word of none of the five languages is a name."""
        return self._no_word(self.tokens[i])

    def _no_word_after(self, i: int) -> bool:
        return self.text[self.tokens[i - 1].full_end : self.tokens[i].start] == " " and (
            self._no_word(self.tokens[i])
        )

    def _no_word(self, token: Token) -> bool:
        return (
            len(token.folded) >= 3
            and not self._plain(token)
            and not doing(self.text, token.start)
            and all(gz.zipf(token.folded, lang) < Z.RECASE_ROLE_TITLE_NAME for lang in lx.LANGUAGES)
        )

    def _after_title_particle(self, i: int) -> bool:
        """A surname with its particle after a title: "monsieur le bihan", "mr van dyke"."""
        if i < 2 or self.tokens[i - 1].folded not in _SURNAME_PARTICLES:
            return False
        title, particle, name = self.tokens[i - 2], self.tokens[i - 1], self.tokens[i]
        dotted = self.text[title.end : title.end + 1] == "."
        spaced = self.text[title.end : particle.start] in (" ", ". ") and (
            self.text[particle.end : name.start] == " "
        )  # "m. le goff" too
        return (
            spaced
            and (
                title.folded in lx.NAME_TITLES or (dotted and title.folded + "." in lx.NAME_TITLES)
            )
            and not self._plain(name)
            # "profesor de guitarra": the subject taught is a word
            and not self._common(name, Z.RECASE_TITLE_PARTICLE)
        )

    def _full_name(self, i: int, inside: set[int]) -> bool:
        """A listed first name and an uncommon word after it: "paul riddick". The more
        common the first name, the rarer the surname must be ("MANUEL ORTEGA")."""
        token = self.tokens[i]
        if i + 1 not in inside or token.folded not in self.first_names:
            return False
        if token.full_end > token.end:
            return False  # "GWENDOLYN'S FLAT": no surname after a possessive
        if self._plain(token):
            # "JORDAN STEELE", "georgia brennan": a country that is a popular first name
            # names a person before a surname that is hardly a word
            if self._country_name(token) and self._surname(i + 1, Z.COUNTRY_NAME_SURNAME):
                self._capitalise(i + 1)
                return True
            return False
        prev = self.tokens[i - 1] if i > 0 else None
        if prev is not None and self._determiner(prev):
            return False  # "the rose garden", "my hazel eyes"
        popular = max(
            gz.name_popularity(token.folded, self.language), gz.name_popularity(token.folded, "en")
        )
        surname = i + 1
        if (
            self.tokens[surname].folded in _SURNAME_PARTICLES
            and i + 2 in inside
            # "son chef, rodolphe, la harcelait": a comma ends the name before any particle
            and self.text[token.full_end : self.tokens[surname].start] == " "
        ):
            surname = i + 2  # "sandro de luca", "pierre le goff"
            if (
                self.tokens[surname].folded in _SECOND_PARTICLES
                and surname + 1 in inside
                and self.text[self.tokens[surname - 1].end : self.tokens[surname].start] == " "
            ):
                surname += 1  # "cornelius van der berg", "montse ibáñez de la …"
            if self._first_name_before_particle(token, popular) and self._particle_surname(
                i + 1, surname
            ):
                self._capitalise(surname)
                return True
            if self.tokens[i + 1].folded in _PRONOUN_PARTICLES:
                return False  # "tobias lo sapeva", "tobias la vedeva": a pronoun and a verb
        elif self.tokens[surname].folded in _ELIDED_PARTICLES and i + 2 in inside:
            # "RAYMOND D'SOUZA": the elided particle is a word of its own, joined on
            if self._first_name_before_particle(token, popular) and self._particle_surname(
                i + 1, i + 2
            ):
                self._capitalise(i + 1)
                self._capitalise(i + 2)
                return True
        second = self.tokens[i + 1]
        if (
            i + 2 in inside
            and self._named_here(token)
            and not self._common(token, Z.FUNCTION_WORD)  # "con sandro di gregorio"
            and self._named_here(second)
            and second.folded not in _SURNAME_PARTICLES
            and self.text[token.end : second.start] == " "
            and self._full_name(i + 1, inside)
        ):
            return True  # "josé miguel alba", "MARIA LUISA FERRI": a double first name
        if not self._named_here(token):
            # "callum ferris", "PACO REQUENA": a listed first name rated rare where the
            # language is spoken, but hardly a word, before a surname that is no word either
            first_limit, surname_limit = Z.RECASE_UNRATED_FULL_NAME
            if not self._common(token, first_limit) and self._surname(surname, surname_limit):
                self._capitalise(surname)
                return True
            return False
        for first_limit, surname_limit, popularity in Z.RECASE_FULL_NAME:
            if (
                popular >= popularity
                and not self._common(token, first_limit)
                and self._surname(surname, surname_limit)
            ):
                self._capitalise(surname)
                return True
        return False

    def _country_name(self, token: Token) -> bool:
        return token.folded in self.countries and (
            max(
                gz.name_popularity(token.folded, self.language),
                gz.name_popularity(token.folded, "en"),
            )
            >= Z.COUNTRY_NAME_POPULARITY
        )

    def _first_name_before_particle(self, token: Token, popular: int) -> bool:
        """A first name as rare as a full name's must be ("en la gestoría", "durante la
        novatada": a preposition, not a name)."""
        return self._named_here(token) and any(
            popular >= popularity and not self._common(token, first_limit)
            for first_limit, _surname_limit, popularity in Z.RECASE_FULL_NAME
        )

    def _particle_surname(self, particle: int, surname: int) -> bool:
        """After a surname's particle, a listed first name ("tobias di marco") or a rare
        word ("benedetta lo cascio") is the surname; not a verb ("tobias lo sapeva")."""
        token = self.tokens[surname]
        gap = "" if self.tokens[surname - 1].folded in _ELIDED_PARTICLES else " "
        return (
            self.text[self.tokens[surname - 1].end : token.start] == gap
            and not doing(self.text, token.start)
            and token.folded.replace("'", "").isalpha()
            and not self._plain(token, verbs_from=Z.RECASE_SURNAME_VERB)
            and (
                token.folded in self.first_names or not self._common(token, Z.RECASE_TITLE_PARTICLE)
            )
            and not (
                self.tokens[particle].folded in _PRONOUN_PARTICLES
                and self._common(token, Z.RECASE_TITLE_PARTICLE)
            )
        )

    def _town(self, i: int, inside: set[int]) -> None:
        """A listed town after a place preposition, in up to four words."""
        prev = self.tokens[i - 1].folded if i > 0 else ""
        if prev not in lx.PLACE_PREPOSITIONS and not (self.language == "en" and prev == "at"):
            return
        if self.text[self.tokens[i - 1].end : self.tokens[i].start] not in (" ", "'", "’"):
            return
        if prev == lx.PERSONAL_A.get(self.language) and self._popular_here(self.tokens[i]):
            return  # "si ves a adrián": the person
        last = self._town_end(i, inside)
        token = self.tokens[i]
        if last is None or (last == i and not self._town_sized(token, self.places[token.folded])):
            # no town big enough to be trusted as one: perhaps a city's district, a small
            # place, a district named like a person
            if city_district(token.folded, self.language) or self._district(i, prev):
                self._capitalise(i)  # "in gelsenkirchen-buer", "TO HEADINGLEY", "in leith"
            return
        key = " ".join(t.folded for t in self.tokens[i : last + 1])
        first = self.tokens[i]
        if last == i and (
            # "al bar", "de rugby": the kind of place, not a town called Bar or Rugby
            institution_word(first.folded, self.language)
            # "in freising": a listed town only looks like a verb form ("-ing") when it
            # is no common word
            or self._plain(first, verbs_from=Z.RECASE_TOWN_VERB)
            or self._infinitive(i)
        ):
            return
        if key in self.countries or not self._town_sized(first, self.places[key], last > i):
            return
        for j in range(i, last + 1):
            if self.tokens[j].folded not in _TOWN_PARTICLES:
                self._capitalise(j)

    def _town_of_words(self, i: int, inside: set[int]) -> None:
        """ "el cura de villafranca del bierzo": a listed town of several words joined by
        a particle is the town with no preposition before it, when its first word is rare
        and no saint ("san martín" is also a feast)."""
        token = self.tokens[i]
        if token.capital or token.folded in lx.SAINTS or self._plain(token):
            return
        last = self._town_end(i, inside)
        if last is None or last < i + 2:
            return
        words = self.tokens[i : last + 1]
        key = " ".join(t.folded for t in words)
        if (
            not any(t.folded in _TOWN_PARTICLES for t in words[1:-1])
            or key in self.countries
            or self._common(token, Z.RECASE_TOWN_OF_WORDS)
            or institution_word(token.folded, self.language)
            or self.places[key] < POPULATION.TOWN_OF_WORDS
        ):
            return
        for j in range(i, last + 1):
            if self.tokens[j].folded not in _TOWN_PARTICLES:
                self._capitalise(j)

    def _district(self, i: int, prev: str) -> bool:
        """A small town or a district, too small to be listed as a town the rules trust,
        is still a place when it is hardly a word: a listed place ("to headingley"), or a
        listed first name right after "in" ("in leith", "DESDE TRIANA"; "to dale" is a
        person)."""
        token = self.tokens[i]
        if (
            len(token.folded) < 4
            or token.full_end > token.end  # "in dale's flat"
            or self._plain(token)
            or self._common(token, Z.RECASE_DISTRICT)
            or institution_word(token.folded, self.language)
            or self._infinitive(i)  # "used to skive": a verb after "to"
        ):
            return False
        if self.places.get(token.folded, 0):
            return True
        verb = self.tokens[i - 2].folded if i >= 2 else ""
        return (
            token.folded in self.first_names
            and prev in lx.IN_PREPOSITIONS
            and verb not in lx.IN_PERSON_VERBS  # "i confided in gwen"
        )

    def _town_end(self, i: int, inside: set[int]) -> int | None:
        """The last word of the longest listed town starting at word i."""
        best = None
        for j in range(i, min(i + 4, len(self.tokens))):
            if j not in inside or (
                j > i and self.text[self.tokens[j - 1].end : self.tokens[j].start] != " "
            ):
                break
            key = " ".join(t.folded for t in self.tokens[i : j + 1])
            if self.places.get(key, 0) and self.tokens[j].folded not in _TOWN_PARTICLES:
                best = j
        return best

    def _institution(self, i: int, inside: set[int]) -> None:
        """An institution or trade word with an uncommon name beside it: its name."""
        token = self.tokens[i]
        initials = token.folded in lx.CLUB_INITIALS or (
            token.core.isupper() and token.folded in lx.CLUB_INITIALS_SHOUTED
        )
        if not (initials or institution_word(token.folded, self.language)):
            return
        named = self._name_after(i, inside)
        if not named and i - 1 in inside:
            named = self._partners_before(i - 1, inside)  # "pryor & marsh logistics"
            if not named and not initials:
                # "calloway park academy", "bramblewick mill equestrian": two words when the
                # first is a name too, so the name is not cut to its last word
                named = self._two_before(i - 1, inside)
            if not named and self._name_before(i - 1):
                named = [i - 1]  # "crestwood academy", "ELMHURST FC"
        if not named:
            return
        for j in (i, *named):
            self._capitalise(j)
        if initials:  # "AS PLOUGASTEL", "tsv eichenau": initials stay initials
            for k in range(token.start, token.full_end):
                self._put(k, self.chars[k].upper())

    def _name_after(self, i: int, inside: set[int]) -> list[int]:
        """The words naming the institution at i after it, with the qualifiers before them:
        "club deportivo almenara", "hotel zur post", "ristorante da osvaldo (di perugia)"."""
        named: list[int] = []
        qualifiers: list[int] = []
        j = i + 1
        while j in inside and j - i <= 4:
            part = self.tokens[j]
            following = self.tokens[j + 1] if j + 1 in inside else None
            if part.folded in _INN_PARTICLES and following and not self._plain(following):
                return [*qualifiers, *named, j + 1]
            if (
                part.folded in _AT_THE.get(self.language, ())
                and following
                and not named
                and self._landmark(following)
            ):
                return [*qualifiers, j, j + 1]  # "apotheke am rathaus", "praxis am markt"
            if (
                part.folded in lx.ORG_QUALIFIERS or part.folded in lx.GENERIC_QUALIFIERS
            ) and not named:
                qualifiers.append(j)  # "club deportivo almenara", "circolo tennis arcobaleno"
            elif part.folded in lx.SAINTS and following and not self._plain(following):
                # "cd san isidro", "parrocchia di san zeno", "liceo san giuseppe": a saint's
                # name is a first name however common
                named += [j, j + 1]
                j += 1
            elif part.folded in _ORG_PARTICLES and following and j - i < 3:
                if named and self._town_itself(following):
                    break  # "ristorante da osvaldo | di perugia": the town it is in
            elif self._name_part(part):
                named.append(j)
            else:
                break
            j += 1
        if qualifiers or named:
            # "agence immobilière du lac", "CENTRE ÉQUESTRE DES GRANDS PRÉS": a kind told by
            # its descriptive word, then an article and the words naming it
            named += self._article_name(j, inside)
        return [*qualifiers, *named] if named else []

    def _landmark(self, token: Token) -> bool:
        """ "am rathaus", "am markt", "am deich": what a German firm is named after is a
        landmark, any noun but a time ("in der schule am montag", "am ende") or a common
        word."""
        return (
            token.folded.isalpha()
            and token.folded not in lx.TIME_WORDS
            and not self._plain(token)
            and not self._common(token, Z.RECASE_LANDMARK)
        )

    def _article_name(self, j: int, inside: set[int]) -> list[int]:
        """The words after the contracted article before word j ("du", "des", "della",
        "del"): up to three, none a function word, verb, kind or generic place ("du coin",
        "del pueblo" name no particular one)."""
        article = self.tokens[j - 1]
        if article.folded not in lx.ARTICLE_CONTRACTIONS.get(self.language, ()) or (
            self.text[article.end : self.tokens[j].start] != " " if j < len(self.tokens) else True
        ):
            return []
        words: list[int] = []
        k = j
        while k in inside and k - j < 3:
            token = self.tokens[k]
            if k > j and self.text[self.tokens[k - 1].end : token.start] != " ":
                break
            if (
                not token.folded.replace("-", "").isalpha()  # "… des genêts m'a renvoyée"
                or self._plain(token)
                or token.folded in lx.GENERIC_PLACES
                or institution_word(token.folded, self.language)
                or self._common(token, Z.RECASE_KIND_ARTICLE)
            ):
                break
            words.append(k)
            k += 1
        return words

    def _two_before(self, j: int, inside: set[int]) -> list[int]:
        """ "hallam grange school", "CALLOWAY PARK ACADEMY": a name and a word of place
        before the kind, the name rare, the word no function word, verb or kind."""
        if j - 1 not in inside:
            return []
        name, word = self.tokens[j - 1], self.tokens[j]
        if (
            self.text[name.full_end : word.start] != " "
            or self.text[word.full_end : self.tokens[j + 1].start] != " "
        ):
            return []
        if (
            self._name_before(j - 1)
            and word.folded.isalpha()
            and not self._plain(word)
            and not institution_word(word.folded, self.language)
            and not self._common(word, Z.RECASE_PARTNER)
        ):
            return [j - 1, j]
        return []

    def _partners_before(self, j: int, inside: set[int]) -> list[int]:
        """ "hollins & dean logistics": partners' names joined by "&" before the kind; the
        first must be a name, the second only no ordinary word or plain function word."""
        if j - 1 not in inside or self.text[self.tokens[j - 1].end : self.tokens[j].start] != " & ":
            return []
        second = self.tokens[j]
        if (
            self._name_before(j - 1)
            # a surname may be a title too ("dean", "bishop"): only no verb or function word
            and second.folded.isalpha()
            and second.folded not in lx.NOT_IDENTIFYING
            and not self._verb(second)
            and not self._common(second, Z.RECASE_PARTNER)
        ):
            return [j - 1, j]
        return []

    def _name_before(self, j: int) -> bool:
        """ "crestwood academy", but not "the sticky-floor club" (ordinary words)."""
        left = self.tokens[j]
        return self._name_part(left, Z.RECASE_ORG_BEFORE) and not (
            "-" in left.folded
            and all(gz.zipf(p, self.language) >= 3.0 for p in left.folded.split("-"))
        )

    def _town_itself(self, token: Token) -> bool:
        """ "ristorante da osvaldo | di perugia": the town the venue is in ends its name; a
        hamlet's name is more often a name's last word ("hotel mirador del sella")."""
        return (
            self.places.get(token.folded, 0) >= POPULATION.TOWN_AFTER_NAME
            and token.folded not in self.first_names
        )

    def _infinitive(self, i: int) -> bool:
        """ "used to hang", "to add me": English "to" before a verb, not a destination."""
        if self.language != "en" or self.tokens[i - 1].folded != "to":
            return False
        before = self.tokens[i - 2].folded if i >= 2 else ""
        return before in _BEFORE_INFINITIVE or self._common(self.tokens[i], Z.RECASE_TO_TOWN)

    # -------------------------------------------------------------- words
    def zipf(self, token: Token) -> float:
        return gz.zipf(token.folded, self.language)

    def _common(self, token: Token, threshold: float) -> bool:
        return self.zipf(token) >= threshold or gz.zipf(token.folded, "en") >= threshold + 0.5

    def _determiner(self, token: Token) -> bool:
        """A determiner before a word: "a" is one in English only (Spanish and Italian "a",
        French "à", are "to": "conoce a lorenzo pacheco"); an article joined to a
        preposition is one too ("della rosa canina")."""
        if token.folded == "a" and self.language in ("fr", "es", "it"):
            return False
        return token.folded in lx.RELATION_DETERMINERS or token.folded in (
            lx.ARTICLE_CONTRACTIONS.get(self.language, ())
        )

    def _plain(self, token: Token, verbs_from: float = 0.0) -> bool:
        """A word that can be no name: a non-letter, a cue word, a verb form (a surname is
        read as a verb only when it is a common word: "garnier", "texier" are names)."""
        folded = token.folded
        return (
            len(folded) < 2
            or not folded.replace("-", "").replace("'", "").isalpha()
            or _ELONGATED.search(folded) is not None
            or folded in lx.NOT_IDENTIFYING
            or folded in lx.TITLES
            or folded in lx.RELATIONS
            or folded in self.countries
            or folded in lx.RECASE_NEVER
            or folded in lx.ALL_MONTHS
            or (self._verb(token) and self.zipf(token) >= verbs_from)
            or folded in lx.GENERIC_QUALIFIERS
        )

    def _verb(self, token: Token) -> bool:
        endings = lx.VERB_ENDINGS[self.language] + (
            lx.VERB_ENDINGS["en"] if self.language != "en" else ()
        )
        if token.folded in self.first_names:
            return False
        if self.language == "de" and german_participle(token.folded):
            return True  # "in der werkstatt bedrängt", however rare the verb
        return self.zipf(token) >= Z.RECASE_VERB and token.folded.endswith(endings)

    def _name_like(self, token: Token) -> bool:
        return not self._plain(token) and not self._common(token, Z.RECASE_AFTER_TITLE)

    def _popular_here(self, token: Token) -> bool:
        return (
            token.folded in self.first_names
            and gz.name_popularity(token.folded, self.language) >= Z.PERSONAL_A_POPULARITY
        )

    def _named_here(self, token: Token) -> bool:
        """A first name people are called where the language is spoken (or English, which
        posts mix in), or a listed one that is no word: not "silver", a rare Estonian name."""
        if token.folded not in self.first_names:
            return False
        popular = max(
            gz.name_popularity(token.folded, self.language), gz.name_popularity(token.folded, "en")
        )
        return popular >= Z.RECASE_NAME_POPULARITY or not self._common(token, Z.RECASE_NOT_A_WORD)

    def _surname(self, i: int, limit: float) -> bool:
        token = self.tokens[i]
        if self.text[self.tokens[i - 1].full_end : token.start] != " ":
            return False
        if doing(self.text, token.start):
            return False  # "DARREN TOLD ME": a verb, not a surname
        return (
            len(token.folded) >= 2
            and not self._plain(token, verbs_from=Z.RECASE_SURNAME_VERB)
            and not self._common(token, limit)
        )

    def _name_part(self, token: Token, threshold: float = 0.0) -> bool:
        """A word of an institution's name: a first name, a town, or an uncommon word."""
        # "stadtwerken witten": a listed town or name that only looks like a verb form
        listed = bool(self.places.get(token.folded)) or token.folded in self.first_names
        verbs_from = Z.RECASE_SURNAME_VERB if listed else 0.0
        if self._plain(token, verbs_from) or institution_word(token.folded, self.language):
            return False
        if token.capital and not token.core.isupper():
            return True
        limit = threshold or Z.RECASE_ORG_NAME
        return (
            not self._common(token, limit)
            or (self._named_here(token) and not self._common(token, Z.RECASE_FIRST_NAME))
            or self._town_sized(token, self.places.get(token.folded, 0))
        )

    def _town_sized(self, token: Token, population: int, several: bool = False) -> bool:
        """Big towns are named often, so their names are frequent words ("madrid" 5.4 in
        Spanish): the bigger the town, the more common its name may be. A name of several
        words is a town whatever its first word ("market harborough")."""
        for floor, threshold in Z.RECASE_TOWN:
            if population >= floor:
                return several or not self._common(token, threshold)
        return False

    # -------------------------------------------------------------- writing
    def _lower(self, i: int) -> None:
        token = self.tokens[i]
        if not token.core.isupper():
            return
        if token.core.endswith("'"):  # an elided article: "L'AS", "D'ANNECY"
            for k in range(token.start, token.full_end):
                self._put(k, self.chars[k].lower())
            return
        if (
            len(token.folded) <= 4
            and all(gz.zipf(token.folded, lang) < Z.RECASE_ACRONYM for lang in lx.LANGUAGES)
            and token.folded not in self.first_names
        ):
            return  # an acronym: "HR", "TSV", "RFC"
        for k in range(token.start, token.full_end):
            self._put(k, self.chars[k].lower())

    def _capitalise(self, i: int) -> None:
        token = self.tokens[i]
        start = token.start
        for k in range(start, token.full_end):
            ch = self.chars[k]
            # "D'Souza", "O'Brien": the letter after an elided particle is a capital too
            elided = k - start == 2 and self.text[k - 1] in "'’"
            first = k == start or self.text[k - 1] in "-" or elided
            self._put(k, ch.upper() if first else ch.lower())

    def _put(self, k: int, ch: str) -> None:
        if len(ch) == 1 and ch != self.chars[k]:
            self.chars[k] = ch
            self.changed = True


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()
