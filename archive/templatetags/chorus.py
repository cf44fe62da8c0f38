"""Template filters for the public and contributor pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive.vocabulary import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """A country code as its name in the reader's language."""
    return _country_name(code)


@register.filter
def highlighted(snippet) -> str:
    """A search snippet's parts, escaped, the matched words in <mark>: one filter call
    per result instead of a loop of template nodes per part."""
    return mark_safe(  # noqa: S308  (every part is escaped here)
        "".join(
            f"<mark>{escape(part.text)}</mark>" if part.highlighted else escape(part.text)
            for part in snippet
        )
    )


@register.filter
def code_groups(code: str):
    """A claim code whose groups never break inside on a narrow screen ("SQCBQ-KYFG4")."""
    from django.utils.html import format_html, format_html_join

    groups = format_html_join(
        "-", '<span class="code-group">{}</span>', ((g,) for g in str(code).split("-"))
    )
    return format_html("{}", groups)
