"""Rendering public text: placeholders, merged spans, and roles that read like the text."""

from __future__ import annotations

import pytest

from archive.anonymise.render import Span, render


def _one(text: str, detail: str, role: str = "", kind: str = "custom") -> str:
    start = text.index(detail)
    return render(text, [Span(start, start + len(detail), kind, role)])


def test_a_detail_without_a_role_shows_its_kind():
    assert _one("I told Daniel Whitcombe.", "Daniel Whitcombe", kind="name") == "I told [name]."


def test_overlapping_spans_merge_into_one_placeholder():
    text = "It was Derek Lawson again."
    spans = [Span(7, 12, "name"), Span(7, 19, "name"), Span(13, 19, "name")]
    assert render(text, spans) == "It was [name] again."


@pytest.mark.parametrize(
    ("text", "detail", "role", "public"),
    [
        # The role brings its own article: it replaces the text's.
        (
            "The Christmas party was the worst night of my life.",
            "Christmas party",
            "a work event",
            "A work event was the worst night of my life.",
        ),
        (
            "It happened at the Christmas party in 2015.",
            "Christmas party",
            "a work event",
            "It happened at a work event in 2015.",
        ),
        (
            "On en parlait à la soirée Dumas.",
            "soirée Dumas",
            "une fête",
            "On en parlait à une fête.",
        ),
        # A role without an article keeps the text's.
        ("It was at the Olive Grove.", "Olive Grove", "restaurant", "It was at the restaurant."),
        # A role with an article after a word that is none: nothing dropped.
        (
            "I told Daniel Whitcombe everything.",
            "Daniel Whitcombe",
            "my manager",
            "I told my manager everything.",
        ),
    ],
)
def test_a_role_replaces_the_detail_and_the_article_before_it(text, detail, role, public):
    assert _one(text, detail, role) == public


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("My manager, Daniel Whitcombe, said nothing.", "My manager said nothing."),
        ("My manager, Daniel Whitcombe.", "My manager."),
        ("my manager Daniel Whitcombe and I", "my manager and I"),
        ("The manager, Daniel Whitcombe, said nothing.", "The manager said nothing."),
        ("Daniel Whitcombe, my manager, said nothing.", "My manager said nothing."),
        ("I knew Daniel Whitcombe, my manager, well.", "I knew my manager well."),
    ],
)
def test_a_role_the_text_already_says_around_the_detail_is_not_repeated(text, public):
    assert _one(text, "Daniel Whitcombe", "my manager") == public


def test_a_role_is_repeated_only_where_the_words_differ():
    text = "My manager, Daniel Whitcombe, and his boss, Daniel Whitcombe senior."
    start = text.index("Daniel")
    second = text.index("Daniel", start + 1)
    spans = [
        Span(start, start + 16, "name", "my manager"),
        Span(second, second + 16, "name", "my manager"),
    ]
    assert render(text, spans) == "My manager and his boss, my manager senior."


def test_a_role_in_brackets_is_a_marker_put_in_the_details_place_as_it_is():
    text = "My manager Daniel Whitcombe followed me."
    assert _one(text, "Daniel Whitcombe", "[my manager]") == "My manager [my manager] followed me."
