"""Moderation queue benchmark: the admin queue and review page over N accounts.

    DATABASE_URL=sqlite:///var/bench_moderation.sqlite3 .venv/bin/python bench/moderation/run.py 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_scale_bench \
        .venv/bin/python bench/moderation/run.py 200000

The database is migrated and filled by the benchmark (it must hold no stories; `--reuse`
measures again a database it filled before), then vacuumed and analysed (`--no-vacuum`:
analysed only). 8 % of the accounts wait for review (submitted
or in review, two spans each, one undecided), 0.5 % of the published ones have an open
visitor report, content notes are drawn at random. Prints one JSON object with p50/p95 ms of:

- the queue page (GET of the admin changelist through Django's test client, signed in with
  a verified TOTP device: middleware, admin, template), by default and with a content-note
  filter, and for a moderator who hides two content notes;
- naive raw SQL doing the same work (the queue rows with report and undecided counts,
  ordered, first page; the filtered count; counts by status; the page's spans) and the
  ratio raw/app;
- one review page, and the raw SQL reading the same rows;
- the audit log's first page (50 events of three per account), and its raw SQL;
- and the number of SQL queries each page runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL", "false")

NOTES = ["harassment", "assault", "rape", "child_abuse", "domestic_abuse", "stalking"]
WORDS = (
    "the a my he she they at work school when after before never always told nobody "
    "manager teacher coach friend office train party night morning year again because"
).split()
REPEAT = 15


def timed(fn, repeat: int | None = None) -> dict:
    """Wall-clock minimum, p50 and p95, and the p50 of this process's CPU time (Python's own
    work: on a shared, busy machine the wall clock also counts waiting for a core)."""
    repeat = repeat or REPEAT
    fn()  # warm caches and connections
    samples, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    return {
        # The fastest run: on a shared machine, the nearest figure to a quiet one.
        "min_ms": round(samples[0], 2),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
        "python_cpu_p50_ms": round(statistics.median(cpu), 2),
    }


def fill(n: int) -> None:
    """Fill with n accounts: bulk SQL on PostgreSQL (200,000 in well under a minute), ORM elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        fill_sql(n)
    else:
        fill_orm(n)


def _bodies(count: int = 64) -> list[tuple[str, str, str]]:
    """`count` (encrypted original, public text, notes JSON) variants for the SQL fill."""
    from archive import crypto

    rng = random.Random(7)
    variants = []
    for _ in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 200)))
        notes = sorted(rng.sample(NOTES, rng.randint(0, 2)))
        variants.append(
            (crypto.encrypt("Ask Jean Dupont. " + body), "Ask [name]. " + body, json.dumps(notes))
        )
    return variants


# Every NOT NULL column gets a value: Django's defaults are Python-side, not in the schema.
# 8 % waiting (i % 25 in {0, 1}), 0.5 % of published reported, 5 % with a risk flag;
# three audit events per account (created, submitted, and published for the published).
FILL_SQL = [
    """
    INSERT INTO archive_story (
        public_id, title, body, redact_terms, contact_address, public_title, public_body,
        language, country, setting, content_notes, tags, display_name, pseudonym, source,
        source_platform, source_id, text_fingerprint, status, version, text_version,
        detected_version, risk_flags, created_at, updated_at, submitted_at, published_at)
    SELECT 'bench' || lpad(i::text, 11, '0'), '', b.body, '', '', '', b.public_body,
        (ARRAY['en', 'fr', 'es', 'de'])[1 + i %% 4], '', '', b.notes::jsonb, '[]'::jsonb,
        'anonymous', '', 'web', '', '', '',
        CASE WHEN i %% 25 = 0 THEN 'submitted' WHEN i %% 25 = 1 THEN 'in_review'
             ELSE 'published' END,
        1, 1, 1,
        CASE WHEN i %% 20 = 3
             THEN '[{"code": "many_details", "reason": "x", "kinds": []}]'::jsonb
             ELSE '[]'::jsonb END,
        now() - (%(n)s - i) * interval '1 minute', now(),
        now() - (%(n)s - i) * interval '1 minute',
        CASE WHEN i %% 25 IN (0, 1) THEN NULL ELSE now() - (%(n)s - i) * interval '1 minute' END
    FROM generate_series(1, %(n)s) AS i
    JOIN bench_bodies b ON b.k = (i * 7919) %% %(variants)s
    """,
    """
    INSERT INTO archive_redaction (story_id, field, start, "end", kind, source, decision,
                                   replacement, created_at)
    SELECT s.id, 'body', v.start, v.stop, v.kind, 'automatic', v.decision, '', s.created_at
    FROM archive_story s,
         (VALUES (4, 15, 'name', 'accepted'), (0, 3, 'custom', 'pending'))
             AS v(start, stop, kind, decision)
    WHERE s.status IN ('submitted', 'in_review')
    """,
    """
    INSERT INTO archive_report (story_id, reason, details, created_at)
    SELECT s.id, 'identifies', '', now() FROM archive_story s
    WHERE s.status = 'published' AND s.id %% 200 = 7
    """,
    """
    INSERT INTO archive_consentrecord (story_id, consent_version, publish, research, quote,
                                       statistics, contact, method, given_at)
    SELECT s.id, 'bench', true, false, false, true, false, 'web', s.created_at
    FROM archive_story s
    """,
    """
    INSERT INTO archive_moderationevent (story_id, actor_kind, action, from_status, to_status,
                                         note, note_digest, created_at, prev_hash, hash)
    SELECT s.id, e.kind, e.action, e.from_status, e.to_status, '', '',
           s.created_at + e.minutes * interval '1 second', '', md5(s.id::text || e.action)
    FROM archive_story s,
         (VALUES ('contributor', 'create', '', 'draft', 0),
                 ('contributor', 'submit', 'draft', 'submitted', 1),
                 ('staff', 'publish', 'submitted', 'published', 2))
             AS e(kind, action, from_status, to_status, minutes)
    WHERE e.action <> 'publish' OR s.status = 'published'
    """,
]


def fill_sql(n: int) -> None:
    from django.db import connection, transaction

    variants = _bodies()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_bodies (k int, body text, public_body text, notes text)"
        )
        cursor.executemany(
            "INSERT INTO bench_bodies VALUES (%s, %s, %s, %s)",
            [(k, *variant) for k, variant in enumerate(variants)],
        )
        for statement in FILL_SQL:
            cursor.execute(statement, {"n": n, "variants": len(variants)})
        cursor.execute("DROP TABLE bench_bodies")


def fill_orm(n: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from archive.models import Redaction, Report, Story
    from archive.vocabulary import Decision, RedactionKind, RedactionSource, Status

    rng = random.Random(7)
    now = timezone.now()
    batch = 2000
    for offset in range(0, n, batch):
        stories = []
        for i in range(offset, min(n, offset + batch)):
            waiting = rng.random() < 0.08
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 200)))
            created = now - timedelta(minutes=n - i)
            stories.append(
                Story(
                    body="Ask Jean Dupont. " + body,
                    title="",
                    public_body="Ask [name]. " + body,
                    language=rng.choice(["en", "fr", "es", "de"]),
                    status=rng.choice([Status.SUBMITTED, Status.IN_REVIEW])
                    if waiting
                    else Status.PUBLISHED,
                    content_notes=sorted(rng.sample(NOTES, rng.randint(0, 2))),
                    risk_flags=[{"code": "many_details", "reason": "x", "kinds": []}]
                    if rng.random() < 0.05
                    else [],
                    created_at=created,
                    submitted_at=created,
                    published_at=None if waiting else created,
                )
            )
        with transaction.atomic():
            Story.objects.bulk_create(stories)
            ids = [
                (s.pk, s.status)
                for s in Story.objects.filter(created_at__gte=stories[0].created_at).only(
                    "pk", "status"
                )
            ]
            spans, reports = [], []
            for pk, status in ids:
                if status != Status.PUBLISHED:
                    spans.append(
                        Redaction(
                            story_id=pk,
                            start=4,
                            end=15,
                            kind=RedactionKind.NAME,
                            source=RedactionSource.AUTOMATIC,
                            decision=Decision.ACCEPTED,
                        )
                    )
                    spans.append(
                        Redaction(
                            story_id=pk,
                            start=0,
                            end=3,
                            kind=RedactionKind.CUSTOM,
                            source=RedactionSource.AUTOMATIC,
                        )
                    )
                elif rng.random() < 0.005:
                    reports.append(Report(story_id=pk, reason="identifies"))
            Redaction.objects.bulk_create(spans, ignore_conflicts=True)
            Report.objects.bulk_create(reports)


RAW_QUEUE = """
SELECT s.id, s.public_id, s.status, s.language, s.source, s.submitted_at, s.created_at,
       s.content_notes, s.risk_flags, s.body,
       (SELECT COUNT(*) FROM archive_report r WHERE r.story_id = s.id AND r.resolved_at IS NULL) AS reports,
       (SELECT COUNT(*) FROM archive_redaction d WHERE d.story_id = s.id AND d.decision = 'pending') AS pending
FROM archive_story s
WHERE s.status IN ('submitted', 'in_review')
   OR EXISTS (SELECT 1 FROM archive_report r WHERE r.story_id = s.id AND r.resolved_at IS NULL)
ORDER BY reports DESC, s.submitted_at ASC NULLS LAST, s.created_at ASC, s.id DESC
LIMIT 25
"""
RAW_COUNT = """
SELECT COUNT(*) FROM archive_story s
WHERE s.status IN ('submitted', 'in_review')
   OR EXISTS (SELECT 1 FROM archive_report r WHERE r.story_id = s.id AND r.resolved_at IS NULL)
"""
RAW_STATUS = "SELECT status, COUNT(*) FROM archive_story GROUP BY status"
RAW_AUDIT = """
SELECT e.*, s.public_id, u.email FROM archive_moderationevent e
JOIN archive_story s ON s.id = e.story_id
LEFT JOIN accounts_user u ON u.id = e.actor_id
ORDER BY e.created_at DESC, e.id DESC LIMIT 50
"""
RAW_REVIEW = [
    "SELECT * FROM archive_story WHERE id = %s",
    "SELECT * FROM archive_redaction WHERE story_id = %s ORDER BY field, start",
    "SELECT * FROM archive_moderationevent WHERE story_id = %s ORDER BY created_at DESC LIMIT 200",
    "SELECT * FROM archive_consentrecord WHERE story_id = %s ORDER BY given_at DESC",
    "SELECT * FROM archive_report WHERE story_id = %s ORDER BY created_at DESC",
]


def raw_audit() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_AUDIT)
        cursor.fetchall()


def raw_review(story_id: int):
    def run() -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            for statement in RAW_REVIEW:
                cursor.execute(statement, [story_id])
                cursor.fetchall()

    return run


def raw_queue() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_QUEUE)
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(RAW_COUNT)
        cursor.fetchone()
        cursor.execute(RAW_STATUS)
        cursor.fetchall()
        placeholders = ", ".join(["%s"] * len(ids)) or "NULL"
        cursor.execute(
            f"SELECT * FROM archive_redaction WHERE story_id IN ({placeholders})",  # noqa: S608
            ids,
        )
        cursor.fetchall()


def main() -> None:
    global REPEAT  # noqa: PLW0603 (one run's setting for every figure)
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=20_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=REPEAT,
        help=f"runs per figure (default {REPEAT}, whose p95 is the slowest run)",
    )
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="ANALYZE only, as the figures before 1 December 2026 were measured",
    )
    args = parser.parse_args()
    REPEAT = args.repeat

    import django

    django.setup()
    from django.conf import settings

    # Pages render without a collectstatic run (production serves the hashed manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts import roles
    from accounts.models import User
    from accounts.otp import totp_device_create
    from archive.models import Story
    from archive.vocabulary import Status

    call_command("migrate", verbosity=0)
    fill_seconds = None
    if not args.reuse:
        if Story.objects.exists():
            sys.exit("The database already holds stories: use an empty one, or --reuse.")
        start = time.perf_counter()
        fill(args.n)
        fill_seconds = round(time.perf_counter() - start, 1)
    if connection.vendor == "postgresql":
        # VACUUM as autovacuum would after a bulk load: it sets the visibility map, without
        # which every index-only scan also reads the table (a server run with autovacuum
        # off, like this benchmark's, otherwise never sets it).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if args.no_vacuum else "VACUUM (ANALYZE)")

    from django.contrib.auth.models import Group

    moderator, created = User.objects.get_or_create(
        email="bench-moderator@example.invalid", defaults={"is_staff": True}
    )
    if created:
        moderator.groups.add(Group.objects.get(name=roles.SENIOR_MODERATOR))
        totp_device_create(moderator)
    moderator.hidden_content_notes = []
    moderator.save()
    client = Client()
    client.force_login(moderator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = moderator.totpdevice_set.first().persistent_id
    session.save()

    queue = reverse("admin:archive_story_changelist")
    review_story = Story.objects.filter(status=Status.SUBMITTED).order_by("pk").first()
    review = reverse("admin:archive_story_change", args=[review_story.pk])
    audit = reverse("admin:archive_moderationevent_changelist")

    def get(url, params=None):
        def run():
            response = client.get(url, params or {})
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")

        return run

    def queries(url, params=None) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params or {})
        return len(captured)

    result = {
        "vendor": connection.vendor,
        "stories": Story.objects.count(),
        "waiting_for_review": Story.objects.filter(
            status__in=[Status.SUBMITTED, Status.IN_REVIEW]
        ).count(),
        "fill_seconds": fill_seconds,
    }
    result["queue"] = timed(get(queue))
    result["raw_sql_queue"] = timed(raw_queue)
    result["raw_over_app"] = round(result["raw_sql_queue"]["p50_ms"] / result["queue"]["p50_ms"], 3)
    result["queue_filtered_by_content_note"] = timed(get(queue, {"note": "assault"}))
    # The admin numbers its pages from 1 ("p": 1 was the first page again).
    result["queue_second_page"] = timed(get(queue, {"p": 2}))
    result["queue_every_account"] = timed(get(queue, {"queue": "all"}))
    result["review_page"] = timed(get(review))
    result["raw_sql_review"] = timed(raw_review(review_story.pk))
    result["raw_over_app_review"] = round(
        result["raw_sql_review"]["p50_ms"] / result["review_page"]["p50_ms"], 3
    )
    result["audit_log"] = timed(get(audit))
    result["raw_sql_audit_log"] = timed(raw_audit)
    result["raw_over_app_audit_log"] = round(
        result["raw_sql_audit_log"]["p50_ms"] / result["audit_log"]["p50_ms"], 3
    )
    result["audit_log_one_action"] = timed(get(audit, {"action__exact": "publish"}))
    result["queries"] = {
        "queue": queries(queue),
        "queue_filtered": queries(queue, {"note": "assault"}),
        "review_page": queries(review),
        "audit_log": queries(audit),
    }
    moderator.hidden_content_notes = ["rape", "child_abuse"]
    moderator.save()
    result["queue_hiding_two_content_notes"] = timed(get(queue))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
