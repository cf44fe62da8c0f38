"""Batch PII detection: JSON lines in, JSON lines out (the contract in DESIGN.md).

    python manage.py detect_pii < accounts.jsonl > spans.jsonl

Each input line is {"text": ..., "lang": optional}; each output line, in the same order,
is {"spans": [{"start": int, "end": int, "kind": str}]} with the scorer's kind names
(person, org, place, email, phone, handle, url, id, date). A blank or unreadable input
line gets an empty span list, so the output always lines up with the input. Nothing
else is written to stdout, and no text is ever logged.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from archive.anonymise.detect import detect
from archive.vocabulary import RedactionKind

# The corpus's names for the kinds (../shared/pii/corpus.txt).
SCORER_KIND = {
    RedactionKind.NAME: "person",
    RedactionKind.ORGANISATION: "org",
    RedactionKind.PLACE: "place",
    RedactionKind.EMAIL: "email",
    RedactionKind.PHONE: "phone",
    RedactionKind.HANDLE: "handle",
    RedactionKind.URL: "url",
    RedactionKind.ID_NUMBER: "id",
    RedactionKind.DATE: "date",
    RedactionKind.CUSTOM: "custom",
}


class Command(BaseCommand):
    help = "Read JSON lines {text, lang?} on stdin; write one {spans: [...]} line per input."

    def handle(self, *args, **options) -> None:
        out = sys.stdout
        for line in sys.stdin:
            if not line.strip():
                out.write('{"spans": []}\n')
                continue
            try:
                record = json.loads(line)
                text = str(record.get("text") or "")
                language = str(record.get("lang") or record.get("language") or "")
            except (ValueError, AttributeError):
                out.write('{"spans": []}\n')
                continue
            spans = [
                {"start": s.start, "end": s.end, "kind": SCORER_KIND.get(s.kind, s.kind)}
                for s in detect(text, language)
            ]
            out.write(json.dumps({"spans": spans}) + "\n")
        out.flush()
