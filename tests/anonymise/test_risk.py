"""Re-identification risk: each combination rule flags what it should and nothing else."""

from __future__ import annotations

import pytest
from django.utils import translation

from archive.anonymise.detect import detect
from archive.anonymise.risk import REASONS, RULES, assess


def codes(text: str, language: str = "en", year: int | None = None) -> set[str]:
    return {flag["code"] for flag in assess(text, detect(text, language), year=year)}


def test_every_rule_has_a_reason():
    assert {rule.code for rule in RULES} == set(REASONS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "It happened in Ludlow in 2015."),
        ("en", "That summer in Ludlow everything changed."),
        ("fr", "C'était l'été, à Lisieux, chez des amis."),
        ("es", "Fue en verano, en Tudela, en casa de mi tía."),
        ("de", "Im Sommer 2014 in Cuxhaven hat es angefangen."),
        ("it", "Quell'estate a Sulmona è cambiato tutto."),
    ],
)
def test_a_year_or_season_with_a_small_town_is_flagged(language, text):
    assert "year_small_place" in codes(text, language)


@pytest.mark.parametrize(
    ("language", "text", "year"),
    [
        ("en", "The summer I worked at Greenway Garden Centre was the worst.", None),
        ("en", "I was an intern at Corvell Freight.", 2016),
        ("fr", "En 2014, j'étais stagiaire à la clinique Saint-Vincent.", None),
        ("de", "Im Herbst war ich Azubi bei der Spedition Kaltenbach.", None),
    ],
)
def test_a_year_or_season_with_a_named_employer_is_flagged(language, text, year):
    assert "time_employer" in codes(text, language, year)


@pytest.mark.parametrize(
    "text",
    [
        "It happened in London in 2015.",  # a large city
        "I worked at Corvell Freight for years.",  # no year, no season
        "That summer I didn't tell anyone.",  # a season alone
        "We lived on the estate near Ludlow.",  # English "estate" is no Italian summer
    ],
)
def test_a_season_or_year_without_a_small_place_or_employer_is_not_flagged(text):
    assert not {"year_small_place", "time_employer"} & codes(text)


def test_a_flag_names_the_combination_in_both_languages_and_never_the_details():
    text = "The summer I worked at Greenway Garden Centre near Tiverton, 2009."
    flags = assess(text, detect(text, "en"))
    assert {"year_small_place", "time_employer"} <= {f["code"] for f in flags}
    for flag in flags:
        assert flag["kinds"]
        for detail in ("Greenway", "Tiverton", "2009", "summer"):
            assert detail not in flag["reason"]
        with translation.override("fr"):
            assert translation.gettext(flag["reason"]) != flag["reason"]
