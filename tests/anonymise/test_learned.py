"""The learned second opinion (archive/anonymise/learned.py): what it adds beside the
rules, what it leaves alone, its weights and its determinism. Sentences of our own, in
none of the blind batches it was trained on."""

from __future__ import annotations

import json

import pytest

from archive.anonymise import learned
from archive.anonymise.detect import detect
from archive.anonymise.rules import LEARNED

EMPTY = learned.Model({}, {})


def found(text: str, language: str, model: learned.Model | None = None) -> list[str]:
    return [text[s.start : s.end].lower() for s in detect(text, language, model=model)]


# (language, text, a detail the rules alone miss and the model adds)
ADDED = [
    ("fr", "DIDIER ROUSSEL DE LA SCIERIE ROUSSEL À GUÉRET M'A ENFERMÉE", "scierie"),
    ("de", "ich habe in der eisdiele dolomiti in husum gejobbt", "eisdiele dolomiti"),
    ("it", "ELENA E MARTA LO SANNO COSA FACEVA OSVALDO", "osvaldo"),
]


@pytest.mark.parametrize(("language", "text", "detail"), ADDED)
def test_it_adds_what_the_rules_miss(language, text, detail):
    assert not any(detail in f for f in found(text, language, EMPTY))
    assert any(detail in f for f in found(text, language))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a lone rare word in normally written text, with no rule's span beside it: the
        # model alone would take "Diwali", "Türkin", "Geburtstage" (lines of nothing.txt)
        ("en", "Christmas, Easter, Ramadan, Diwali: every family gathering was a performance."),
        ("de", "Ich bin Türkin, aufgewachsen in Deutschland, und spreche drei Sprachen."),
        ("de", "Weihnachten, Ostern, Geburtstage: überall saß er am Tisch."),
        # a kind word alone is no organisation, even a few letters from a town (our corpus)
        ("de", "Der Hausmeister unserer Schule in Kassel, Herr Pohlmann, hat uns beobachtet."),
        # English words in a post marked French are no rare French words
        ("fr", "At work it began. #MeToo"),
        # hashtags are the shape rules' business
        ("en", "he sent it to the whole year group #SilenceIsComplicity"),
    ],
)
def test_it_leaves_ordinary_words_alone(language, text):
    assert found(text, language) == found(text, language, EMPTY)


@pytest.mark.parametrize(
    "text",
    [
        "AU CAMPING LES MOUETTES DE ROYAN L'ANIMATEUR GASTON NOUS SUIVAIT",
        "au centre aéré l'animateur gaston nous suivait partout",
    ],
)
def test_a_role_before_a_name_is_not_added(text):
    assert not any("animateur" in f for f in found(text, "fr"))


def test_the_shipped_weights_load_and_were_trained_on_earlier_batches_only():
    model = learned.shipped()
    assert len(model.detail) > 1000
    assert sorted(model.kinds) == ["org", "person", "place"]
    with learned.WEIGHTS.open(encoding="utf-8") as f:
        trained_on = json.load(f)["trained_on"]
    assert trained_on[0] == "batch09" and trained_on[-1] == "batch36"
    assert 0.5 <= LEARNED.GROW < LEARNED.ADD < 1


def test_an_empty_model_adds_nothing():
    assert EMPTY.spans("ELENA E MARTA LO SANNO COSA FACEVA OSVALDO", "it", []) == []


def test_features_and_spans_are_deterministic():
    text = "la encargada del supermercado el roble en alfaro nunca me creyó"
    toks = learned.tokens(text)
    assert learned.features(text, "es", toks) == learned.features(text, "es", toks)
    assert detect(text, "es") == detect(text, "es")


def test_training_is_deterministic():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "pii"))
    import train

    data = train.examples(["batch09"])
    assert train.dumps(train.train(data)) == train.dumps(train.train(data))
