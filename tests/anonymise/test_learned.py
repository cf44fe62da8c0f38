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
    assert trained_on[0] == "batch09" and trained_on[-1] == "batch42"
    assert 0 < LEARNED.GROW < LEARNED.ADD < 1


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


# Round 10's decoding, on weights written by hand so that each test says which words the
# model is sure of: a bias, and a weight per word (sigmoid(-5 + 10) = 0.99: sure;
# sigmoid(-5 + 6.8) = 0.86: below ADD, above GROW).
SURE, FAIRLY = 10.0, 6.8


def hand_model(words: dict[str, float], bridge: bool = True, span: float = 0.0) -> learned.Model:
    detail = {"b": -5.0} | {f"w={w}": v for w, v in words.items()}
    return learned.Model(detail, {"org": {"b": 1.0}}, bridge=bridge, span=span)


def added(model: learned.Model, text: str, language: str = "en") -> list[str]:
    return [text[s:e] for s, e, _k in model.spans(text, language, [])]


def test_a_linking_word_joins_the_words_of_a_span():
    text = "i worked at the zorbique du fenwalde for a year"
    assert added(hand_model({"zorbique": SURE, "fenwalde": SURE}), text, "fr") == [
        "zorbique du fenwalde"
    ]
    split = added(hand_model({"zorbique": SURE, "fenwalde": SURE}, bridge=False), text, "fr")
    assert split == ["zorbique", "fenwalde"]


def test_a_linking_word_alone_or_at_an_edge_is_not_added():
    model = hand_model({"zorbique": SURE})
    assert added(model, "i worked at the zorbique du village", "fr") == ["zorbique"]
    assert added(model, "i worked at the du zorbique", "fr") == ["zorbique"]


def test_a_country_that_is_a_first_name_joins_a_name_but_never_starts_one():
    model = hand_model({"jordan": SURE, "mallet": SURE})
    assert added(model, "jordan mallet was my coach") == ["jordan mallet"]
    assert added(model, "we moved to jordan in may") == []
    assert added(hand_model({"jordan": SURE, "mallet": SURE}, bridge=False), "jordan mallet") == [
        "mallet"
    ]


def test_span_decoding_keeps_a_run_of_fairly_sure_words_only():
    model = hand_model({"zorbique": FAIRLY, "fenwalde": FAIRLY}, span=0.8)
    assert added(model, "i worked at zorbique fenwalde for a year") == ["zorbique fenwalde"]
    assert added(model, "i worked at zorbique for a year") == []
    assert added(hand_model({"zorbique": FAIRLY, "fenwalde": FAIRLY}), "zorbique fenwalde") == []


def test_the_shipped_weights_name_their_decoding_and_features():
    with learned.WEIGHTS.open(encoding="utf-8") as f:
        data = json.load(f)
    model = learned.shipped()
    assert model.bridge == data.get("bridge", False)
    assert model.extra == frozenset(data.get("features", ()))
    assert set(model.extra) <= set(learned.EXTRA)


def test_span_decoding_needs_two_words_of_substance():
    # a kind word grown beside one fairly sure word is no name ("the noodle bar" in our
    # corpus, taken by the first version of round 10's span decoding)
    model = hand_model({"zorbique": FAIRLY, "bar": FAIRLY}, span=0.8)
    assert added(model, "we met at the zorbique bar after work") == []
    text = "At the noodle bar in Leicester the owner's son used to wait for me at closing."
    assert not any("noodle" in f for f in found(text, "en"))


def test_a_writer_who_capitalises_gets_no_lower_case_span():
    model = hand_model({"zorbique": SURE, "fenwalde": SURE})
    assert added(model, "At the zorbique fenwalde we met after work.") == []
    assert added(model, "At the Zorbique Fenwalde we met after work.") == ["Zorbique Fenwalde"]
    assert added(model, "at the zorbique fenwalde we met after work") == ["zorbique fenwalde"]


def test_a_lone_word_after_a_determiner_or_possessive_is_a_thing():
    model = hand_model({"zorbique": SURE})
    assert added(model, "i looked into my zorbique eyes") == []
    assert added(model, "mi madre vio a la zorbique", "es") == ["zorbique"]  # "la yoli"
    assert added(model, "mi madre y su zorbique", "es") == []
    assert added(model, "then zorbique said it was fine") == ["zorbique"]


def test_a_span_starts_and_ends_on_a_word_of_the_name():
    model = hand_model({"zorbique": SURE, "de": SURE, "en": SURE, "vi": SURE})
    assert added(model, "el profe de zorbique en madrid", "es") == ["zorbique"]
    assert added(model, "se il circolo zorbique vi ha toccate", "it") == ["zorbique"]
