"""`manage.py detect_pii`: the JSON-lines contract the scorer relies on, and lazy loading."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run_command(lines: list[str], monkeypatch) -> list[dict]:
    stdin, stdout = io.StringIO("".join(lines)), io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    call_command("detect_pii")
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_one_output_line_per_input_line_in_order_with_the_scorers_kind_names(monkeypatch):
    inputs = [
        json.dumps({"text": "Call me on 07911 123456.", "lang": "en"}) + "\n",
        "\n",
        json.dumps({"text": "Nothing identifying here."}) + "\n",
        "not json at all\n",
        json.dumps({"text": "Mon patron, Benoît Lachaud, à Quimper.", "lang": "fr"}) + "\n",
        json.dumps({"text": "Write to ana.v@example.org, case number CR/2019/7781."}) + "\n",
    ]
    out = run_command(inputs, monkeypatch)
    assert len(out) == len(inputs)
    assert [s["kind"] for s in out[0]["spans"]] == ["phone"]
    assert out[1] == {"spans": []}
    assert out[2] == {"spans": []}
    assert out[3] == {"spans": []}
    french = json.loads(inputs[4])["text"]
    assert {(french[s["start"] : s["end"]], s["kind"]) for s in out[4]["spans"]} == {
        ("Benoît Lachaud", "person"),
        ("Quimper", "place"),
    }
    assert {s["kind"] for s in out[5]["spans"]} == {"email", "id"}
    for line in out:
        for span in line["spans"]:
            assert set(span) == {"start", "end", "kind"}
            assert isinstance(span["start"], int) and span["end"] > span["start"]


def test_importing_the_services_loads_no_list_until_a_text_is_examined():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); import archive.stories.services, archive.tasks;"
        "from archive.anonymise import gazetteers;"
        "print(gazetteers._bundle.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"


def test_pathological_texts_are_examined_in_bounded_time():
    # An ambiguous regular expression backtracks exponentially on inputs like these; the
    # check runs in a child process so a regression fails here instead of hanging.
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); from archive.anonymise.detect import detect;"
        "texts = ['a.' * 5000, 'name at gmail dot ' * 500, 'my insta is ' * 500,"
        " 'www.' + 'a.' * 3000, 'Alpha Beta ' * 2000, '1 2 3 ' * 2000];"
        "print(sum(len(detect(t, 'en')) >= 0 for t in texts))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "6"
