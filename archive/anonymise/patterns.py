"""Detectors of details with a shape: e-mail, URL, handle, phone, ID number, exact date.

Each function takes the text and returns (start, end, kind) triples. They are regular
expressions plus phonenumbers' validation, so they are fast, language-independent and
need no data. Recall comes first here: a missed phone number or e-mail address is the
most direct way to reach a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from archive.anonymise import lexicon
from archive.vocabulary import RedactionKind as K

Found = tuple[int, int, str]

_TRAILING = ".,;:!?)]}>'\"’”»"

# ---------------------------------------------------------------- e-mail
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b", re.IGNORECASE)
_AT = r"(?:\s*[\[\(\{<]\s*(?:at|arobase|arroba|chiocciola|ät|@)\s*[\]\)\}>]\s*|\s+(?:at|arobase|arroba|chiocciola|ät)\s+|\s*@\s+|\s+@\s*)"
_DOT = r"(?:\s*[\[\(\{<]\s*(?:dot|point|punto|punkt|\.)\s*[\]\)\}>]\s*|\s+(?:dot|point|punto|punkt)\s+|\s*\.\s*)"
_OBFUSCATED_EMAIL = re.compile(
    # Each separator can match in one way only: an ambiguous one backtracks exponentially.
    r"(?<![\w.+-])[\w+-]+(?:"
    + _DOT
    + r"[\w+-]+)*"
    + _AT
    + r"[a-z0-9][\w-]*(?:"
    + _DOT
    + r"[a-z0-9][\w-]*)*"
    + _DOT
    + r"(?:com|org|net|fr|de|es|it|uk|co|io|eu|be|ch|at|nl|info|edu|gov|me|ca|us|mx|ar)\b",
    re.IGNORECASE,
)


def emails(text: str) -> Iterator[Found]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), K.EMAIL
    for m in _OBFUSCATED_EMAIL.finditer(text):
        yield m.start(), m.end(), K.EMAIL


# ---------------------------------------------------------------- URL
_TLDS = (
    "com|org|net|io|ly|co|fr|de|es|it|uk|eu|be|ch|at|nl|me|info|biz|tv|ca|us|app|dev|gl|gg|"
    "to|xyz|social|page|site|online|blog|link|in|pt|pl|ie|mx|ar|br|au|nz|edu|gov|cat|gd|sh|"
    "li|tk|ws|am|fm|lnk|is"
)
_SHORTENERS = (
    r"bit\.ly|t\.co|tinyurl\.com|goo\.gl|ow\.ly|buff\.ly|is\.gd|rb\.gy|cutt\.ly|lnkd\.in|"
    r"youtu\.be|t\.me|wa\.me|shorturl\.at|tiny\.cc|bl\.ink|s\.id|v\.gd|linktr\.ee|fb\.me|"
    r"instagr\.am|amzn\.to|g\.co|trib\.al|dlvr\.it"
)
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\d?\.)[^\s<>\"'\]\[]+"
    r"|(?<![\w@.-])(?:" + _SHORTENERS + r")/[^\s<>\"'\]\[]*"
    r"|(?<![\w@.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:"
    + _TLDS
    + r")(?:/[^\s<>\"'\]\[]*|(?=[\s,;:!?)\]]|\.(?:\s|$)|$))",
    re.IGNORECASE,
)
# A bare "word.word" that is only a sentence without a space is not a link.
_BARE_NEEDS = re.compile(
    r"/|^(?:[a-z0-9-]+\.){2,}|^[a-z0-9-]{3,}\.(?:com|org|net|io|ly|co|me|tv|app|dev|info|blog|"
    r"site|online|xyz|page|link|gg|uk|fr|de|es|it|eu|social|ie|be|ch|nl|pt)$",
    re.IGNORECASE,
)


def urls(text: str) -> Iterator[Found]:
    for m in _URL.finditer(text):
        start, end = m.start(), _strip(text, m.start(), m.end())
        value = text[start:end]
        has_scheme = "://" in value or value.lower().startswith("www")
        if not has_scheme and not _BARE_NEEDS.search(value):
            continue
        if "@" in text[max(0, start - 1) : start]:
            continue
        yield start, end, K.URL


# ---------------------------------------------------------------- handles
_HANDLE = re.compile(r"(?<![\w@.#/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_PLATFORM = (
    r"insta(?:gram)?|ig|snap(?:chat)?|twitter|x|tiktok|tik\s*tok|facebook|fb|tumblr|"
    r"threads|bluesky|bsky|mastodon|discord|telegram|reddit|twitch|youtube|yt|onlyfans|"
    r"linkedin|kik|skype|pinterest|vsco|soundcloud|spotify|steam|xbox|psn|gamertag|"
    r"username|user\s*name|handle|account|compte|pseudo|cuenta|usuario|nombre\s+de\s+usuario|"
    r"konto|benutzername|profilo|nome\s+utente"
)
_HANDLE_CUE = re.compile(
    r"\b(?:my|his|her|their|our|mon|ma|son|sa|mi|su|mein|meine|sein|seine|ihr|ihre|il\s+mio|"
    r"il\s+suo|la\s+mia|la\s+sua|mio|suo|on|sur|en|auf|su)\s+(?:" + _PLATFORM + r")"
    r"(?:\s+(?:handle|account|name|username|id|compte|cuenta|konto|profilo))?"
    r"\s*(?:is|was|:|=|-|–|,|c'est|c’est|était|est|es|era|ist|war|è|era|as|called|named|"
    r"comme|como|come|als)?\s*"
    r"(?:\(|\"|'|“|«)?\s*(@?[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?:#\d{4})?)",
    re.IGNORECASE,
)
# A platform opening a phrase, without "my": "snap: lilwren_02", "tiktok is maren.speaks".
# Only real platform names, and only with an explicit "is" or ":" (see handles()).
_HANDLE_BARE = re.compile(
    r"(?<![\w@#])(?:insta(?:gram)?|ig(?=\s*:)|snap(?:chat)?|twitter|tiktok|tik\s*tok|tumblr|threads|"
    r"bluesky|bsky|mastodon|discord|telegram|reddit|twitch|youtube|kik|skype|vsco|"
    r"soundcloud|steam|xbox|psn|gamertag|username|user\s*name|pseudo|usuario|benutzername)"
    r"(?:\s+(?:handle|account|name|username|id|compte|cuenta|konto|profilo))?"
    r"(?:\s*(?:is|was|:|=|c'est|c’est|est|es|ist|è)\s*|\s+)(?:\(|\"|'|“|«)?\s*"
    r"(@?[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?:#\d{4})?)",
    re.IGNORECASE,
)
_HANDLE_NOT = frozenset(
    "is was the a an and but or it me him her them too also now then still there here i "
    "c est es era ist war e è le la el il lo for of to at on in my his this that".split()
)


def _common_word(value: str) -> bool:
    from archive.anonymise import gazetteers as gz

    folded = lexicon.fold(value)
    return any(gz.zipf(folded, lang) >= 2.5 for lang in ("en", "fr", "es", "de", "it"))


def handles(text: str) -> Iterator[Found]:
    for m in _HANDLE.finditer(text):
        yield m.start(), m.end(), K.HANDLE
    for m in _HANDLE_CUE.finditer(text):
        value = m.group(1)
        if value.lower() in _HANDLE_NOT or (value.isalpha() and value.islower() and len(value) < 3):
            continue
        if not re.search(r"[A-Za-z]", value):
            continue  # "on tiktok 2 hours a day": a handle has letters
        # "my account was deleted": a handle has a digit, an underscore, a dot, an @ or
        # follows an explicit "is"/":"; a bare verb or noun does not.
        between = text[m.start() : m.start(1)]
        explicit = re.search(r"(?:is|was|:|=|c'est|c’est|es|ist|è|est)\s*\W?\s*$", between, re.I)
        # "on telegram as mothlight": "as"/"called" names the account when what follows
        # is no word of the language ("on insta as well" is not a handle).
        named = re.search(
            r"\b(?:as|called|named|comme|como|come|als)\s*\W?\s*$", between, re.I
        ) and not (_common_word(value))
        if not (explicit or named or re.search(r"[\d_.@]", value)):
            continue
        yield m.start(1), _strip(text, m.start(1), m.end(1)), K.HANDLE
    for m in _HANDLE_BARE.finditer(text):
        value = m.group(1)
        # "tiktok is awful": without "my", a handle must look like one (a digit, "_",
        # ".", "@", a Discord "#1234"); a bare word counts only after a colon.
        if value.lower() in _HANDLE_NOT:
            continue
        between = text[m.start() : m.start(1)]
        colon = ":" in between
        if not re.search(r"(?:is|was|:|=|c'est|c’est|est|es|ist|è)\s*\W?\s*$", between, re.I):
            # "tiktok sadgirlsummer.x": no "is" or ":", so only what cannot be prose
            # ("tiktok 2 hours", "tiktok.com").
            if not re.search(r"[A-Za-z]", value) or not re.search(r"[_.#]|\d", value):
                continue
        if not (re.search(r"[\d_.@#]", value) or colon):
            continue
        yield m.start(1), _strip(text, m.start(1), m.end(1)), K.HANDLE


# ---------------------------------------------------------------- phones
_REGIONS = ("GB", "US", "FR", "ES", "DE", "IT", "IE", "CA", "BE", "CH", "AT", "AU", "MX", "AR")
_LANGUAGE_REGION = {"en": "GB", "fr": "FR", "es": "ES", "de": "DE", "it": "IT"}
# Something dialled: an optional +country code, then 7 to 15 digits in groups.
_PHONE_SHAPE = re.compile(r"(?<![\w/+.-])(?:\+|00)?\(?\d[\d\s().\-/]{5,20}\d(?![\w/-]|\.\d)")


def phones(text: str, language: str) -> Iterator[Found]:
    region = _LANGUAGE_REGION.get(language, "GB")
    for m in _PHONE_SHAPE.finditer(text):
        value = m.group()
        digits = re.sub(r"\D", "", value)
        if not 7 <= len(digits) <= 15 or _looks_like_date(value):
            continue
        if re.fullmatch(r"(?:19|20)\d\d(?:\s*[-–/]\s*|\s+)(?:19|20)?\d\d", value.strip()):
            continue  # a span of years
        if _is_range(value):
            continue
        if _dialable(value, region):
            yield m.start(), _strip(text, m.start(), m.end()), K.PHONE


def _dialable(value: str, region: str) -> bool:
    compact = re.sub(r"[^\d+]", "", value)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    digits = compact.lstrip("+")
    grouped = bool(re.search(r"\d[\s.\-()]\d", value))
    if compact.startswith("+"):
        return 8 <= len(digits) <= 15
    for candidate in (region, *_REGIONS):
        try:
            number = phonenumbers.parse(compact, candidate)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            # A national number: a trunk prefix 0, or written in groups; a plain run of
            # digits without either is more likely a reference number (see ids()).
            if digits.startswith("0") or grouped:
                return True
    return False


# ---------------------------------------------------------------- dates
_MONTH = r"(?:" + "|".join(sorted(lexicon.ALL_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|º|°|\.)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|'\d\d)"
_WEEKDAY = r"(?:(?:" + "|".join(sorted(lexicon.WEEKDAYS, key=len, reverse=True)) + r"),?\s+)?"
_DATES = [
    # March 3, 2016 / March 3rd / Sunday, March 3
    _WEEKDAY + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?(?![\d:])",
    # 3 March 2016 / 3rd of March / le 3 mars 2016 / 3. März 2016 / 3 de marzo de 2016
    _WEEKDAY
    + r"(?:the\s+|le\s+|el\s+|il\s+|am\s+|den\s+)?"
    + _DAY
    + r"(?:\s+of|\s+de|\s+di)?\s+"
    + _MONTH
    + r"(?:,?\s+(?:de\s+|del\s+)?"
    + _YEAR
    + r")?",
    # 12/06/2019, 12.06.19, 2019-06-12
    r"(?<![\d/.-])(?:[12]\d|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])[/.\-](?:\d{4}|\d{2})(?![\d/-])",
    r"(?<![\d/.-])(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])/(?:\d{4}|\d{2})(?![\d/-])",
    r"(?<![\d/.-])(?:19|20)\d\d[-/.](?:1[0-2]|0[1-9])[-/.](?:[12]\d|3[01]|0[1-9])(?![\d/-])",
]
# A date starts at a word's start: "del 3 marzo" is "3 marzo", not "[el 3 marzo]" in "d…".
_DATE = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in _DATES) + ")", re.IGNORECASE)


def dates(text: str) -> Iterator[Found]:
    # Every date has a digit: search only around digits (a long text has few of them).
    seen: set[tuple[int, int]] = set()
    for digits in _DIGITS.finditer(text):
        lo, hi = max(0, digits.start() - 40), min(len(text), digits.end() + 40)
        for found in _dates_in(text, lo, hi):
            if found[:2] not in seen:
                seen.add(found[:2])
                yield found


_DIGITS = re.compile(r"\d+(?:[\s/.\-]+\d+)*")


def _dates_in(text: str, lo: int, hi: int) -> Iterator[Found]:
    for m in _DATE.finditer(text, lo, hi):
        value = m.group()
        # "may 3" in lower case is usually the verb; "May 3" is the month.
        if re.match(r"may\b|march\b|mar\b|ene\b|dic\b", value) and not re.search(r"\d{4}", value):
            continue
        yield m.start(), _strip(text, m.start(), m.end()), K.DATE


def _looks_like_date(value: str) -> bool:
    return bool(_DATE.fullmatch(value.strip()))


# ---------------------------------------------------------------- ID numbers
_ID_NOUNS = (
    r"case|reference|ref|claim|complaint|ticket|student|employee|staff|badge|member|collar|"
    r"warrant|service|"
    r"membership|application|applicant|passport|licen[cs]e|driving\s+licen[cs]e|"
    r"national\s+insurance|ni|social\s+security|ssn|nhs|patient|file|crime|incident|report|"
    r"policy|account|customer|order|visa|permit|registration|reg|plate|licen[cs]e\s+plate|"
    r"number\s+plate|id|identity|matricule|dossier|plainte|immatriculation|"
    r"plaque|expediente|denuncia|matrícula|matricula|dni|nie|nif|pasaporte|aktenzeichen|"
    r"personalausweis|matrikelnummer|kundennummer|kennzeichen|anzeige|codice\s+fiscale|"
    r"matricola|pratica|tessera|targa|denuncia|protocollo|rgnr|r\.g\.n\.r\."
)
_ID_CUE = re.compile(
    r"\b(?:" + _ID_NOUNS + r")(?:\s+(?:number|no\.?|num\.?|nr\.?|n°|nº|#|id|code|ref))?"
    r"\s*(?:was|is|:|#|n°|nº|no\.?|nr\.?|est|était|es|era|ist|war|è|de|=|"
    r"lautet|lautete|fue|sono)?\s*"
    # The number itself, case-sensitive: "CR/2017/004512", "113 Js 4521/19", "4471".
    r"(?-i:((?:[A-Z]{1,4}\s)?[A-Z0-9][A-Z0-9/\-.]*\d[A-Z0-9/\-.]*"
    r"(?:\s(?:[A-Z][a-z]{0,2}\s)?\d[\d/\-.]*)*))",
    re.IGNORECASE,
)
_ID_SHAPES = re.compile(
    r"(?<![\w/.-])(?:"
    # letters and digits mixed, with separators: CR/2017/004512, AB-123-CD, X1234567L
    r"(?=[A-Z0-9/\-.]*\d)(?=[A-Z0-9/\-.]*[A-Z])[A-Z0-9]+(?:[/\-.][A-Z0-9]+)+"
    r"|[A-Z]{1,3}\d{5,}[A-Z]?|\d{5,}[A-Z]{1,3}\b"
    # UK National Insurance number: AB 12 34 56 C
    r"|[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]"
    # UK, Spanish and Italian number plates: AB12 CDE, 1234 BCD, AB 123 CD
    r"|[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s\d{1,4}[EH]?|\d{4}\s?[BCDFGHJKLMNPRSTVWXYZ]{3}|[A-Z]{2}\s?\d{3}\s?[A-Z]{2}"
    # German prosecutors' and courts' file numbers: "314 Js 2281/19", "12 KLs 40/21"
    r"|\d{1,4}\s[A-Z]{1,3}[a-z]{0,2}\s\d{1,6}/\d{2,4}"
    # Italian prosecutors' register numbers: "3371/24 RGNR"
    r"|\d{1,6}/\d{2,4}\s(?:RGNR|R\.G\.N\.R\.)"
    # long runs of digits: student numbers, account numbers, "4410239/19"
    r"|\d{4,}(?:[/\-]\d{2,})+|\d{6,}"
    r")(?![\w/-])"
)


_PLATE = re.compile(r"[A-Z]{2}\d{2}\s?[A-Z]{3}")
# Number plates whose shape is theirs alone, read in capitals (offsets unchanged): French
# AB-123-CD, German M-AB 1234, British AB12 CDE. Spanish 1234 BCD and Italian AB 123 CD
# also look like "2020 WTF" or "IN 100 KM", so they need a vehicle named just before.
_PLATE_SHAPES = re.compile(
    r"(?<![\w/.-])(?:[A-Z]{2}-\d{3}-[A-Z]{2}|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s\d{1,4}[EH]?|[A-Z]{2}\d{2}\s[A-Z]{3})"
    r"(?![\w/-])"
)
_CUED_PLATE_SHAPES = re.compile(
    r"(?<![\w/.-])(?:\d{4}\s?[BCDFGHJKLMNPRSTVWXYZ]{3}|[A-Z]{2}\s?\d{3}\s?[A-Z]{2})(?![\w/-])"
)
_VEHICLE = re.compile(
    r"\b(?:car|van|plate|reg|registration|voiture|plaque|immatriculation|coche|furgoneta|moto|"
    r"matr[ií]cula|auto|wagen|kennzeichen|macchina|targa|furgone)\b",
    re.IGNORECASE,
)


def plates_in_any_case(text: str) -> Iterator[Found]:
    """Number plates written in lower case ("sa voiture c'est fk-392-lm", "mit mr-kl 318",
    "el coche con matrícula 4827 hlm"): read in capitals, where their shape is known."""
    upper = "".join(c if len(c.upper()) != 1 else c.upper() for c in text)
    for m in _PLATE_SHAPES.finditer(upper):
        yield m.start(), m.end(), K.ID_NUMBER
    for m in _CUED_PLATE_SHAPES.finditer(upper):
        if _VEHICLE.search(text, max(0, m.start() - 40), m.start()):
            yield m.start(), m.end(), K.ID_NUMBER


def id_cues(text: str) -> Iterator[Found]:
    """Numbers introduced as one: "case number CR/2017/004512", "matricule 48213"."""
    for m in _ID_CUE.finditer(text):
        value = m.group(1).rstrip(" .-/")
        if sum(c.isdigit() for c in value) >= 3 and not re.fullmatch(r"(?:19|20)\d\d", value):
            # "NHS 943 476 5919", "DNI 4827…": an acronym cue is written as part of the number.
            cue = text[m.start() : m.start(1)]
            start = m.start() if re.fullmatch(r"[A-Z]{2,5}\s*", cue) else m.start(1)
            yield start, m.start(1) + len(value), K.ID_NUMBER


def id_shapes(text: str) -> Iterator[Found]:
    """Numbers that look like references, whatever introduces them."""
    for m in _ID_SHAPES.finditer(text):
        value = m.group()
        digits = sum(c.isdigit() for c in value)
        if _looks_like_date(value) or digits < 2:
            continue
        if digits == 2 and not _PLATE.fullmatch(value):
            continue
        if re.fullmatch(r"[\d.\-/]+", value) and digits < 6:
            continue
        if re.fullmatch(r"(?:19|20)\d\d[/\-](?:19|20)?\d\d", value) or _is_range(value):
            continue
        yield m.start(), _strip(text, m.start(), m.end()), K.ID_NUMBER


def _is_range(value: str) -> bool:
    """ "1200-1500 a month": two numbers of one length, the second larger."""
    pair = re.fullmatch(r"(\d{3,5})\s*[-–]\s*(\d{3,5})", value.strip())
    return bool(pair) and len(pair[1]) == len(pair[2]) and int(pair[1]) < int(pair[2])


def _strip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end
