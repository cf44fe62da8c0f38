from __future__ import annotations

import pytest

from archive.importers.filters import build_matcher


@pytest.fixture
def matcher():
    return build_matcher()


@pytest.mark.parametrize(
    "text",
    [
        "#MeToo",
        "it happened to me too. #metoo",
        "#METOO at work",
        "#BalanceTonPorc mon chef",
        "#YoTambién en el metro",
        "#yotambien en el metro",
        "#QuellaVoltaChe avevo 15 anni",
        "#WhyIDidntReport because nobody believed me",
        "#MeTooIndia",
        "#Me_Too",
        "Me too.",
        "ME  TOO",
        "moi aussi, au lycée",
        "Moí áussi",
        "yo tambien",
    ],
)
def test_me_too_posts_match_whatever_the_case_accents_or_language(matcher, text):
    assert matcher.matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "lunch was great",
        "#MeTooLate is not a tag we listed",
        "#metoogether",
        "awesome, metoo2",
        "",
    ],
)
def test_other_posts_do_not_match(matcher, text):
    assert not matcher.matches(text)


def test_extra_hashtags_and_phrases_for_one_import_are_added():
    matcher = build_matcher(extra_hashtags=["#NousToutes"], extra_phrases=["ni una menos"])
    assert matcher.matches("#noustoutes dans la rue")
    assert matcher.matches("NI UNA MENOS")
    assert matcher.matches("#MeToo")


def test_the_configured_lists_replace_the_defaults(settings):
    settings.CHORUS = {**settings.CHORUS, "IMPORT_HASHTAGS": ["Aufschrei"], "IMPORT_PHRASES": []}
    matcher = build_matcher()
    assert matcher.matches("#aufschrei")
    assert not matcher.matches("#MeToo")


def test_match_all_takes_every_post_with_text():
    matcher = build_matcher(match_all=True)
    assert matcher.matches("anything at all")
    assert not matcher.matches("   ")


@pytest.mark.parametrize(
    "text",
    [
        "Me too.",
        "me too. it was my uncle",
        "Me too, at work, for years",
        "Sadly, me too",
        "I was 14.\nme too",
        '"Me too" is all I could write',
        "A mí también me pasó",
        "Anch'io, a 15 anni",
        "Ich auch. Es war mein Trainer.",
    ],
)
def test_a_phrase_said_at_the_start_of_a_post_line_or_sentence_matches(matcher, text):
    assert matcher.matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "they told me too",
        "they told me too.",
        "he hurt me too many times to count",
        "She said it to me too, then laughed",
    ],
)
def test_the_words_of_a_phrase_inside_another_sentence_do_not_match(matcher, text):
    assert not matcher.matches(text)
