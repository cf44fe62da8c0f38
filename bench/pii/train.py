"""Rebuild the learned second opinion's weights (archive/anonymise/learned.json).

    .venv/bin/python bench/pii/train.py            # batches 09-42, writes learned.json
    .venv/bin/python bench/pii/train.py --check    # trains, compares, writes nothing

Deterministic (a fixed shuffle, fixed epochs, rounded weights): the same batches give
the same file, byte for byte, in a few seconds. Batch 43 and later are never read: they
are the first tries of the code that ships these weights (each batch joins training only
after its first try was recorded: 37 in round 10, 38 and 39 in round 11, 40 in round 12, 41 in round 13, 42 in round 14). Two logistic regressions over
the features of learned.features(), by stochastic gradient descent:

- `detail`: is this word part of a name, organisation or place? Words of other labelled
  details (e-mails, dates, numbers: the shape rules' job) are left out of training;
- `kinds`: one weight set per kind (person, org, place), trained one against the others
  on the labelled words only; a span takes the kind that scores its words highest.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from blind import parse  # noqa: E402

from archive.anonymise import learned  # noqa: E402

BLIND = ROOT / "tests" / "anonymise" / "blind"
TRAINING = [f"batch{i:02d}" for i in range(9, 43)]
EPOCHS = 8
AVERAGE = False
SEEDS = 1
AUGMENT = False
RATE = 0.1
L2 = 1e-5
# Round 10's choices, each by leave-one-batch-out cross-validation (learned_cv.py):
# the optional feature groups (learned.EXTRA), span-level decoding (0: off), and the
# weight of a labelled word in a lower-case or capitals sentence (1: as any other).
FEATURES: tuple[str, ...] = ()
SPAN = 0.8
STYLE_WEIGHT = 1.0
BRIDGE = True
# Weights smaller than this change no probability that matters; dropping them keeps the
# file small.
PRUNE = 0.1

Example = tuple[list[str], str | None]  # features, label ("person"/"org"/"place", None: no detail)


def examples(names: list[str], extra: tuple[str, ...] | None = None) -> list[Example]:
    """Every word of the named batches with its label; words of other kinds are left out."""
    extra = frozenset(FEATURES if extra is None else extra)
    out: list[Example] = []
    for name in names:
        for raw in (BLIND / f"{name}.txt").read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            text, language, gold = parse(raw)
            for variant in _variants(text):
                toks = learned.tokens(variant)
                for (s, e, _w), fs in zip(
                    toks, learned.features(variant, language, toks, None, extra), strict=True
                ):
                    label = next((k for gs, ge, k in gold if gs < e and s < ge), None)
                    if label is None or label in learned.KINDS:
                        out.append((fs, label))
    return out


def _variants(text: str) -> list[str]:
    """The line as written and, with AUGMENT, written all in lower case and all in
    capitals (same offsets, so the labels hold): posts come in every case."""
    if not AUGMENT:
        return [text]
    out = [text]
    for other in (text.lower(), text.upper()):
        if len(other) == len(text) and other != text:
            out.append(other)
    return out


def _fit(xs: list[tuple[list[str], int]], l2: float, style_weight: float) -> dict[str, float]:
    if SEEDS == 1:
        return _fit_once(xs, l2, style_weight, 0)
    # the mean of several shuffle orders' weights (one order alone moves ~10 details of
    # the training batches from one retraining to the next)
    runs = [_fit_once(xs, l2, style_weight, seed) for seed in range(SEEDS)]
    keys = sorted({f for run in runs for f in run})
    mean = {f: sum(run.get(f, 0.0) for run in runs) / SEEDS for f in keys}
    return {f: round(v, 3) for f, v in mean.items() if abs(v) >= PRUNE}


def _fit_once(
    xs: list[tuple[list[str], int]], l2: float, style_weight: float, seed: int
) -> dict[str, float]:
    rng = random.Random(seed)
    xs = list(xs)
    w: dict[str, float] = {}
    total: dict[str, float] = {}
    averaged = 0
    for epoch in range(EPOCHS):
        rng.shuffle(xs)
        eta = RATE / (1 + epoch)
        for fs, y in xs:
            z = sum(w.get(f, 0.0) for f in fs)
            g = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y
            if y and fs[1] != "st=normal":  # fs[1] is the sentence's style
                g *= style_weight
            for f in fs:
                v = w.get(f, 0.0)
                w[f] = v - eta * (g + l2 * v)
        if AVERAGE and epoch >= EPOCHS // 2:
            # the mean of the last epochs' weights: one shuffle order or one batch more
            # moves it far less than the last epoch's weights alone
            averaged += 1
            for f, v in w.items():
                total[f] = total.get(f, 0.0) + v
    if AVERAGE:
        w = {f: v / averaged for f, v in total.items()}
    return {f: round(v, 3) for f, v in sorted(w.items()) if abs(v) >= PRUNE}


def train(
    data: list[Example],
    features: tuple[str, ...] | None = None,
    span: float | None = None,
    l2: float = L2,
    style_weight: float | None = None,
    bridge: bool | None = None,
) -> dict:
    """Weights for `data` (examples() made with the same `features`)."""
    features = FEATURES if features is None else features
    sw = STYLE_WEIGHT if style_weight is None else style_weight
    detail = _fit([(fs, int(label is not None)) for fs, label in data], l2, sw)
    kinds = {
        kind: _fit([(fs, int(label == kind)) for fs, label in data if label is not None], l2, 1.0)
        for kind in sorted(learned.KINDS)
    }
    out = {"format": 1, "trained_on": TRAINING, "detail": detail, "kinds": kinds}
    if features:
        out["features"] = sorted(features)
    if span or (span is None and SPAN):
        out["span"] = SPAN if span is None else span
    if bridge or (bridge is None and BRIDGE):
        out["bridge"] = True
    return out


def dumps(weights: dict) -> str:
    return json.dumps(weights, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    text = dumps(train(examples(TRAINING)))
    if args.check:
        same = learned.WEIGHTS.read_text(encoding="utf-8") == text
        print("learned.json is up to date" if same else "learned.json differs: run train.py")
        sys.exit(0 if same else 1)
    learned.WEIGHTS.write_text(text, encoding="utf-8")
    print(f"wrote {learned.WEIGHTS} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
