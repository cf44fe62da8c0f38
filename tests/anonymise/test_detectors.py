"""The detectors, on labelled accounts of our own (fictional people and places)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from archive.anonymise.detect import detect, guess_language
from archive.vocabulary import RedactionKind as K

CORPUS = Path(__file__).with_name("corpus.txt")
MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")


def parse(line: str) -> tuple[str, str, list[tuple[int, int, str]]]:
    """A corpus line → (text, language, gold spans), as ../shared/tools/score_pii.py reads it."""
    language = "en"
    if re.match(r"@\w\w ", line):
        language, line = line[1:3], line[4:]
    text, gold, pos = "", [], 0
    for m in MARK.finditer(line):
        text += line[pos : m.start()]
        gold.append((len(text), len(text) + len(m.group(2)), m.group(1)))
        text += m.group(2)
        pos = m.end()
    return text + line[pos:], language, gold


def found(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in detect(text, language)]


def covered(text: str, language: str, detail: str) -> bool:
    """At least 80 % of the detail's characters are inside detected spans (the scorer's rule)."""
    start = text.index(detail)
    chars = set()
    for span in detect(text, language):
        chars.update(range(span.start, span.end))
    wanted = [i for i in range(start, start + len(detail)) if not text[i].isspace()]
    return sum(i in chars for i in wanted) >= 0.8 * len(wanted)


def test_own_labelled_corpus_meets_the_recall_and_precision_targets():
    caught, total = defaultdict(int), defaultdict(int)
    hits = spans = 0
    missed, false = [], []
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        text, language, gold = parse(raw)
        predicted = detect(text, language)
        chars = set()
        for span in predicted:
            chars.update(range(span.start, span.end))
        for start, end, kind in gold:
            wanted = [i for i in range(start, end) if not text[i].isspace()]
            total[kind] += 1
            if sum(i in chars for i in wanted) >= 0.8 * len(wanted):
                caught[kind] += 1
            else:
                missed.append(text[start:end])
        for span in predicted:
            spans += 1
            if any(span.start < e and s < span.end for s, e, _k in gold):
                hits += 1
            else:
                false.append(text[span.start : span.end])
    recall = sum(caught.values()) / sum(total.values())
    assert recall >= 0.95, missed
    for kind in ("email", "phone", "url", "handle"):
        assert caught[kind] == total[kind], missed
    assert hits / spans >= 0.85, false


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Write to me at nadia.k at protonmail dot com please.", "nadia.k at protonmail dot com"),
        ("Mail: tomasz [at] example [dot] org", "tomasz [at] example [dot] org"),
        ("Mi correo es laurita arroba gmail punto com", "laurita arroba gmail punto com"),
        ("He messaged me from @big_kev_77 for weeks.", "@big_kev_77"),
        ("my insta is wren.sketches if you want to talk", "wren.sketches"),
        ("Add me on snapchat: lilyxo_22 instead.", "lilyxo_22"),
        ("The post is at tinyurl.com/y8k2pq and it is still up.", "tinyurl.com/y8k2pq"),
        ("See https://bit.ly/3abcXYZ for the thread.", "https://bit.ly/3abcXYZ"),
        ("His blog: www.okonkwo-fitness.com/about", "www.okonkwo-fitness.com/about"),
        ("Everything is on linktr.ee/harbourlights", "linktr.ee/harbourlights"),
        ("Call me on 07911 123456 after six.", "07911 123456"),
        ("My number was 020 7946 0958 back then.", "020 7946 0958"),
        ("Ring +1 (212) 555-0187 to reach the group.", "+1 (212) 555-0187"),
        ("Or 0044 20 7946 0321 from abroad.", "0044 20 7946 0321"),
        ("My case number was 24/HX/09913 and nothing happened.", "24/HX/09913"),
        ("His reg was YK18 PLN and I gave it to the police.", "YK18 PLN"),
        ("My NI number is QQ 12 34 56 C.", "QQ 12 34 56 C"),
        ("Application ID: APP-7741203.", "APP-7741203"),
        ("It happened on 9 November 2018 at the staff party.", "9 November 2018"),
        ("It happened on November 9th, 2018.", "November 9th, 2018"),
        ("I reported it on 09/11/2018.", "09/11/2018"),
        ("The hearing was on 2018-11-09.", "2018-11-09"),
    ],
)
def test_details_with_a_shape_are_found(text, detail):
    assert covered(text, "en", detail), found(text)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("My supervisor, Ngozi Adeyemi, laughed it off.", "Ngozi Adeyemi"),
        ("Siobhan saw everything and said nothing.", "Siobhan"),
        ("my old boss kieran used to lock the door.", "kieran"),
        ("It was Mr. Featherstonehaugh, the caretaker.", "Featherstonehaugh"),
        ("Dr Okonjo-Baptiste examined me alone.", "Okonjo-Baptiste"),
        ('Everyone called him "Big Mick" and nobody crossed him.', "Big Mick"),
        ("My sergeant, Przybylski, made sure of that.", "Przybylski"),
        ("I worked at Tilbury Cold Storage Ltd for a year.", "Tilbury Cold Storage Ltd"),
        ("I was a pupil at Hollins Park Academy then.", "Hollins Park Academy"),
        ("She was a waitress at Nando's on the corner.", "Nando"),
        ("He was the choirmaster at St Aldhelm's Church.", "St Aldhelm's Church"),
        ("We lived at 41 Quarry Bank Road, Stourbridge.", "41 Quarry Bank Road, Stourbridge"),
        ("It happened in Room 2.14 of the library.", "Room 2.14"),
        ("I grew up in Kidderminster and never went back.", "Kidderminster"),
        ("It was on Gallowtree Gate, right in the centre.", "Gallowtree Gate"),
    ],
)
def test_names_organisations_and_places_are_found_in_english(text, detail):
    assert covered(text, "en", detail), found(text)


@pytest.mark.parametrize(
    ("language", "text", "detail"),
    [
        ("fr", "Mon patron, Benoît Lachaud, me suivait partout.", "Benoît Lachaud"),
        ("fr", "C'était au 8 avenue Jean-Jaurès, au troisième étage.", "8 avenue Jean-Jaurès"),
        ("fr", "J'étais stagiaire chez Imprimerie Vasseur à Quimper.", "Quimper"),
        ("fr", "Le 2 avril 2014, j'ai porté plainte.", "2 avril 2014"),
        ("fr", "Appelez-moi au 06 45 78 12 90.", "06 45 78 12 90"),
        ("es", "Mi tío Andrés vivía en Albacete.", "Andrés"),
        ("es", "Pasó el 14 de febrero de 2020 en la calle Mayor.", "14 de febrero de 2020"),
        ("es", "Trabajaba en el Hotel Las Dunas de Almería.", "Hotel Las Dunas"),
        ("de", "Mein Onkel Dieter hat mich jahrelang missbraucht.", "Dieter"),
        ("de", "Am 3. Oktober 2011 hat Herr Krämer mich festgehalten.", "Krämer"),
        ("de", "Ich war Praktikantin bei der Bäckerei Schulze in Leipzig.", "Bäckerei Schulze"),
        ("de", "Es war in der Lindenstraße 7.", "Lindenstraße 7"),
        ("it", "Lavoravo all'Hotel Belvedere di Rimini.", "Hotel Belvedere"),
        ("it", "Era il 12 maggio 2013, in piazza Duomo.", "piazza Duomo"),
        ("it", "La mia prof, la signora Rinaldi, ha detto di tacere.", "Rinaldi"),
    ],
)
def test_details_are_found_in_french_spanish_german_and_italian(language, text, detail):
    assert covered(text, language, detail), found(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "In 2017 I finally said it out loud, and my sister said: me too.",
        "#MeToo #BalanceTonPorc #YoTambien #QuellaVoltaChe",
        "I moved to France, then to the United States, then back to England.",
        "On Monday I told HR. On Christmas Eve I told my mother.",
        "I saw his post on Instagram and Facebook and blocked him on WhatsApp.",
        "Nobody believes you when it's a pastor. Nobody.",
        "Écrivez-moi si vous avez vécu la même chose.",
        "Ich auch. Es hat lange gedauert, bis ich darüber sprechen konnte.",
        "He said it was just a joke. It was not a joke. I was fifteen.",
        "i sat by the willow with my hazel eyes full of tears, the amber light fading",
        "I Am Not Afraid. I Am Never Alone. This Is My Story",
        "for me it can only be decided by the Justice system",
    ],
)
def test_ordinary_words_years_and_countries_are_not_details(text):
    assert found(text, guess_language(text)) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("gavin moore grabbed me at the party and nobody stopped him", "gavin moore"),
        ("i was 15 and derek said it was our secret", "derek"),
        ("He Said Derek Lawson Was A Good Man", "Derek Lawson"),
    ],
)
def test_names_are_found_in_lower_case_and_title_case_texts(text, detail):
    assert covered(text, "en", detail), found(text)


def test_every_mention_of_a_found_name_is_found_in_any_case_and_possessive():
    text = "My coach, Darragh Whelan, hurt me. darragh's wife knew. WHELAN still coaches."
    mentions = [value for value, kind in found(text) if kind == K.NAME]
    assert {"Darragh Whelan", "darragh", "WHELAN"} <= set(mentions)


def test_the_language_is_guessed_when_not_given():
    assert guess_language("Je n'ai rien dit pendant des années, mais il est temps.") == "fr"
    assert guess_language("Ich habe es niemandem erzählt und das war nicht gut.") == "de"
    assert guess_language("") == "en"


def test_no_labelled_detail_of_our_corpus_survives_rendering_in_any_case():
    from archive.anonymise.render import render

    survivors = []
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        text, language, gold = parse(raw)
        public = render(text, detect(text, language)).lower()
        for start, end, _kind in gold:
            detail = text[start:end].lower()
            if detail in public:
                survivors.append(detail)
    assert survivors == []


# Rule families from blind batches 20-24, each checked on sentences of no batch.
@pytest.mark.parametrize(
    ("language", "text", "detail"),
    [
        ("en", "tiktok moonwater.22 — that's where i posted", "moonwater.22"),
        ("en", "i'm on telegram as duskfinch", "duskfinch"),
        ("it", "scrivetemi su instagram, luce_nera", "luce_nera"),
        ("en", "my uncle, brenn, never apologised", "brenn"),
        ("en", "her cousin dean laughed at me", "dean"),
        ("de", "mein kumpel timo hat alles gesehen", "timo"),
        ("fr", "ma pote clémence était là aussi", "clémence"),
        ("es", "mi compañero de clase ander me seguía", "ander"),
        ("de", "Mein Schwimmtrainer Ansgar hat uns fotografiert.", "Ansgar"),
        ("en", "me n zuleika went to the police together", "zuleika"),
        ("en", "He was known all over town as Bosun.", "Bosun"),
        ("en", "we called him the colonel because of his boots", "the colonel"),
        ("en", "i worked at ferndale motors for a year", "ferndale motors"),
        (
            "en",
            "we went to the quarrybank leisure centre after school",
            "quarrybank leisure centre",
        ),
        ("en", "the dinner was at st finbar's and he sat next to me", "st finbar's"),
        ("en", "he was the doorman at the velvetine", "the velvetine"),
        ("en", "Pastor Ruth at Morning Star told me to forgive him.", "Morning Star"),
        ("it", "mi allenavo alla palestra fenice di rovigo", "palestra fenice"),
        ("fr", "je bossais au bar le galion à brest", "bar le galion"),
        ("de", "es war bei der firma quandtmeyer logistik", "quandtmeyer logistik"),
        ("de", "Aktenzeichen der Staatsanwaltschaft: 72 Js 1190/20", "72 Js 1190/20"),
    ],
)
def test_the_general_rules_of_batches_20_to_24_find_unseen_cases(language, text, detail):
    assert covered(text, language, detail), found(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "i used to hang round the shops after school"),
        ("en", "i was at boarding school, then at the gym most nights"),
        ("en", "i'm on instagram as well, and on tiktok 2 hours a day"),
        ("en", "her older cousin cornered me once, then never again"),
        ("en", "We met at Christmas Eve and again at New Year."),
        ("it", "andavo al bar con lei dopo il lavoro"),
        ("de", "Mein Partner hat mich unterstützt."),
    ],
)
def test_the_general_rules_of_batches_20_to_24_leave_ordinary_phrases_alone(language, text):
    assert found(text, language) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("das war beim sportverein eintracht, alle wussten es", "sportverein eintracht"),
        ("er arbeitete im seniorenheim lindenhof als pfleger", "seniorenheim lindenhof"),
    ],
)
def test_a_german_institution_named_after_its_compound_kind_is_found_in_lower_case(text, detail):
    assert covered(text, "de", detail)


def test_a_german_compound_kind_followed_by_an_ordinary_word_is_not_a_name():
    assert found("ich war im jugendzentrum immer allein", "de") == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("the claim number is 2021-hb-00417, nobody called back", "2021-hb-00417"),
        ("my student id was k20193318 and he looked me up", "k20193318"),
    ],
)
def test_a_reference_number_after_its_cue_is_found_in_lower_case(text, detail):
    assert detail in {text[s.start : s.end] for s in detect(text, "en")}


def test_a_shape_without_a_cue_in_lower_case_is_no_reference_number():
    text = "the covid-19 case number was huge that year"
    assert [s for s in detect(text, "en") if s.kind == K.ID_NUMBER] == []


def test_a_lower_case_name_ends_before_an_elided_word():
    text = "MADAME LA DIRECTRICE VANHOUTTEGHEM N'A RIEN FAIT"
    names = [words for words, kind in found(text, "fr") if kind == K.NAME]
    assert names and all(not words.endswith(("'", "N")) for words in names), names


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("we met at the brambles inn most fridays", "the brambles inn"),
        ("WE DRANK AT THE DUNHOLM INN EVERY FRIDAY", "THE DUNHOLM INN"),
        ("I was a waitress at the Ashdown Hotel that summer.", "the Ashdown Hotel"),
    ],
)
def test_an_english_venue_keeps_its_article_in_every_case(text, venue):
    assert venue in [words for words, _kind in found(text, "en")]


def test_an_article_is_kept_only_before_a_venue_or_employer_and_only_in_english():
    names = [w for w, k in found("I told Whitlow's lad, the Whitlow boy, to stop.") if k == K.NAME]
    assert names and not any(w.lower().startswith("the ") for w in names), names
    text = "trabajaba en la discoteca El Faro de Lugo"
    assert all(not w.lower().startswith("la ") for w, _k in found(text, "es"))


@pytest.mark.parametrize(
    ("language", "text", "detail"),
    [
        # number plates in lower case: by their own shape, or after a vehicle
        ("fr", "sa voiture c'est gh-417-tz, une vieille clio", "gh-417-tz"),
        ("de", "er fährt einen passat mit hb-xr 902", "hb-xr 902"),
        ("es", "tiene una furgoneta con matrícula 7301 kzr", "7301 kzr"),
        # an Italian prosecutor's register number, before or after its number
        ("it", "la mia denuncia ha il numero RGNR 1187/2023 da due anni", "RGNR 1187/2023"),
        ("it", "procedimento n. 5502/22 RGNR, ancora fermo", "5502/22 RGNR"),
        # kinds of place people name: a stud farm, a bakery, a summer camp
        ("fr", "elle montait au haras de kerbastic le samedi", "haras de kerbastic"),
        ("it", "lavoravo al forno bettinelli di sera", "forno bettinelli"),
        ("es", "fui al campamento las encinas dos veranos", "campamento las encinas"),
    ],
)
def test_round_12_finds_plates_and_kinds_of_place(language, text, detail):
    assert covered(text, language, detail)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "in 2020 wtf happened, we drove in 100 km"),  # no vehicle: no plate
        ("fr", "J'avais peur de tout écrire, ça. En 2014, je suis partie."),  # "ça." ends it
        ("it", "ad esempio non ci credeva nessuno"),
    ],
)
def test_round_12_leaves_look_alikes_alone(language, text):
    assert found(text, language) == []


def test_a_place_right_after_a_title_is_the_person_it_names():
    text = "falls pfarrer hollweg euch mitgenommen hat"  # Hollweg is also a village
    assert found(text, "de") == [("pfarrer hollweg", K.NAME)]
