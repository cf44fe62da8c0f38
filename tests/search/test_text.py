"""The query syntax and text normalisation shared by both backends."""

from __future__ import annotations

from archive.search import text
from archive.search.text import Term


def test_words_phrases_or_and_exclusions_parse_like_websearch():
    parsed = text.parse_query('"first job" manager OR boss -school')

    assert parsed == (
        (Term(("first", "job")),),
        (Term(("manager",)), Term(("boss",))),
        (Term(("school",), negated=True),),
    )


def test_words_are_folded_to_lower_case_without_accents():
    assert text.parse_query("Harcèlement CAFÉ") == ((Term(("harcelement",)),), (Term(("cafe",)),))


def test_metoo_spellings_become_one_hashtag_term():
    expected = ((Term(("metoo",)),),)

    assert text.parse_query("#MeToo") == expected
    assert text.parse_query("metoo") == expected
    assert text.parse_query("me too") == expected
    assert text.parse_query('"me too"') == expected


def test_an_exclusion_never_joins_an_or_group():
    assert text.parse_query("a OR -b") == ((Term(("a",)),), (Term(("b",), negated=True),))


def test_unbalanced_and_odd_input_parses_without_error():
    for odd in [
        '"unclosed',
        "OR",
        "- -- ---",
        '""',
        "NEAR(a b)",
        "a* ^b :c",
        "'; DROP TABLE x; --",
    ]:
        parsed = text.parse_query(odd)
        for group in parsed:
            for term in group:
                assert all(w.isalnum() for w in term.words)


def test_the_written_back_query_quotes_the_word_or():
    assert text.to_websearch(((Term(("or",)),),)) == '"or"'


def test_hashtags_are_normalised_and_movement_words_become_search_tags():
    body = "It happened at work. Me too. #MeToo #WhyIDidntReport #YoTambién"

    tags = text.hashtags_in(body)
    search_tags = text.search_tags(body, tags)

    assert tags == ["metoo", "whyididntreport", "yotambien"]
    assert "why i didnt report" in search_tags
    assert "me too" in search_tags
    assert text.search_tags("and then he said: me too.", []) == ["metoo"]


def test_language_is_detected_offline():
    assert (
        text.detect_language("Je n'ai rien dit pendant des années parce que j'avais peur.") == "fr"
    )
    assert text.detect_language("ok") == ""
    assert text.config_for("fr") == "chorus_french"
    assert text.config_for("xx") == "chorus_simple"


def test_control_characters_are_removed_from_indexed_text():
    assert text.clean("a\x02b\x03c\x04d") == "a b c d"
