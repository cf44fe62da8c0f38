"""Leave-one-batch-out cross-validation of the learned second opinion (issue 13, round 9).

    .venv/bin/python bench/pii/learned_cv.py [--json out.json]

For each of batches 25-42: train on every other batch of 09-42 (train.py's recipe),
then score the held-out batch with the rules alone (an empty model) and with the rules
and that fold's model, by blind.py's rules (80 % of a detail's characters covered; a
span is right when it overlaps a detail). Then, with weights trained on all of 09-42,
the lines without details (nothing.txt), our corpus and the shared corpus. Prints one
table per group: recall / precision (details, false spans, lines without details given
a span). Every added span is listed with --adds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train  # noqa: E402  (sets up Django)
from blind import judged, parse, style  # noqa: E402

from archive.anonymise import learned  # noqa: E402
from archive.anonymise.detect import detect  # noqa: E402

ROOT = train.ROOT
HELD_OUT = [f"batch{i}" for i in range(25, 43)]
EXTRA = {
    "nothing": ROOT / "tests/anonymise/blind/nothing.txt",
    "our corpus": ROOT / "tests/anonymise/corpus.txt",
    "shared corpus": ROOT.parent / "shared/pii/corpus.txt",
}
EMPTY = learned.Model({}, {})


def lines(path: Path) -> list[tuple[str, str, list]]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            out.append(parse(raw))
    return out


def score(rows, model, groups, adds=None, tag=""):
    for text, language, gold in rows:
        spans = detect(text, language, model=model)
        caught_each, right_each = judged(text, gold, spans)
        caught, right = sum(caught_each), sum(right_each)
        keys = ["all", f"style:{style(text)}", f"lang:{language}", f"{language}:{style(text)}"]
        for key in keys:
            g = groups[key]
            g[0] += caught
            g[1] += len(gold)
            g[2] += right
            g[3] += len(spans)
            g[4] += int(not gold and bool(spans))
        if adds is not None:
            adds.append((tag, language, text, [(sp.start, sp.end, str(sp.kind)) for sp in spans]))


def table(groups) -> dict:
    return {
        k: {
            "recall": round(g[0] / g[1], 3) if g[1] else None,
            "precision": round(g[2] / g[3], 3) if g[3] else 1.0,
            "details": g[1],
            "false": g[3] - g[2],
            "empty_lines_flagged": g[4],
        }
        for k, g in sorted(groups.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    parser.add_argument("--adds", action="store_true")
    parser.add_argument(
        "--features", help="comma-separated learned.EXTRA groups (train.py's by default)"
    )
    parser.add_argument("--span", type=float, help="span-level decoding mean (0: off)")
    parser.add_argument("--l2", type=float, default=train.L2)
    parser.add_argument("--epochs", type=int, default=train.EPOCHS)
    parser.add_argument("--average", action="store_true", help="average the last epochs' weights")
    parser.add_argument("--seeds", type=int, default=train.SEEDS, help="mean of N shuffle orders")
    parser.add_argument("--augment", action="store_true", help="train on each line recased too")
    parser.add_argument("--style-weight", type=float)
    parser.add_argument(
        "--bridge", type=int, help="1: linking words and first-name countries join spans"
    )
    parser.add_argument("--grow", type=float, help="override LEARNED.GROW")
    parser.add_argument("--add", type=float, help="override LEARNED.ADD")
    parser.add_argument("--no-extra", action="store_true", help="skip nothing.txt and the corpora")
    args = parser.parse_args()
    feats = None if args.features is None else tuple(x for x in args.features.split(",") if x)
    options = {
        "features": feats,
        "span": args.span,
        "l2": args.l2,
        "style_weight": args.style_weight,
        "bridge": None if args.bridge is None else bool(args.bridge),
    }
    from archive.anonymise.rules import LEARNED

    train.EPOCHS = args.epochs
    train.AVERAGE = args.average or train.AVERAGE
    train.SEEDS = args.seeds
    train.AUGMENT = args.augment or train.AUGMENT

    LEARNED.GROW = args.grow or LEARNED.GROW
    LEARNED.ADD = args.add or LEARNED.ADD
    new = lambda: defaultdict(lambda: [0, 0, 0, 0, 0])  # noqa: E731
    rules, both, per_batch = new(), new(), {}
    data = {name: train.examples([name], feats) for name in train.TRAINING}
    for held in HELD_OUT:
        t = time.monotonic()
        model = learned.Model.from_json(
            train.train([x for n, d in data.items() if n != held for x in d], **options)
        )
        rows = lines(train.BLIND / f"{held}.txt")
        r, b = new(), new()
        score(rows, EMPTY, r)
        before = []
        after = []
        score(rows, EMPTY, rules, before if args.adds else None)
        score(rows, model, both, after if args.adds else None)
        score(rows, model, b)
        per_batch[held] = {"rules": table(r)["all"], "with model": table(b)["all"]}
        for (_tag, lang, text, old), (_t, _l, _x, newer) in zip(before, after, strict=True):
            for span in sorted(set(newer) - set(old)):
                print(
                    f"ADD {held} {lang} {span[2]}: {text[span[0] : span[1]]!r}  | {text[:80]}",
                    file=sys.stderr,
                )
        print(
            held,
            per_batch[held]["rules"],
            per_batch[held]["with model"],
            f"{time.monotonic() - t:.1f}s",
            file=sys.stderr,
        )
    full = learned.Model.from_json(train.train([x for d in data.values() for x in d], **options))
    extra = {}
    for name, path in {} if args.no_extra else EXTRA.items():
        r, b = new(), new()
        rows = lines(path)
        score(rows, EMPTY, r)
        score(rows, full, b)
        extra[name] = {"rules": table(r)["all"], "with model": table(b)["all"]}
    result = {
        "rules": table(rules),
        "with model": table(both),
        "per batch": per_batch,
        "extra": extra,
    }

    def fmt(g):
        return f"{g['recall']} / {g['precision']} ({g['details']}, false {g['false']}, empty {g['empty_lines_flagged']})"  # noqa: E731

    for key in result["rules"]:
        print(
            f"{key:13s} rules {fmt(result['rules'][key]):40s} with model {fmt(result['with model'][key])}"
        )
    for name, g in extra.items():
        print(f"{name:13s} rules {fmt(g['rules']):40s} with model {fmt(g['with model'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
