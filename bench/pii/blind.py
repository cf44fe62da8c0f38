"""Blind batches scored per writing style and per language.

    .venv/bin/python bench/pii/blind.py tests/anonymise/blind/batch25.txt [more batches]
    .venv/bin/python bench/pii/blind.py --misses tests/anonymise/blind/batch25.txt

The scorer's rules (../shared/tools/score_pii.py): a labelled detail is caught when
detected spans cover 80 % of its non-blank characters; a detected span is right when it
overlaps a labelled one. Each line is sorted by how it is written, from its letters
outside hashtags, handles and links: `lower` (under 5 % capitals), `caps` (over 60 %),
otherwise `normal`; and, separately, `long` (60 words or more). Prints one JSON object;
with --misses also every miss and every false span on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from archive.anonymise.detect import detect  # noqa: E402
from archive.anonymise.learned import case_style  # noqa: E402

MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")
_NOT_PROSE = re.compile(r"[#@]\w+|\S+\.\w{2,}/\S*|\S+@\S+")


def parse(line: str) -> tuple[str, str, list[tuple[int, int, str]]]:
    language = "en"
    if re.match(r"@\w\w ", line):
        language, line = line[1:3], line[4:]
    text, gold, pos = "", [], 0
    for m in MARK.finditer(line):
        text += line[pos : m.start()]
        gold.append((len(text), len(text) + len(m.group(2)), m.group(1)))
        text += m.group(2)
        pos = m.end()
    return text + line[pos:], language, gold


def style(text: str) -> str:
    return case_style([c for c in _NOT_PROSE.sub(" ", text) if c.isalpha()])


def judged(text: str, gold, spans) -> tuple[list[bool], list[bool]]:
    """The scorer's rules for one line: each labelled detail is caught when the spans cover
    80 % of its non-blank characters; each span is right when it overlaps a label."""
    chars: set[int] = set()
    for span in spans:
        chars.update(range(span.start, span.end))
    caught = []
    for start, end, _kind in gold:
        wanted = [i for i in range(start, end) if not text[i].isspace()]
        caught.append(sum(i in chars for i in wanted) >= 0.8 * len(wanted))
    right = [any(span.start < e and s < span.end for s, e, _k in gold) for span in spans]
    return caught, right


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    # group -> [caught, labelled, right spans, spans, lines, lines without details flagged]
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for path in args.paths:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            text, language, gold = parse(raw)
            spans = detect(text, language)
            caught_each, right_each = judged(text, gold, spans)
            caught, right = sum(caught_each), sum(right_each)
            if args.misses:
                for (start, end, kind), hit in zip(gold, caught_each, strict=True):
                    if not hit:
                        print(
                            f"MISS  {language} {kind}: {text[start:end]!r}   | {text[:90]}",
                            file=sys.stderr,
                        )
                for span, hit in zip(spans, right_each, strict=True):
                    if not hit:
                        print(
                            f"FALSE {language} {span.kind}: {text[span.start : span.end]!r}   | {text[:90]}",
                            file=sys.stderr,
                        )
            words = len(text.split())
            keys = ["all", f"style:{style(text)}", f"lang:{language}"]
            keys.append(f"{language}:{style(text)}")
            if words >= 60:
                keys.append("form:long")
            if not gold:
                keys.append("no-details")
            for key in keys:
                g = groups[key]
                g[0] += caught
                g[1] += len(gold)
                g[2] += right
                g[3] += len(spans)
                g[4] += 1
                g[5] += int(not gold and bool(spans))
    report = {}
    for key in sorted(groups):
        caught, labelled, right, spans, lines, flagged = groups[key]
        report[key] = {
            "lines": lines,
            "recall": round(caught / labelled, 3) if labelled else None,
            "precision": round(right / spans, 3) if spans else 1.0,
            "labelled": labelled,
            "missed": labelled - caught,
            "false": spans - right,
        }
        if key == "no-details":
            report[key]["lines_with_a_span"] = flagged
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
