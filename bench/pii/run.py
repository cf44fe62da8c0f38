"""PII detection benchmark: how long detection of a 5,000-word account takes.

    .venv/bin/python bench/pii/run.py            # 5,000 words, 5 timed runs
    .venv/bin/python bench/pii/run.py --words 20000 --runs 3

The account is built deterministically from the labelled sentences of
tests/anonymise/corpus.txt (fictional details) between ordinary sentences without any,
in each of the five languages, so the figures also say how many details are found in a
long text and how many of the labelled ones are caught. Prints one JSON object:

- load_s: loading the gazetteers and word lists once (the first detection in a process);
- per language: words, median and max seconds of `detect()` over the runs, the spans
  found per kind, recall of the labelled details and the share of spans that hit one;
- shapes_only_s: the regular-expression detectors alone on the English account (the
  part of the work that needs no lists), for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from archive.anonymise import gazetteers, patterns  # noqa: E402
from archive.anonymise.detect import detect  # noqa: E402

CORPUS = ROOT / "tests" / "anonymise" / "corpus.txt"
MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")

# Ordinary sentences of an account, without an identifying detail.
FILLER = {
    "en": [
        "I didn't tell anyone for a long time because I thought it was my fault.",
        "Every morning I would sit in the car for ten minutes before I could go in.",
        "When I finally said something, people asked me what I had been wearing.",
        "It took me years of therapy to understand that none of it was normal.",
        "I kept a diary, and reading it now I can see how frightened I was.",
        "My friends noticed I had stopped eating, but they didn't know why.",
        "I am writing this because silence protected him and never protected me.",
        "Some days I still flinch when someone stands too close behind me in a queue.",
    ],
    "fr": [
        "Je n'en ai parlé à personne pendant des années parce que j'avais honte.",
        "Chaque matin j'avais mal au ventre avant d'aller travailler.",
        "Quand j'ai enfin parlé, on m'a demandé pourquoi je n'avais rien dit avant.",
        "Il m'a fallu longtemps pour comprendre que ce n'était pas ma faute.",
    ],
    "es": [
        "No se lo conté a nadie durante años porque pensaba que era culpa mía.",
        "Cada mañana me dolía el estómago antes de ir a trabajar.",
        "Cuando por fin hablé, me preguntaron por qué no había dicho nada antes.",
        "Tardé mucho tiempo en entender que no era normal.",
    ],
    "de": [
        "Ich habe jahrelang niemandem davon erzählt, weil ich mich geschämt habe.",
        "Jeden Morgen hatte ich Bauchschmerzen, bevor ich zur Arbeit ging.",
        "Als ich endlich darüber sprach, fragte man mich, warum ich so lange geschwiegen hatte.",
        "Es hat lange gedauert, bis ich verstanden habe, dass es nicht meine Schuld war.",
    ],
    "it": [
        "Non l'ho detto a nessuno per anni perché pensavo fosse colpa mia.",
        "Ogni mattina avevo mal di pancia prima di andare al lavoro.",
        "Quando finalmente ho parlato, mi hanno chiesto perché non l'avessi detto prima.",
        "Ci ho messo molto tempo a capire che non era normale.",
    ],
}


def labelled(language: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    out = []
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        lang, line = "en", raw
        if re.match(r"@\w\w ", raw):
            lang, line = raw[1:3], raw[4:]
        if lang != language:
            continue
        text, gold, pos = "", [], 0
        for m in MARK.finditer(line):
            text += line[pos : m.start()]
            gold.append((len(text), len(text) + len(m.group(2)), m.group(1)))
            text += m.group(2)
            pos = m.end()
        out.append((text + line[pos:], gold))
    return out


def account(language: str, words: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A long account: labelled sentences, each followed by two ordinary ones."""
    parts, gold, length, count, i = [], [], 0, 0, 0
    sentences, filler = labelled(language), FILLER[language]
    while count < words:
        text, spans = sentences[i % len(sentences)]
        for piece, piece_gold in (
            (text, spans),
            (filler[(2 * i) % len(filler)], []),
            (filler[(2 * i + 1) % len(filler)], []),
        ):
            gold += [(length + s, length + e, k) for s, e, k in piece_gold]
            parts.append(piece)
            length += len(piece) + 1
            count += len(piece.split())
        i += 1
    return " ".join(parts), gold


def score(text, gold, spans) -> tuple[float, float]:
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    caught = 0
    for start, end, _kind in gold:
        chars = [i for i in range(start, end) if not text[i].isspace()]
        caught += sum(i in covered for i in chars) >= 0.8 * len(chars)
    hits = sum(any(s.start < e and b < s.end for b, e, _k in gold) for s in spans)
    return caught / max(1, len(gold)), hits / max(1, len(spans))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteers.warm()
    result: dict = {"load_s": round(time.perf_counter() - started, 3), "languages": {}}
    for language in ("en", "fr", "es", "de", "it"):
        text, gold = account(language, args.words)
        timings, spans = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            spans = detect(text, language)
            timings.append(time.perf_counter() - t0)
        recall, precision = score(text, gold, spans)
        result["languages"][language] = {
            "words": len(text.split()),
            "median_s": round(statistics.median(timings), 3),
            "max_s": round(max(timings), 3),
            "spans": len(spans),
            "by_kind": dict(sorted(Counter(str(s.kind) for s in spans).items())),
            "labelled": len(gold),
            "recall": round(recall, 3),
            "precision": round(precision, 3),
        }
    text, _gold = account("en", args.words)
    t0 = time.perf_counter()
    for detector in (patterns.emails, patterns.urls, patterns.handles, patterns.dates):
        list(detector(text))
    list(patterns.phones(text, "en"))
    list(patterns.id_cues(text))
    list(patterns.id_shapes(text))
    result["shapes_only_s"] = round(time.perf_counter() - t0, 3)
    result["under_one_second"] = all(v["max_s"] < 1.0 for v in result["languages"].values())
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
