"""The blind batches: accounts labelled before the detector first saw them.

Each batch in tests/anonymise/blind/ was written and labelled, scored once as it stood
(the first-try figures are in docs/anonymisation.md), and only then were the rules
corrected with general cues, never with the batch's own names or places. These tests
hold every batch at the figures it reached, so a later rule that helps one batch
cannot quietly cost another.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from archive.anonymise.detect import detect
from archive.anonymise.learned import case_style
from tests.anonymise.test_detectors import parse

BLIND = Path(__file__).with_name("blind")

# (recall, precision) each batch reached after the fixes, rounded down; never below the targets
# (recall 0.95, precision 0.85).
REACHED = {
    "batch09.txt": (0.973, 1.0),
    "batch10.txt": (0.981, 1.0),
    "batch11.txt": (1.0, 1.0),
    "batch12.txt": (1.0, 0.954),
    "batch13.txt": (1.0, 1.0),
    "batch14.txt": (1.0, 1.0),
    "batch15.txt": (1.0, 1.0),
    "batch16.txt": (1.0, 1.0),
    "batch17.txt": (1.0, 1.0),
    "batch18.txt": (1.0, 0.947),
    "batch19.txt": (1.0, 0.975),
    "batch20.txt": (1.0, 1.0),
    "batch21.txt": (0.973, 1.0),
    "batch22.txt": (0.98, 1.0),
    "batch23.txt": (0.977, 1.0),
    "batch24.txt": (1.0, 1.0),
    "batch25.txt": (0.994, 1.0),
    "batch26.txt": (0.987, 1.0),
    "batch27.txt": (0.96, 0.99),
    "batch28.txt": (0.952, 1.0),
    "batch29.txt": (0.973, 1.0),
    "batch30.txt": (0.94, 1.0),
    "batch31.txt": (0.835, 1.0),
    "batch32.txt": (0.959, 1.0),
    "batch33.txt": (0.983, 1.0),
    "batch34.txt": (0.895, 0.99),
    "batch35.txt": (0.957, 0.996),
    "batch36.txt": (0.866, 0.99),
    "batch37.txt": (0.871, 0.987),
    "batch38.txt": (0.889, 0.99),
    "batch39.txt": (0.948, 0.992),
    "batch40.txt": (0.944, 0.984),
    "batch41.txt": (0.945, 0.992),
    "batch42.txt": (0.944, 0.979),
    "batch43.txt": (0.92, 0.987),
    "batch44.txt": (0.913, 0.969),
}
# Batches held below the recall target on purpose, with what they still miss: reaching it
# would take rules written for the batch's own words (docs/anonymisation.md).
HELD_BELOW = {
    "batch30.txt": (
        "nine institutions named with ordinary or foreign words ('tesbury distribution', "
        "'zahnarztpraxis am markt', 'scuola guida europa', 'Ruderclub Germania', 'MUEBLES "
        "HIDALGO') and one district after 'por' ('malasaña')"
    ),
    "batch31.txt": (
        "its first try, kept as the honest figure for the final code of round 5: no rule "
        "was written after it (docs/anonymisation.md)"
    ),
    "batch34.txt": (
        "its first try, kept as the honest figure for the final code of round 7: no rule "
        "was written after it (docs/anonymisation.md)"
    ),
    "batch36.txt": (
        "its first try, kept as the honest figure for the final code of round 8: no rule "
        "was written after it (docs/anonymisation.md)"
    ),
    "batch37.txt": (
        "its first try, kept as the honest figure for round 9's code (the rules and the "
        "learned second opinion): nothing was written or trained after it"
    ),
    "batch38.txt": (
        "its first try, kept as the honest figure for round 10's code (the learned second "
        "opinion's decoding chosen by cross-validation over 25-37): nothing was written or "
        "trained after it"
    ),
    "batch39.txt": (
        "round 11's tuning batch (first try 0.881); what it still misses is listed in "
        "docs/anonymisation.md"
    ),
    "batch40.txt": (
        "round 11's sealed first try (0.895), then round 12's tuning batch; what it still "
        "misses is listed in docs/anonymisation.md"
    ),
    "batch41.txt": (
        "round 12's sealed first try (0.918), then round 13's tuning batch; what it still "
        "misses is listed in docs/anonymisation.md"
    ),
    "batch42.txt": (
        "round 13's sealed first try (0.897), then round 14's tuning batch; what it still "
        "misses is listed in docs/anonymisation.md"
    ),
    "batch43.txt": (
        "its first try, kept as the honest figure for round 14's code: sealed until every "
        "rule and the retrained weights were in, nothing written or trained after it"
    ),
    "batch44.txt": (
        "a second first try of round 14's code (round 15 changed nothing: neither of its "
        "training experiments was adopted)"
    ),
}
CONTACT_KINDS = ("email", "phone", "url", "handle")


def lines(path: Path) -> list[str]:
    return [
        raw
        for raw in path.read_text(encoding="utf-8").splitlines()
        if raw.strip() and not raw.startswith("#")
    ]


def score(path: Path) -> tuple[float, float, dict[str, list[int]], list[str], list[str]]:
    """Recall, precision and per-kind [caught, total], by the shared scorer's rules."""
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    hits = spans = 0
    missed, false = [], []
    for raw in lines(path):
        text, language, gold = parse(raw)
        predicted = detect(text, language)
        chars: set[int] = set()
        for span in predicted:
            chars.update(range(span.start, span.end))
        for start, end, kind in gold:
            wanted = [i for i in range(start, end) if not text[i].isspace()]
            per_kind[kind][1] += 1
            if sum(i in chars for i in wanted) >= 0.8 * len(wanted):
                per_kind[kind][0] += 1
            else:
                missed.append(f"{kind}: {text[start:end]}")
        for span in predicted:
            spans += 1
            if any(span.start < e and s < span.end for s, e, _k in gold):
                hits += 1
            else:
                false.append(f"{span.kind}: {text[span.start : span.end]}")
    caught = sum(c for c, _t in per_kind.values())
    total = sum(t for _c, t in per_kind.values())
    return caught / max(1, total), (hits / spans if spans else 1.0), per_kind, missed, false


def test_every_blind_batch_has_a_threshold_at_or_above_the_targets():
    assert sorted(REACHED) == sorted(p.name for p in BLIND.glob("batch*.txt"))
    for name, (recall, precision) in REACHED.items():
        assert precision >= 0.85
        assert recall >= 0.95 or name in HELD_BELOW, name


@pytest.mark.parametrize("name", sorted(REACHED))
def test_blind_batch_keeps_the_recall_and_precision_it_reached(name):
    recall, precision, per_kind, missed, false = score(BLIND / name)
    wanted_recall, wanted_precision = REACHED[name]
    assert recall >= wanted_recall, missed
    assert precision >= wanted_precision, false


@pytest.mark.parametrize("name", sorted(REACHED))
def test_blind_batch_misses_no_e_mail_phone_link_or_handle(name):
    _recall, _precision, per_kind, missed, _false = score(BLIND / name)
    for kind in CONTACT_KINDS:
        caught, total = per_kind.get(kind, [0, 0])
        assert caught == total, missed


@pytest.mark.parametrize("line", lines(BLIND / "nothing.txt"))
def test_ordinary_words_months_holidays_and_nationalities_yield_nothing(line):
    text, language, gold = parse(line)
    assert gold == []
    assert [text[s.start : s.end] for s in detect(text, language)] == []


# Batches written for issue 13 sort their lines by how they are written; each style keeps
# the recall it reached (rounded down), all above the targets (0.95 normal, 0.85 others).
STYLE_REACHED = {"normal": 0.98, "lower": 0.98, "caps": 0.93}
_NOT_PROSE = re.compile(r"[#@]\w+|\S+\.\w{2,}/\S*|\S+@\S+")


def style(text: str) -> str:
    """As bench/pii/blind.py sorts lines: lower (under 5 % capitals), caps (over 60 %)."""
    return case_style([c for c in _NOT_PROSE.sub(" ", text) if c.isalpha()])


@pytest.mark.parametrize("written", sorted(STYLE_REACHED))
def test_lower_case_and_shouted_lines_keep_the_recall_they_reached(written):
    caught = total = 0
    missed = []
    for name in ("batch25.txt", "batch26.txt", "batch27.txt", "batch28.txt"):
        for raw in lines(BLIND / name):
            text, language, gold = parse(raw)
            if style(text) != written:
                continue
            chars = {i for span in detect(text, language) for i in range(span.start, span.end)}
            for start, end, _kind in gold:
                wanted = [i for i in range(start, end) if not text[i].isspace()]
                total += 1
                if sum(i in chars for i in wanted) >= 0.8 * len(wanted):
                    caught += 1
                else:
                    missed.append(text[start:end])
    assert caught / total >= STYLE_REACHED[written], missed
