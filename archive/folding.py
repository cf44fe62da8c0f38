"""Text folding: the one way Chorus compares words regardless of case and accents."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-folded, accents removed, typographic apostrophes straight.

    "Écrivez" -> "ecrivez", "Straße" -> "strasse", "l’école" -> "l'ecole". Not
    offset-preserving (ß becomes two letters): use it for keys and comparisons, never
    to locate spans in the original text.
    """
    text = text.casefold().replace("’", "'")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
