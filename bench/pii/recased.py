"""The labelled lines again, written all in lower case and ALL IN CAPITALS.

    .venv/bin/python bench/pii/recased.py tests/anonymise/blind/batch1*.txt tests/anonymise/corpus.txt

Most labelled lines are written normally; the same sentences in lower case or shouted
are a second, larger check of case restoration (recase.py) and the lower-case rules, on
text whose capitals the rules never saw. Lines whose length changes with the case (German
"ß" becomes "SS") are left out, so the labels keep their offsets. Prints, per style,
recall and precision under the same rules as blind.py (a detail is caught when spans
cover 80 % of its non-blank characters); with --misses also every miss and false span on
stderr. A check, not a first try: the words of these
lines have been seen, only not in these cases.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blind import detect, parse  # noqa: E402  (blind sets Django up)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--misses", action="store_true", help="list misses and false spans")
    args = parser.parse_args()
    # style -> [caught, labelled, right spans, spans]
    groups = {"lower": [0, 0, 0, 0], "caps": [0, 0, 0, 0]}
    for path in args.paths:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            text, language, gold = parse(raw)
            for name, cased in (("lower", text.lower()), ("caps", text.upper())):
                if len(cased) != len(text):
                    continue
                spans = detect(cased, language)
                chars: set[int] = set()
                for span in spans:
                    chars.update(range(span.start, span.end))
                g = groups[name]
                for start, end, kind in gold:
                    wanted = [i for i in range(start, end) if not cased[i].isspace()]
                    caught = sum(i in chars for i in wanted) >= 0.8 * len(wanted)
                    g[0] += caught
                    g[1] += 1
                    if args.misses and not caught:
                        print(
                            f"MISS  {name} {language} {kind}: {cased[start:end]!r}", file=sys.stderr
                        )
                for span in spans:
                    right = any(span.start < e and s < span.end for s, e, _k in gold)
                    g[2] += right
                    g[3] += 1
                    if args.misses and not right:
                        print(
                            f"FALSE {name} {language} {span.kind}: "
                            f"{cased[span.start : span.end]!r}   | {cased[:80]}",
                            file=sys.stderr,
                        )
    report = {
        name: {
            "labelled": labelled,
            "recall": round(caught / labelled, 3) if labelled else None,
            "precision": round(right / spans, 3) if spans else 1.0,
        }
        for name, (caught, labelled, right, spans) in groups.items()
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
