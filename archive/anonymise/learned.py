"""A learned second opinion beside the name rules (issue 13, rounds 9 and 10).

The rules read names from cues: titles, kind words they list, prepositions, capitals
given back by case restoration. What they miss is an open vocabulary: kinds of business
no list names ("scierie", "Eisdiele", "tipografia"), lone first names without a cue,
surnames that are also words. A token-level logistic regression, trained on the
labelled blind batches by `bench/pii/train.py`, scores every word from case-free
evidence (word frequency, the name and place lists, suffixes, the neighbouring words,
its shape and its sentence's) and never from the rules' own verdict: the rules were
tuned on those batches, so a model trained on their verdict learns to trust them.

It only adds. A word the rules already cover, or one the lexicon calls not identifying
(a holiday, a country, a platform), is never a candidate; words at or above
`LEARNED.ADD` start a span, neighbours at or above `LEARNED.GROW` join it; with round
10's decoding (named in the weights file) a linking word between two of its words joins
it, a run of words averaging `span` is one, and a country that is a first name may join
a name but never start one. In normally
written text capitals already tell the rules where names are, so there a lone word
must touch a rule's span to be kept; anywhere, a span of only generic words ("the
garage", "COLEGIO") must touch one. Weights ship in `learned.json` (no run-time
download, no dependency); they load on first use and stay cached.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

from archive.anonymise import gazetteers as gz
from archive.anonymise import lexicon as lx
from archive.anonymise.rules import LEARNED
from archive.vocabulary import RedactionKind as K

WEIGHTS = Path(__file__).with_name("learned.json")

TOKEN = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\n]")

# The kinds the model learns; the scorer's labels map to the detector's kinds.
KINDS = {"person": K.NAME, "org": K.ORGANISATION, "place": K.PLACE}


def _vetoed() -> frozenset[str]:
    return lx.NOT_IDENTIFYING | gz.countries() | lx.COUNTRIES_EXTRA


def _generic() -> frozenset[str]:
    return (
        lx.ORG_WORDS
        | lx.SCHOOL_WORDS
        | lx.VENUE_WORDS
        | lx.ROLE_WORDS
        | lx.TITLES
        | lx.GENERIC_PLACES
        | lx.ROOM_WORDS
        | lx.NOT_IDENTIFYING
    )


@cache
def _lists() -> tuple[frozenset[str], dict[str, int], frozenset[str], frozenset[str]]:
    return gz.first_names(), gz.places(), _vetoed(), _generic()


def style(text: str) -> str:
    """`lower` (under 5 % capitals), `caps` (over 60 %) or `normal`, from the letters
    outside hashtags, handles and links: the blind batches' own sorting, per sentence."""
    # Words, not a regular expression: "\S+\.\w{2,}/" backtracks on "a.a.a.…" for seconds.
    prose = (w for w in text.split() if not (w[:1] in "#@" or "@" in w or ("/" in w and "." in w)))
    return case_style([c for w in prose for c in w if c.isalpha()])


def case_style(letters: list[str]) -> str:
    """`lower` (under 5 % capitals), `caps` (over 60 %) or `normal`: the one rule for the
    model's feature and the blind batches' sorting (which pick their letters apart)."""
    upper = sum(c.isupper() for c in letters) / max(1, len(letters))
    if upper < 0.05:
        return "lower"
    if upper > 0.6:
        return "caps"
    return "normal"


def _zbin(z: float) -> str:
    return "0" if z == 0 else str(min(7.0, int(z * 2) / 2))


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "C"
    if word[:1].isupper():
        return "T"
    if word.isdigit():
        return "D"
    if any(c.isdigit() for c in word):
        return "d"
    return "l"


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def sentences(text: str, toks: list[tuple[int, int, str]]) -> tuple[list[bool], list[str]]:
    """Whether each token opens a sentence, and the style of its sentence (once per text:
    a 50,000-character sentence is read once, not once per word)."""
    starts = [
        i == 0 or _SENTENCE_END.search(text, toks[i - 1][1], toks[i][0]) is not None
        for i in range(len(toks))
    ]
    styles: list[str] = []
    opening = [i for i, o in enumerate(starts) if o] + [len(toks)]
    for a, b in zip(opening, opening[1:], strict=False):
        styles += [style(text[toks[a][0] : toks[b - 1][1]])] * (b - a)
    return starts, styles


def features(
    text: str,
    language: str,
    toks: list[tuple[int, int, str]],
    read: tuple[list[bool], list[str]] | None = None,
    extra: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """The features of each token: case-free evidence and shapes, never a rule's verdict.
    `read` is `sentences(text, toks)` when the caller has it already; `extra` names the
    optional feature groups the weights were trained with (EXTRA)."""
    first_names, places, _vetoed_words, _generic_words = _lists()
    titles, org_words, relations = lx.TITLES, lx.ORG_WORDS, lx.RELATIONS
    folded = [gz.fold(t[2].lower()) for t in toks]
    zl = [gz.zipf(f, language) for f in folded]
    ze = [gz.zipf(f, "en") for f in folded]
    zb = [_zbin(z) for z in zl]
    shapes = [_shape(t[2]) for t in toks]
    starts, styles = read or sentences(text, toks)
    out: list[list[str]] = []
    n = len(toks)
    for i, (_s, _e, word) in enumerate(toks):
        f, sh, st = folded[i], shapes[i], styles[i]
        fs = [
            "b",
            "st=" + st,
            "lang=" + language,
            "sh=" + sh,
            "sh_st=" + sh + st,
            "z=" + zb[i],
            "ze=" + _zbin(ze[i]),
            "z_st=" + zb[i] + st,
            "w=" + f,
            "len=" + str(min(len(word), 10)),
        ]
        if f in first_names:
            fs.append("first")
            fs.append("firstpop=" + str(min(13, gz.name_popularity(f, language)) // 3))
        if f in places:
            fs.append("place=" + str(int(math.log10(places[f] + 1))))
        if f in lx.NOT_IDENTIFYING:
            fs.append("notident")
        if f in gz.countries() or f in lx.COUNTRIES_EXTRA:
            fs.append("country")
        if f in lx.TIME_WORDS:
            fs.append("time")
        fs.append("z_sh_lang=" + zb[i] + sh + language)
        if f in titles:
            fs.append("title")
        if f in org_words:
            fs.append("orgword")
        if f in relations:
            fs.append("relation")
        if starts[i]:
            fs.append("sstart")
            fs.append("sstart_sh=" + sh)
        for k in (2, 3, 4, 5):
            if len(f) > k + 1:
                fs.append(f"suf{k}=" + f[-k:])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                g = folded[j]
                fs.append(f"w{d}=" + g)
                fs.append(f"z{d}=" + zb[j])
                if g in first_names:
                    fs.append(f"first{d}")
                if g in titles:
                    fs.append(f"title{d}")
                if g in org_words:
                    fs.append(f"orgword{d}")
                if len(g) > 4:
                    fs.append(f"suf3{d}=" + g[-3:])
            else:
                fs.append(f"w{d}=<>")
        fs.append(
            "w-1w+1=" + (folded[i - 1] if i else "^") + "|" + (folded[i + 1] if i + 1 < n else "$")
        )
        if extra:
            _extra(fs, extra, i, folded, zb, language, st)
        out.append(fs)
    return out


# Optional feature groups (round 10), named in the weights file so that the code scores
# with the features it was trained with.
EXTRA = ("pre", "ctx", "lang", "style")


def _extra(
    fs: list[str],
    extra: frozenset[str],
    i: int,
    folded: list[str],
    zb: list[str],
    lang: str,
    st: str,
) -> None:
    f, n = folded[i], len(folded)
    prev = folded[i - 1] if i else "^"
    nxt = folded[i + 1] if i + 1 < n else "$"
    if "pre" in extra:  # "hollins-", "tipo-", "sonnen-": open-vocabulary stems
        for k in (2, 3, 4):
            if len(f) > k + 1:
                fs.append(f"pre{k}=" + f[:k])
    if "ctx" in extra:  # the two words before, as a pair, and the frequency pattern around
        fs.append("w-2w-1=" + (folded[i - 2] if i > 1 else "^") + "|" + prev)
        fs.append("w+1w+2=" + nxt + "|" + (folded[i + 2] if i + 2 < n else "$"))
        fs.append(
            "zzz="
            + (zb[i - 1] if i else "^")
            + "|"
            + zb[i]
            + "|"
            + (zb[i + 1] if i + 1 < n else "$")
        )
        fs.append("w-1_z=" + prev + "|" + zb[i])
    if "lang" in extra:  # a suffix or neighbour means a name in one language, not another
        fs.append("suf3_lang=" + f[-3:] + lang)
        fs.append("w-1_lang=" + prev + lang)
        fs.append("w+1_lang=" + nxt + lang)
    if "style" in extra:  # cues differ in lower case and capitals
        fs.append("w-1_st=" + prev + st)
        fs.append("w+1_st=" + nxt + st)
        fs.append("suf3_st=" + f[-3:] + st)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Model:
    """The shipped weights: `detail` scores a token as part of a name, organisation or
    place; `kinds` names the kind of a span it adds."""

    def __init__(
        self,
        detail: dict[str, float],
        kinds: dict[str, dict[str, float]],
        extra: frozenset[str] = frozenset(),
        span: float = 0.0,
        bridge: bool = False,
    ):
        self.detail = detail
        self.kinds = kinds
        self.extra = frozenset(extra)
        self.span = span  # 0: no span-level decoding
        self.bridge = bridge

    @classmethod
    def from_json(cls, data: dict) -> Model:
        return cls(
            data["detail"],
            data["kinds"],
            frozenset(data.get("features", ())),
            data.get("span", 0.0),
            data.get("bridge", False),
        )

    def probability(self, fs: list[str]) -> float:
        get = self.detail.get
        return _sigmoid(sum(get(f, 0.0) for f in fs))

    def kind(self, token_features: list[list[str]]) -> str:
        """The kind whose weights score the span's words highest, summed over them."""
        best, best_score = K.NAME, -math.inf
        for label, weights in self.kinds.items():
            get = weights.get
            score = sum(get(f, 0.0) for fs in token_features for f in fs)
            if score > best_score:
                best, best_score = KINDS[label], score
        return best

    def spans(
        self, text: str, language: str, found: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """Details the rules (`found`) missed, as (start, end, kind)."""
        toks = tokens(text)
        if not toks or not self.detail:
            return []
        _first, _places, vetoed, generic = _lists()
        ruled = sorted((s, e) for s, e, _k in found)
        hidden = bytearray(len(text) + 1)
        for s, e in ruled:
            hidden[s:e] = b"\x01" * (e - s)
        # Hashtags and handles are the shape rules' (and "#WhyIDidntReport" is no name);
        # no name is a 40-letter word ("a.a.a.…" is one token).
        first = _lists()[0]
        # A country or nationality that is also a first name ("jordan mallet", "GERMÁN
        # ARRIBAS") may join a span (when the model is so built), never start one.
        joins_only = [
            self.bridge and _bare(w) in vetoed and _bare(w) in first and not any(hidden[s:e])
            for s, e, w in toks
        ]
        covered = [
            any(hidden[s:e]) or text[s - 1 : s] in ("#", "@") or e - s > 40 or _bare(w) in vetoed
            for s, e, w in toks
        ]
        read = sentences(text, toks)
        fs = features(text, language, toks, read, self.extra)
        probs = [
            self.probability(fs[i]) if joins_only[i] or not covered[i] else 0.0
            for i in range(len(toks))
        ]
        on = [p >= LEARNED.ADD and not joins_only[i] for i, p in enumerate(probs)]
        changed = True
        while changed:  # grow to neighbours sure enough to join a span
            changed = False
            for i, p in enumerate(probs):
                if not on[i] and (joins_only[i] or not covered[i]) and p >= LEARNED.GROW:
                    if (i and on[i - 1]) or (i + 1 < len(toks) and on[i + 1]):
                        on[i] = changed = True
        if self.bridge:
            # "boulangerie du moulin", "centro de salud": a short linking word between
            # two words of a span is part of it
            for i in range(1, len(toks) - 1):
                if on[i - 1] and on[i + 1] and not covered[i] and _bare(toks[i][2]) in LINKS:
                    on[i] = True
        if self.span:
            _span_decode(toks, text, probs, covered, on, self.span, generic)
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(toks):
            if not on[i]:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(toks)
                and on[j + 1]
                and not text[toks[j][1] : toks[j + 1][0]].strip(" '’-")
            ):
                j += 1
            following = j + 1
            # A span starts and ends on a word of the name: "profe de autoescuela en
            # coslada" is no organisation "de autoescuela en".
            while i < j and _bare(toks[i][2]) in EDGES:
                i += 1
            while j > i and _bare(toks[j][2]) in EDGES | LINKS:
                j -= 1
            if _bare(toks[i][2]) in EDGES:
                i = following
                continue
            start, end = toks[i][0], toks[j][1]
            words = [_bare(t[2]) for t in toks[i : j + 1]]
            if all(w in lx.ROLE_WORDS for w in words):
                keep = False  # "L'ANIMATEUR Ludovic": the role is not the name
            elif _capitalising(toks, read, i) and not any(
                t[2][:1].isupper() for t in toks[i : j + 1]
            ):
                keep = False  # a writer who capitalises, capitalises a name: "At the noodle bar"
            elif i == j and i and _bare(toks[i - 1][2]) in DETERMINERS.get(language, _POSSESSIVES):
                keep = False  # "my hazel eyes", "the amber light": a word, not a name
            elif all(w in generic or _ordinary(w) for w in words):
                # "SCIERIE FOURCADE", but not "work it began" in a post marked French
                keep = _touches(text, hidden, start, end, 1)
            elif i == j and read[1][i] == "normal":
                keep = _touches(text, hidden, start, end, 5)
            else:
                keep = True
            if keep:
                out.append((start, end, self.kind(fs[i : j + 1])))
            i = following
        return out


# Articles and prepositions that link the words of a name ("tyre and exhaust" aside).
LINKS = frozenset(
    "of de del della delle dei di da du des d la le les el los las il lo l y "
    "von vom zum zur am der die das den".split()
)

# Before a lone word, what makes it a thing rather than someone.
# (Elsewhere only possessives: "la yoli", "le pasteur X", "a joaquín" are people.)
_POSSESSIVES = frozenset(
    "my your his her our their mon ma mes ton ta son sa notre votre mi tu su nuestro "
    "nuestra mein meine dein deine sein seine mio mia tuo tua suo sua".split()
)
DETERMINERS = {"en": _POSSESSIVES | frozenset("the a an this that".split())}
# Prepositions, conjunctions and object pronouns: never the first or last word of a span
# ("si cicci del circolo tennis vi ha toccate": the club is not "circolo tennis vi").
EDGES = frozenset(
    "of de del della delle dei di da du des d von vom zum zur am en in a à al at to from "
    "con with avec mit bei per por para y e et und and or ou o oder "
    "me mi te ti vous nous vi ci os nos euch uns mich dich ihn ihm ihr".split()
)


def _span_decode(toks, text, probs, covered, on, mean: float, generic: frozenset[str]) -> None:
    """A run of adjacent words each at or above GROW, two or more of them neither kind
    words nor common English words, whose mean probability is at least `mean` is a span
    even when no word reaches ADD ("copper kettle tearoom"; not "noodle bar")."""
    i, n = 0, len(toks)
    while i < n:
        if covered[i] or probs[i] < LEARNED.GROW:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and not covered[j + 1]
            and probs[j + 1] >= LEARNED.GROW
            and not text[toks[j][1] : toks[j + 1][0]].strip(" '’-")
        ):
            j += 1
        run = toks[i : j + 1]
        if len(_substance(run, generic)) >= 2 and sum(probs[i : j + 1]) / len(run) >= mean:
            for k in range(i, j + 1):
                on[k] = True
        i = j + 1


def _substance(toks: list[tuple[int, int, str]], generic: frozenset[str]) -> list:
    """The words of a span that are neither kind words nor common English words."""
    return [t for t in toks if not (_bare(t[2]) in generic or _ordinary(_bare(t[2])))]


def _bare(word: str) -> str:
    """The word folded, without an elided article: "l'école" is "ecole"."""
    return gz.fold(re.split(r"['’]", word.lower())[-1])


def _capitalising(toks, read: tuple[list[bool], list[str]], i: int) -> bool:
    """The sentence of token `i` opens with a capital and is not written in capitals."""
    if read[1][i] == "caps":
        return False
    while i and not read[0][i]:
        i -= 1
    return toks[i][2][:1].isupper()


def _ordinary(word: str) -> bool:
    """A common English word: every post mixes English in, and a post in English marked
    as French reads as rare words to a French word list ("At work it began")."""
    return gz.zipf(word, "en") >= LEARNED.ORDINARY


def _touches(text: str, hidden: bytearray, start: int, end: int, gap: int) -> bool:
    """A rule's span lies next to this one, at most `gap` characters and one word between
    ("SCIERIE FOURCADE"; "Gestüt in ACHIM" with 5, not with 1)."""
    for a, b in ((max(0, start - gap - 1), start), (end, min(len(text), end + gap + 1))):
        window = text[a:b]
        near = hidden[a:b]
        if not any(near):
            continue
        # the characters between this span and the first covered one on that side
        if a < start:
            cut = max(i for i in range(b - a) if near[i]) + 1
            between = window[cut:]
        else:
            cut = min(i for i in range(b - a) if near[i])
            between = window[:cut]
        if len(between) <= gap and len(between.split()) <= 1:
            return True
    return False


@cache
def shipped() -> Model:
    """The weights in the repository (rebuilt by bench/pii/train.py)."""
    with WEIGHTS.open(encoding="utf-8") as f:
        return Model.from_json(json.load(f))
