"""Count-only import benchmark: N posts of a research CSV counted, nothing stored but counts.

    DEBUG=1 .venv/bin/python bench/import/count_only.py --posts 1000000
    (any DATABASE_URL; the default is the SQLite file under var/, migrated)

Generates a CSV of N posts (id, created_at, author_id, lang, country, text; six in ten
use a "me too" hashtag or phrase, spread over 2017-2019), then in a fresh child process
per size (N/10 and N, so peak RSS can be compared: "flat in N") runs
`archive.counts.service.dataset_count_path`, the service behind `import_counts`.

Next to it, `raw`: the same file through csv.reader alone, adding up rows per (day,
language, country) in a Counter with no matching: the floor for reading the file in
Python. The ratio chorus/raw (wall time, and CPU time, which a busy machine disturbs
less) says what the checks of the lean reader, the matcher and the store cost.
`spilled` is how many times the cell buffer went to the temporary table. Prints one
JSON object.
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
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

WORDS = "the a my at work school he she they said told nobody believed years later manager".split()
TAGS = ["#MeToo", "#metoo", "#BalanceTonPorc", "#YoTambién", "#QuellaVoltaChe", "#WhyIDidntReport"]
COUNTRIES = ["US", "GB", "FR", "ES", "IT", "IN", "BR", "MX", "DE", "CA", ""]
LANGUAGES = ["en", "fr", "es", "it", "pt", "de", "und"]


def generate(path: Path, n: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    start = datetime(2017, 1, 1, tzinfo=UTC)
    span = 3 * 365 * 86400
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "created_at", "author_id", "lang", "country", "text"])
        for i in range(n):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20)))
            if i % 2 == 0:
                text += " " + TAGS[i % len(TAGS)]
            elif i % 5 == 1:
                text = "Me too. " + text
            when = start + timedelta(seconds=int(rng.random() ** 3 * span))
            writer.writerow(
                [
                    str(10**17 + i),
                    when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    str(i % 99991),
                    LANGUAGES[i % len(LANGUAGES)],
                    COUNTRIES[i % len(COUNTRIES)],
                    text,
                ]
            )


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child_chorus(path: str, name: str) -> None:
    import django

    django.setup()
    from archive.counts.models import CountedDataset
    from archive.counts.service import dataset_store, tally_voices
    from archive.importers.service import ImportSettings, Report

    CountedDataset.objects.filter(name=name).delete()
    report = Report()
    cpu = time.process_time()
    started = time.perf_counter()
    # The two halves of dataset_count_path, timed apart: reading and matching every post,
    # then writing the cells.
    tally = tally_voices(Path(path), ImportSettings(), report)
    counted = time.perf_counter()
    dataset = dataset_store(name=name, source="bench", licence="none", tally=tally, report=report)
    tally.close()
    stored = time.perf_counter()
    cells = dataset.counts.count()
    CountedDataset.objects.filter(name=name).delete()
    seconds = stored - started
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_s": round(time.process_time() - cpu, 2),
                "read_and_match_s": round(counted - started, 2),
                "store_s": round(stored - counted, 2),
                "read": report.tally.read,
                "counted": dataset.posts_counted,
                "cells": cells,
                "spilled": tally.spilled_times,
                "posts_per_s": round(report.tally.read / seconds),
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


def child_raw(path: str) -> None:
    cpu = time.process_time()
    started = time.perf_counter()
    cells: Counter = Counter()
    rows = 0
    with open(path, newline="", encoding="utf-8") as src:
        reader = csv.reader(src)
        next(reader)
        for row in reader:
            rows += 1
            cells[(row[1][:10], row[3], row[4])] += 1
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_s": round(time.process_time() - cpu, 2),
                "rows": rows,
                "posts_per_s": round(rows / seconds),
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


def run_child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench-counts"))
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        child_chorus(*rest) if kind == "chorus" else child_raw(*rest)
        return
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    result = {"posts": args.posts, "cpus": os.cpu_count(), "load_average": os.getloadavg()[0]}
    for n in (args.posts // 10, args.posts):
        path = work / f"dataset-{n}.csv"
        started = time.perf_counter()
        if not path.exists():
            generate(path, n)
        chorus = run_child("--child", "chorus", str(path), f"bench-{n}")
        raw = run_child("--child", "raw", str(path))
        result[f"csv_{n}"] = {
            "input": {"posts": n, "bytes": path.stat().st_size},
            "chorus": chorus,
            "raw": raw,
            "chorus_over_raw_time": round(chorus["seconds"] / max(raw["seconds"], 1e-9), 1),
            "chorus_over_raw_cpu": round(chorus["cpu_s"] / max(raw["cpu_s"], 1e-9), 1),
            "wall_s": round(time.perf_counter() - started, 1),
        }
    result["load_average_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
