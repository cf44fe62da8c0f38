"""Fill an empty, migrated PostgreSQL database with N published accounts, fast, in SQL.

One template story and its consent record are written through the ORM (so every column
the model needs has a valid value); every other row is an `INSERT ... SELECT` over
`generate_series` that copies the template and draws the public text in the database:
a text is a log-normal number of sentences (24 to 600 words, median ~150) picked from
4,000 sentences per language whose words were drawn in Python by their real frequency
(wordfreq), so common words are as common as they are in real accounts and the benchmark's theme words
injected at fixed rates. The index entries are then built by one `INSERT ... SELECT`
(run.index_raw) with the GIN index dropped and recreated afterwards, as a bulk load would.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

SENTENCES = 4000  # sentences per language, drawn in Python by real word frequency
SENTENCE_WORDS = 12
SPAN_SECONDS = 280_000_000  # publication dates spread over ~9 years from October 2017
# Story columns drawn per row; every other column is copied from the template.
_DRAWN = {
    "public_id": "'b' || lpad(to_hex(g.i), 15, '0')",
    "public_title": "initcap(split_part(g.body, ' ', 1) || ' ' || split_part(g.body, ' ', 3) "
    "|| ' ' || split_part(g.body, ' ', 5))",
    "public_body": "g.body",
    "language": "CASE WHEN random() < 0.9 THEN %(lang)s ELSE '' END",
    "year": "CASE WHEN random() < 0.85 THEN 1975 + floor(random() * 51)::int END",
    "country": "(%(countries)s::text[])[1 + floor(random() * %(n_countries)s)::int]",
    "setting": "(%(settings)s::text[])[1 + floor(random() * %(n_settings)s)::int]",
    "content_notes": "(SELECT coalesce(jsonb_agg(DISTINCT n ORDER BY n), '[]'::jsonb) FROM "
    "unnest(ARRAY[(%(notes)s::text[])[1 + floor(random() * %(n_notes)s)::int], "
    "(%(notes)s::text[])[1 + floor(random() * %(n_notes)s)::int]]) n "
    "WHERE random() < 0.5)",
    "status": "'published'",
    "version": "1",
    "submitted_at": "g.at",
    "published_at": "g.at",
    "created_at": "g.at",
    "updated_at": "g.at",
}


def _sentences(lang: str, rng: random.Random) -> list[str]:
    """SENTENCES sentences of SENTENCE_WORDS words of `lang`, drawn by real frequency."""
    import wordfreq

    words = [w for w in wordfreq.top_n_list(lang, 4000) if w.isalpha()]
    weights = [wordfreq.word_frequency(w, lang) for w in words]
    return [
        " ".join(rng.choices(words, weights, k=SENTENCE_WORDS)).capitalize() + "."
        for _ in range(SENTENCES)
    ]


def _load_sentences(cursor, languages) -> None:
    """A temporary table of each language's sentences, looked up by (lang, i)."""
    rng = random.Random(2017)
    cursor.execute(
        "CREATE TEMPORARY TABLE bench_sentence (lang text, i int, s text, PRIMARY KEY (lang, i))"
    )
    for lang in languages:
        cursor.execute(
            "INSERT INTO bench_sentence SELECT %s, i - 1, s "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS x(s, i)",
            [lang, _sentences(lang, rng)],
        )


def _body_sql(themes, phrase) -> str:
    """A text: log-normal length, sentences of the language, themes and a hashtag at rates."""
    extras = " || ".join(
        f"CASE WHEN random() < {rate} THEN ' {word}' ELSE '' END"
        for word, rate in [*themes, phrase]
    )
    return (
        "(SELECT string_agg(b.s, ' ') FROM bench_sentence b WHERE b.lang = %(lang)s AND b.i = ANY("
        f"ARRAY(SELECT floor(random() * {SENTENCES})::int FROM generate_series(1, s.sentences)))) || "
        + extras
        + " || CASE WHEN random() < 0.6 "
        "THEN ' #' || (%(tags)s::text[])[1 + floor(random() * %(n_tags)s)::int] ELSE '' END"
    )


def fill(n: int, *, languages, countries, hashtags, settings, notes, themes, phrase) -> dict:
    """Insert n published stories with current consent records; returns timings."""
    from django.db import connection, transaction

    from archive.models import ConsentRecord, Story

    started = time.perf_counter()
    at0 = datetime(2017, 10, 15, tzinfo=UTC)
    template = Story.objects.create(
        public_id="btemplate",
        public_title="Template",
        public_body="Template",
        status="published",
        submitted_at=at0,
        published_at=at0,
    )
    ConsentRecord.objects.create(
        story=template,
        consent_version="bench",
        publish=True,
        research=False,
        quote=False,
        statistics=True,
        contact=False,
        method="web",
        given_at=at0,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'archive_story' AND column_name <> 'id' ORDER BY ordinal_position"
        )
        columns = [row[0] for row in cursor.fetchall()]
    select = ", ".join(_DRAWN.get(c, f"t.{c}") for c in columns)
    body = _body_sql(themes, phrase)
    first = 1
    with transaction.atomic(), connection.cursor() as cursor:
        _load_sentences(cursor, languages)
        for lang, share in languages.items():
            count = round(n * share) if lang != list(languages)[-1] else n - first + 1
            last = first + count - 1
            sql = f"""
                INSERT INTO archive_story ({", ".join(columns)})
                SELECT {select}
                FROM archive_story t,
                     LATERAL (
                        SELECT s.i, s.at, {body} AS body
                        FROM (SELECT i,
                                     %(at0)s::timestamptz + make_interval(secs => floor(i * %(step)s)) AS at,
                                     greatest(2, least(50, exp(5.0 + 0.5 * sqrt(-2 * ln(1 - random()))
                                         * cos(2 * pi() * random())) / %(words)s))::int AS sentences
                              FROM generate_series(%(first)s, %(last)s) i) s
                     ) g
                WHERE t.id = %(template)s
                ORDER BY g.i
            """
            cursor.execute(
                sql,
                {
                    "words": SENTENCE_WORDS,
                    "lang": lang,
                    "countries": countries[lang],
                    "n_countries": len(countries[lang]),
                    "settings": settings,
                    "n_settings": len(settings),
                    "notes": notes,
                    "n_notes": len(notes),
                    "tags": hashtags[lang],
                    "n_tags": len(hashtags[lang]),
                    "at0": at0,
                    "step": SPAN_SECONDS / max(n, 1),
                    "first": first,
                    "last": last,
                    "template": template.pk,
                },
            )
            first = last + 1
        cursor.execute(
            "INSERT INTO archive_consentrecord (consent_version, publish, research, quote, "
            "statistics, contact, method, given_at, story_id) "
            "SELECT c.consent_version, c.publish, c.research, c.quote, c.statistics, c.contact, "
            "c.method, s.published_at, s.id FROM archive_story s, archive_consentrecord c "
            "WHERE c.story_id = %s AND s.id <> %s",
            [template.pk, template.pk],
        )
        # The template itself is not part of the benchmark's accounts.
        cursor.execute("DELETE FROM archive_consentrecord WHERE story_id = %s", [template.pk])
        cursor.execute("DELETE FROM archive_story WHERE id = %s", [template.pk])
    return {"seconds": round(time.perf_counter() - started, 1)}
