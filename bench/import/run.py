"""Import benchmark: the two cases of the import issue, next to a raw COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chorus_bench_import \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/import/run.py --posts 1000000

(a) archive: a personal archive, N synthetic posts in tweets.js form (the real archive's
    `window.YTD.tweets.part0 = [ {"tweet": {...}}, … ]` layout and fields), one in ten a
    "me too" post, some retweets, mentions and links;
(b) dataset: a research dataset, N "me too" posts in CSV (id, created_at, author_id,
    lang, text).

Each case runs `import_file`, the service behind the admin, the task and the command
(parse, filter, deduplicate, fingerprint, encrypt, chunked inserts with audit events and
handle redactions) in a fresh child process, so its peak RSS is its own. Next to it:

- raw_parse: the same file through the bare parser (ijson items / csv.reader), no work;
- raw_copy: the stored rows (id, platform, text, time) COPYed by psycopg into a plain
  table, unencrypted, no constraints: the floor for storing that many rows.

Both cases also run at N/10, so the peak RSS can be compared across sizes ("flat in N").
The database must be migrated; the benchmark creates and drops its own rows. Detection
of other identifying details is background work (one task per batch) and is enqueued,
not timed: point CELERY_BROKER_URL at a broker no worker listens to, and the queue is
purged afterwards. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "ZmRqa2ZqZGtmamRrZmpka2ZqZGtmamRrZmpka2ZqZGs=")
os.environ.setdefault("SECURE_SSL", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

WORDS = (
    "the a my at work school he she they said told nobody believed years later still "
    "remember manager coach teacher bus train party night office home friend family "
    "afraid silent because when then never again every day "
).split()
TAGS = ["#MeToo", "#metoo", "#BalanceTonPorc", "#YoTambién", "#QuellaVoltaChe", "#WhyIDidntReport"]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate_archive(path: Path, n: int, seed: int = 7) -> dict:
    """N tweets.js records, 1 in 10 matching, 1 in 20 retweets; returns counts."""
    rng = random.Random(seed)
    start = datetime(2017, 10, 15, tzinfo=UTC)
    matching = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("window.YTD.tweets.part0 = [ ")
        for i in range(n):
            tweet_id = str(900000000000000000 + i)
            text = _sentence(rng, rng.randint(8, 30))
            mentions = []
            if i % 10 == 0:
                text = f"{text} {TAGS[i % len(TAGS)]}"
                matching += 1
            if i % 7 == 0:
                handle = f"someone_{i % 997}"
                text = f"@{handle} {text}"
                mentions.append(
                    {
                        "name": "Someone",
                        "screen_name": handle,
                        "indices": ["0", str(len(handle) + 1)],
                        "id_str": str(i),
                        "id": str(i),
                    }
                )
            if i % 20 == 5:
                text = "RT @other: " + text
            created = (start + timedelta(seconds=i * 37)).strftime("%a %b %d %H:%M:%S +0000 %Y")
            record = {
                "tweet": {
                    "edit_info": {
                        "initial": {
                            "editTweetIds": [tweet_id],
                            "editableUntil": "2017-10-15T11:00:00.000Z",
                            "editsRemaining": "5",
                            "isEditEligible": False,
                        }
                    },
                    "retweeted": False,
                    "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
                    "entities": {
                        "hashtags": [],
                        "symbols": [],
                        "user_mentions": mentions,
                        "urls": [],
                    },
                    "display_text_range": ["0", str(len(text))],
                    "favorite_count": str(rng.randint(0, 50)),
                    "id_str": tweet_id,
                    "truncated": False,
                    "retweet_count": "0",
                    "id": tweet_id,
                    "created_at": created,
                    "favorited": False,
                    "full_text": text,
                    "lang": "en",
                }
            }
            if i:
                out.write(",\n  ")
            out.write(json.dumps(record, ensure_ascii=False))
        out.write(" ]")
    return {"posts": n, "matching": matching, "bytes": path.stat().st_size}


def generate_dataset(path: Path, n: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    start = datetime(2017, 10, 15, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "created_at", "author_id", "lang", "text"])
        for i in range(n):
            text = f"{_sentence(rng, rng.randint(8, 40))} {TAGS[i % len(TAGS)]}"
            if i % 7 == 0:
                text = f"@someone_{i % 997} {text}"
            created = (start + timedelta(seconds=i * 3)).isoformat()
            writer.writerow(
                [str(800000000000000000 + i), created, str(1000 + i % 50000), "en", text]
            )
    return {"posts": n, "matching": n, "bytes": path.stat().st_size}


# --- Child processes (one per measurement, so peak RSS is the measurement's own) ------


def _setup_django():
    import django

    django.setup()


def child_import(path: str) -> dict:
    _setup_django()
    from archive.importers.service import ImportSettings, import_file
    from archive.importers.streams import BACKEND
    from archive.models import ImportBatch

    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET, original_filename=Path(path).name
    )
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    report = import_file(path=Path(path), batch=batch, how=ImportSettings())
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    data = report.as_dict()
    return {
        "batch": batch.pk,
        "seconds": round(seconds, 2),
        "read": data["read"],
        "matched": data["matched"],
        "imported": data["imported"],
        "duplicates": data["duplicates"],
        "skipped": data["skipped"],
        "errors": data["errors"],
        "posts_read_per_s": round(data["read"] / seconds),
        "accounts_stored_per_s": round(data["imported"] / seconds),
        "python_cpu_s": round(cpu, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "ijson_backend": BACKEND,
        "load_average_after": os.getloadavg()[0],
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_raw_parse(path: str) -> dict:
    import ijson

    started = time.perf_counter()
    n = 0
    if path.endswith(".js"):
        with open(path, "rb") as raw:
            raw.read(len("window.YTD.tweets.part0 = "))
            for _item in ijson.items(raw, "item"):
                n += 1
    else:
        with open(path, encoding="utf-8", newline="") as raw:
            for _row in csv.reader(raw):
                n += 1
            n -= 1
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "posts_per_s": round(n / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def child_raw_copy(batch_id: str) -> dict:
    """COPY the rows that the import stored (read back decrypted beforehand, untimed)."""
    _setup_django()
    from django.db import connection

    from archive.models import Story

    rows = [
        (s.source_id, s.source_platform, s.body, s.source_created_at)
        for s in Story.objects.filter(import_batch_id=int(batch_id))
        .only("source_id", "source_platform", "body", "source_created_at")
        .iterator(chunk_size=5000)
    ]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_import")
        cursor.execute(
            "CREATE TABLE bench_raw_import (source_id varchar(64), source_platform varchar(20), "
            "body text, source_created_at timestamptz)"
        )
        started = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_raw_import (source_id, source_platform, body, source_created_at) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        connection.commit() if not connection.get_autocommit() else None
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw_import")
    return {
        "seconds": round(seconds, 2),
        "rows": len(rows),
        "rows_per_s": round(len(rows) / max(seconds, 1e-9)),
    }


def child_cleanup(batch_ids: str) -> dict:
    """Delete what the benchmark stored (audit events included: they are bench data)."""
    _setup_django()
    from django.db import connection

    ids = [int(b) for b in batch_ids.split(",") if b]
    with connection.cursor() as cursor:
        for table, column in (
            ("archive_moderationevent", "story_id"),
            ("archive_redaction", "story_id"),
        ):
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN "
                "(SELECT id FROM archive_story WHERE import_batch_id = ANY(%s))",
                [ids],
            )
        cursor.execute("DELETE FROM archive_story WHERE import_batch_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM archive_importbatch WHERE id = ANY(%s)", [ids])
    with connection.cursor() as cursor:
        # Leave no dead rows behind to slow the next measurement.
        cursor.execute("VACUUM ANALYZE archive_story, archive_moderationevent, archive_redaction")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if broker.startswith("redis://"):
        import redis

        redis.Redis.from_url(broker).delete("celery")
    return {"deleted_batches": ids}


def _child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_case(name: str, path: Path) -> dict:
    imported = _child("import", str(path))
    raw_copy = _child("raw_copy", str(imported["batch"]))
    raw_parse = _child("raw_parse", str(path))
    _child("cleanup", str(imported["batch"]))
    return {"chorus": imported, "raw_parse": raw_parse, "raw_copy": raw_copy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--case", choices=["archive", "dataset", "both"], default="both")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-import")
    parser.add_argument("--no-small", action="store_true", help="skip the N/10 runs")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        handler = {
            "import": child_import,
            "raw_parse": child_raw_parse,
            "raw_copy": child_raw_copy,
            "cleanup": child_cleanup,
        }[kind]
        print(json.dumps(handler(*rest)))
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    out: dict = {
        "load_average_before": os.getloadavg()[0],
        "posts": args.posts,
        "database": os.environ.get("DATABASE_URL", "sqlite (default)").split("@")[-1],
        "cpus": os.cpu_count(),
    }
    cases = ["archive", "dataset"] if args.case == "both" else [args.case]
    sizes = [args.posts] if args.no_small else [args.posts // 10, args.posts]
    for case in cases:
        for size in sizes:
            path = args.workdir / (
                f"tweets-{size}.js" if case == "archive" else f"dataset-{size}.csv"
            )
            started = time.perf_counter()
            generated = (generate_archive if case == "archive" else generate_dataset)(path, size)
            generated["generate_s"] = round(time.perf_counter() - started, 1)
            result = {"input": generated, **run_case(case, path)}
            path.unlink()
            out[f"{case}_{size}"] = result
    for case in cases:
        small, large = (
            (out.get(f"{case}_{s}") for s in sizes[-2:]) if len(sizes) == 2 else (None, None)
        )
        if small and large:
            out[f"{case}_rss_growth_mb_for_10x_posts"] = round(
                large["chorus"]["peak_rss_mb"] - small["chorus"]["peak_rss_mb"], 1
            )
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
