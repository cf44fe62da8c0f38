"""Which posts are "me too" accounts: hashtags and phrases, in several languages.

Matching ignores case and accents ("#YoTambién" = "#yotambien", "MOI AUSSI" = "moi
aussi"), and a hashtag matches only as a whole tag ("#MeToo" but not "#MeTooLate"; the
regional tags are listed on their own), and a phrase only where it is said, opening a
post, a line or a sentence ("Me too.", "Sadly, me too", "A mí también me pasó"), not
where its words happen to meet ("they told me too"). The lists can be replaced in settings
(CHORUS["IMPORT_HASHTAGS"], CHORUS["IMPORT_PHRASES"]) or extended per import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from archive.folding import fold

DEFAULT_HASHTAGS = (
    "MeToo",
    "MeTooIndia",
    "MeTooK",
    "MeTooMen",
    "MeTooMVMT",
    "BalanceTonPorc",
    "MoiAussi",
    "YoTambien",
    "YoTambién",
    "Cuéntalo",
    "MiPrimerAcoso",
    "QuellaVoltaChe",
    "AncheIo",
    "WhyIDidntReport",
    "EuTambém",
    "PrimeiroAssedio",
    "IchAuch",
    "Aufschrei",
    "IkOok",
    "JagOcksa",
    "MinaOcksa",
    "RiceBunny",
    "米兔",
    "我也是",
    "私も",
    "WeToo",
    "أنا_كمان",
    "أنا_أيضا",
    "ЯНеБоюсьСказать",
    "גםאני",
)

DEFAULT_PHRASES = (
    "me too",
    "moi aussi",
    "yo también",
    "a mí también",
    "anch'io",
    "anche io",
    "eu também",
    "ich auch",
    "ik ook",
    "jag också",
)


# A phrase counts when it is said, not when its words happen to meet: "Me too.", "moi
# aussi, au lycée", "A mí también me pasó", "Sadly, me too" open a post, a line or a
# sentence; "they told me too" and "he hurt me too many times" do not.
_UTTERANCE_AFTER = r"[.!?…:;\n\"“«(—–-]"
_UTTERANCE_LEAD = r"\s*(?:[\w']+,\s*)?"
_UTTERANCE_START = r"(?:^|(?<=" + _UTTERANCE_AFTER + r"))" + _UTTERANCE_LEAD
_UTTERANCE_PLACES = re.compile(_UTTERANCE_AFTER)


def _tag_key(tag: str) -> str:
    # "#Me_Too" and "#MeToo" are the same tag.
    return fold(tag.lstrip("#")).replace("_", "")


@dataclass(frozen=True)
class Matcher:
    """Decides whether a post's text is a "me too" account. Cheap: one regex search."""

    pattern: re.Pattern | None
    match_all: bool = False
    # The two halves of `pattern`, for `first_term`: the hashtags, and the phrases without
    # their "where an utterance starts" guard (checked by position instead).
    tags: re.Pattern | None = None
    said: re.Pattern | None = None

    def matches(self, text: str) -> bool:
        if self.match_all:
            return bool(text.strip())
        return bool(self.pattern and self.pattern.search(fold(text)))

    def term(self, text: str) -> str:
        """The first hashtag ("#metoo") or phrase ("moi aussi") the text uses, folded.

        "" when nothing matches (or every post matches and none names a known term).
        Counting by term is what a count-only import keeps instead of the text.
        """
        found = self.pattern.search(fold(text)) if self.pattern else None
        if found is None:
            return ""
        if found.group("tag") is not None:
            return "#" + _tag_key(found.group("tag"))
        return " ".join(found.group("phrase").split())

    def first_term(self, folded: str) -> str:
        """`term` of an already folded text, an order of magnitude faster on long texts.

        The same answer as `pattern.search`: the leftmost place where a hashtag or a phrase
        matches, a hashtag first at the same place. The combined pattern tries the phrase
        alternative at every character (its start is a look-behind); here the phrases are
        tried only where an utterance can start (the text's start and after the marks of
        _UTTERANCE_AFTER), and the hashtags only from a "#" (the regex engine skips to it).
        """
        tags, said = self.tags, self.said
        if tags is None and said is None:
            # A Matcher built by hand from one pattern: the combined search.
            return self.term(folded)
        tag = tags.search(folded) if tags is not None else None
        if said is not None:
            # Only places before the hashtag's count: at the same place the hashtag wins.
            limit = tag.start() if tag is not None else len(folded) + 1
            found = said.match(folded) if limit > 0 else None
            if found is None and limit > 1:
                next_place = _UTTERANCE_PLACES.search
                place = next_place(folded, 0, limit - 1)
                while place is not None:
                    found = said.match(folded, place.end())
                    if found is not None:
                        break
                    place = next_place(folded, place.end(), limit - 1)
            if found is not None:
                return _phrase_term(found.group("phrase"))
        if tag is not None:
            return _tag_term(tag.group("tag"))
        return ""


# A post uses one of a few spellings of a few terms: name each spelling once.
@lru_cache(maxsize=4096)
def _tag_term(tag: str) -> str:
    return "#" + _tag_key(tag)


@lru_cache(maxsize=4096)
def _phrase_term(phrase: str) -> str:
    return " ".join(phrase.split())


def build_matcher(
    *,
    hashtags: Iterable[str] | None = None,
    phrases: Iterable[str] | None = None,
    extra_hashtags: Iterable[str] = (),
    extra_phrases: Iterable[str] = (),
    match_all: bool = False,
) -> Matcher:
    """A Matcher from the configured lists plus any extra terms for one import.

    With `match_all` every non-empty post matches (a dataset already collected by
    hashtag); reposts, deleted and non-public posts are still left out.
    """
    chorus = getattr(settings, "CHORUS", {})
    tags = list(
        hashtags if hashtags is not None else chorus.get("IMPORT_HASHTAGS", DEFAULT_HASHTAGS)
    )
    said = list(phrases if phrases is not None else chorus.get("IMPORT_PHRASES", DEFAULT_PHRASES))
    tags += [t for t in extra_hashtags if t.strip()]
    said += [p for p in extra_phrases if p.strip()]
    alternatives = []
    tags_alone = said_alone = None
    tag_keys = sorted({_tag_key(t) for t in tags if _tag_key(t)}, key=len, reverse=True)
    if tag_keys:
        # Underscores are allowed between letters so "#me_too" is "#metoo".
        spelled = ["_?".join(re.escape(ch) for ch in key) for key in tag_keys]
        alternatives.append(r"#(?P<tag>" + "|".join(spelled) + r")(?![\w])")
        tags_alone = re.compile(alternatives[-1])
    phrase_keys = sorted({fold(p).strip() for p in said if p.strip()}, key=len, reverse=True)
    if phrase_keys:
        spelled = [r"\s+".join(re.escape(w) for w in p.split()) for p in phrase_keys]
        said = r"(?P<phrase>" + "|".join(spelled) + r")(?!\w)"
        alternatives.append(_UTTERANCE_START + said)
        said_alone = re.compile(_UTTERANCE_LEAD + said)
    pattern = re.compile("|".join(alternatives)) if alternatives else None
    return Matcher(pattern=pattern, match_all=match_all, tags=tags_alone, said=said_alone)
