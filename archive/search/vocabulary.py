""" "Did you mean": the closest words of the public index to a word it does not know.

Privacy first: the vocabulary is counted from index entries only (public, redacted text),
keeps only words that at least VOCABULARY_MIN_ENTRIES entries use (so a word only one or
two accounts contain, such as a name or a place, is never kept), and a correction is
offered only when the corrected query finds a public account at the moment it is asked
(the backend checks), so a word whose accounts were withdrawn since the last count is
never suggested.

The vocabulary is recounted by the reconcile sweep when it is older than
SEARCH["VOCABULARY_REFRESH_SECONDS"] (an hour), and by `rebuild_index`. On a large index
(more than SAMPLE_ABOVE entries) it is counted in the fixed 1-in-16 sample, which keeps a
recount to seconds and loses only rare words (a word must be used by VOCABULARY_MIN_ENTRIES
entries of the sample, so about 16 times as many in the index).

Closest: PostgreSQL ranks words by trigram similarity (pg_trgm, through a trigram index);
SQLite compares words of about the same length and first letter with difflib's ratio.
Words of the visitor's language (or of the languages they filter on) come first; other
languages' words only when those have nothing close.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Length
from django.utils import timezone

from archive.search import text
from archive.search.models import SAMPLE_EVERY, SearchEntry, SearchWord
from archive.search.round_trip import fetch_with_settings
from archive.shared_cache import figures

MIN_WORD, MAX_WORD = 3, 40
SAMPLE_ABOVE = 50_000
# SQLite: difflib ratio at least this (PostgreSQL: pg_trgm's own threshold, 0.3).
SQLITE_RATIO = 0.75


def _setting(name: str, default: int) -> int:
    return int(settings.SEARCH.get(name, default))


def min_entries() -> int:
    return _setting("VOCABULARY_MIN_ENTRIES", 3)


def refresh() -> int:
    """Recount the vocabulary from the index; returns the number of words kept."""
    sampled = SearchEntry.objects.count() > SAMPLE_ABOVE
    now = timezone.now()
    with transaction.atomic():
        SearchWord.objects.all().delete()
        if connection.vendor == "postgresql":
            _refresh_postgres(sampled, now)
        else:
            _refresh_python(sampled, now)
    return SearchWord.objects.count()


def _refresh_postgres(sampled: bool, now) -> None:
    scale = SAMPLE_EVERY if sampled else 1
    # In the sample too a word needs min_entries() entries that use it (about 16 times as
    # many in the whole index): never fewer accounts than the rule says.
    needed = min_entries()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_searchword (language, word, entries, counted_at) "
            "SELECT e.language, w.lexeme, count(*) * %s, %s FROM search_searchentry e "
            "CROSS JOIN LATERAL unnest(to_tsvector('chorus_simple', e.title || ' ' || e.body)) w "
            "WHERE (e.in_sample OR NOT %s) "
            "AND length(w.lexeme) BETWEEN %s AND %s AND w.lexeme ~ '^[[:alpha:]]+$' "
            "GROUP BY 1, 2 HAVING count(*) >= %s",
            [scale, now, sampled, MIN_WORD, MAX_WORD, needed],
        )


def _refresh_python(sampled: bool, now) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    entries = SearchEntry.objects.all()
    if sampled:
        entries = entries.filter(in_sample=True)
    for language, title, body in entries.values_list("language", "title", "body").iterator():
        for word in set(text.words(f"{title} {body}")):
            if MIN_WORD <= len(word) <= MAX_WORD and word.isalpha():
                counts[language, word] += 1
    scale = SAMPLE_EVERY if sampled else 1
    needed = min_entries()  # in the sample too (see _refresh_postgres)
    SearchWord.objects.bulk_create(
        [
            SearchWord(language=language, word=word, entries=count * scale, counted_at=now)
            for (language, word), count in counts.items()
            if count >= needed
        ],
        batch_size=2000,
    )


def refresh_if_due() -> bool:
    """Recount when the vocabulary is older than VOCABULARY_REFRESH_SECONDS (or empty)."""
    newest = SearchWord.objects.order_by("-counted_at").values_list("counted_at", flat=True).first()
    age = timedelta(seconds=_setting("VOCABULARY_REFRESH_SECONDS", 3600))
    if newest is not None and timezone.now() - newest < age:
        return False
    if newest is None and not SearchEntry.objects.exists():
        return False
    refresh()
    return True


def _known(words: list[str]) -> tuple[set[str], str]:
    """The words the vocabulary knows, and its stamp (when it was counted; "" if empty).

    Every word of one count shares its `counted_at`, so the stamp names the vocabulary:
    a cached correction keyed by it is never read after a recount.
    """
    if connection.vendor != "postgresql":
        stamp = SearchWord.objects.values_list("counted_at", flat=True).first()
        known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
        return known, stamp.isoformat() if stamp else ""
    # Through the B-tree on (word, language): the trigram GIN index also answers `=`, and
    # reads hundreds of pages for it; GIN is only ever used by a bitmap scan, so none.
    # jit off in both lookups: a disabled scan type adds a huge cost to the plan, which
    # made PostgreSQL compile a 0.1 ms lookup for 150 ms.
    rows = fetch_with_settings(
        "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL jit = off",
        "SELECT (SELECT counted_at FROM search_searchword ORDER BY id LIMIT 1), "
        "ARRAY(SELECT word FROM search_searchword WHERE word = ANY(%s))",
        [words],
    )
    stamp, known = rows[0]
    return set(known), stamp.isoformat() if stamp else ""


def _closest_postgres(word: str, languages: tuple[str, ...]) -> str | None:
    # Through the trigram index only: a scan would compute the similarity of every
    # word in the vocabulary (tens of thousands), ~100 ms on a busy machine.
    # `%` (similarity above pg_trgm's 0.3 threshold) is what the index answers; the
    # preferred languages' words come first, then the most similar, the most used.
    rows = fetch_with_settings(
        "SET LOCAL enable_seqscan = off; SET LOCAL jit = off",
        "SELECT word FROM search_searchword WHERE word %% %s AND word <> %s "
        "ORDER BY language = ANY(%s) DESC, similarity(word, %s) DESC, entries DESC, word "
        "LIMIT 1",
        [word, word, list(languages), word],
    )
    return rows[0][0] if rows else None


def _closest_sqlite(word: str, languages: tuple[str, ...]) -> str | None:
    rows = SearchWord.objects.annotate(length=Length("word")).filter(
        word__startswith=word[0], length__range=(len(word) - 2, len(word) + 2)
    )
    if languages:
        rows = rows.filter(language__in=languages)
    candidates = list(
        dict.fromkeys(rows.order_by("-entries").values_list("word", flat=True)[:5000])
    )
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=SQLITE_RATIO)
    return found[0] if found else None


def closest(word: str, languages: tuple[str, ...]) -> str | None:
    """The closest vocabulary word to `word`: in `languages` first, then in any language."""
    if connection.vendor == "postgresql":
        return _closest_postgres(word, languages)
    for scope in [languages, ()] if languages else [()]:
        found = _closest_sqlite(word, scope)
        if found and found != word:
            return found
    return None


def _cache_key(stamp: str, word: str, languages: tuple[str, ...]) -> str:
    # Hashed: the key holds a word a visitor typed.
    digest = hashlib.sha256(f"{stamp}|{word}|{','.join(languages)}".encode()).hexdigest()
    return f"chorus:search:closest:{digest[:32]}"


def corrections(words: list[str], languages: tuple[str, ...]) -> dict[str, str]:
    """{misspelt word: closest known word} for the words the vocabulary does not know.

    The closest word of each unknown word is cached per vocabulary (its stamp is in the
    key, so a recount is never answered from an older count): a trigram lookup reads
    hundreds of index pages, and the same misspellings come back again and again. The
    caller still checks that the corrected query finds a public account now.
    """
    candidates = [w for w in dict.fromkeys(words) if w.isalpha() and MIN_WORD <= len(w) <= MAX_WORD]
    if not candidates:
        return {}
    known, stamp = _known(candidates)
    if not stamp:  # no vocabulary yet
        return {}
    found = {}
    for word in candidates:
        if word in known:
            continue
        key = _cache_key(stamp, word, languages)
        better = figures.get(key)
        if better is None:
            better = closest(word, languages) or ""
            figures.set(key, better, _setting("VOCABULARY_REFRESH_SECONDS", 3600) * 2)
        if better:
            found[word] = better
    return found
