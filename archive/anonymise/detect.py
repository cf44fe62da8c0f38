"""Detectors for identifying details, returning spans over the original text."""

from __future__ import annotations

import re

import phonenumbers

from archive.redaction import Span
from archive.vocabulary import RedactionKind

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+|\b[\w-]+\.(?:com|org|net|io|ly|co|fr|de|es|it|uk)/[^\s<>\"']*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@\w{2,30}\b")
_TRAILING = ".,;:!?)]}'\""


def _strip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def detect(text: str, language: str = "") -> list[Span]:
    """Every identifying detail found in `text`, as spans (may overlap)."""
    spans: list[Span] = []
    for m in _EMAIL.finditer(text):
        spans.append(Span(m.start(), _strip(text, m.start(), m.end()), RedactionKind.EMAIL))
    for m in _URL.finditer(text):
        spans.append(Span(m.start(), _strip(text, m.start(), m.end()), RedactionKind.URL))
    for m in _HANDLE.finditer(text):
        spans.append(Span(m.start(), m.end(), RedactionKind.HANDLE))
    region = {"fr": "FR", "es": "ES", "de": "DE", "it": "IT"}.get(language, "GB")
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    ):
        spans.append(Span(match.start, match.end, RedactionKind.PHONE))
    return spans
