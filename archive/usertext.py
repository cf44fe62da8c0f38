"""Text people type, cleaned once where it enters: the one rule, and the fields that apply it.

Bidirectional control characters (embeddings, overrides and isolates U+202A–U+202E,
U+2066–U+2069; the marks U+200E, U+200F and U+061C) change the order in which the text
around them is *displayed* without changing what it says. In a title, pseudonym or
snippet they can make one reader see words another does not, spoof a name, or spill
right-to-left order into the rest of a page. Nobody needs them to write an account
(browsers and the Unicode algorithm order Arabic and Hebrew correctly without them), so
they are removed, not isolated.

Every form and serializer field for user text is a `UserTextField` /
`UserTextSerializerField`; imported posts go through `clean_user_text` in the import
pipeline. Nothing else needs to think about them.
"""

from __future__ import annotations

import re

from django import forms
from rest_framework import serializers

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean_user_text(text: str) -> str:
    """`text` without bidirectional control characters; anything else is kept as written."""
    return BIDI_CONTROLS.sub("", text) if text else text


class UserTextField(forms.CharField):
    """A form CharField whose value has passed `clean_user_text` (before length checks)."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_user_text(value) if isinstance(value, str) else value


class UserTextSerializerField(serializers.CharField):
    """The API's CharField for user text, cleaned like `UserTextField`."""

    def to_internal_value(self, data):
        return clean_user_text(super().to_internal_value(data))
