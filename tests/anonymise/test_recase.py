"""Case restoration: lower-case and shouted text read as if normally written, same offsets."""

from __future__ import annotations

import pytest

from archive.anonymise import rules
from archive.anonymise.detect import detect
from archive.anonymise.recase import restore


def restored(text: str, language: str = "en") -> str:
    lowered, cased = restore(text, language)
    assert len(lowered) == len(cased) == len(text)
    return cased


def test_normally_written_text_comes_back_unchanged():
    text = "My coach, Darragh Whelan, hurt me in Leeds. The CPS did nothing."
    assert restore(text, "en") == (text, text)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a first name and an uncommon word after it
        ("en", "the lecturer was paul riddick", "the lecturer was Paul Riddick"),
        ("es", "MANUEL ORTEGA ME TOCÓ EN EL AUTOBÚS", "Manuel Ortega me tocó en el autobús"),
        # a title before
        (
            "de",
            "ich soll mich bei herrn kowalczyk melden",
            "ich soll mich bei herrn Kowalczyk melden",
        ),
        # a title before a surname that is also a word, chained titles, a particle
        ("de", "es war bei frau vogel im garten", "es war bei frau Vogel im garten"),
        ("de", "HERR DOKTOR WAGENKNECHT", "herr doktor Wagenknecht"),
        ("fr", "CHEZ MONSIEUR LE GOARNIG", "chez Monsieur Le Goarnig"),
        # a town after a preposition, in several words
        ("es", "vivía en talavera de la reina", "vivía en Talavera de la Reina"),
        ("it", "LAVORAVO A RAVENNA", "lavoravo a Ravenna"),
        # an institution word and its name
        ("en", "GARY WENT TO CRESTWOOD ACADEMY", "gary went to Crestwood Academy"),
        ("de", "bei der stadtsparkasse ilmenau", "bei der Stadtsparkasse Ilmenau"),
        ("fr", "À L'AS PLOUGASTEL", "à l'AS Plougastel"),
        ("de", "ES WAR IM HOTEL ZUR POST", "es war im Hotel zur Post"),
        # a family firm, a club's traditional word before its name
        ("es", "en la carpintería hermanos ugarte", "en la Carpintería Hermanos Ugarte"),
        ("de", "beim fc eintracht wolkersdorf", "beim FC Eintracht Wolkersdorf"),
        # a first name, a particle and a surname
        ("it", "lavoravo con sandro di gregorio", "lavoravo con Sandro di Gregorio"),
        # Spanish and Italian "a" is "to", not an English determiner
        ("es", "denuncié a ignacio ballesteros", "denuncié a Ignacio Ballesteros"),
        # a surname that ends like a verb form, but is no common word
        ("fr", "c'était gilles fournier", "c'était Gilles Fournier"),
        # a title before a full name: both words
        ("es", "DOÑA ROSARIO VILLEGAS LO SABÍA", "doña Rosario Villegas lo sabía"),
        # a listed first name rated rare where the language is spoken, and a rare surname
        ("es", "conocí a paco ruidíaz en el bar", "conocí a Paco Ruidíaz en el bar"),
        # a German institution in the dative plural, a town that looks like a verb form
        ("de", "bei den stadtwerken lindau", "bei den Stadtwerken Lindau"),
        # a double first name before a surname
        ("es", "es josé miguel alba", "es José Miguel Alba"),
        # partners' names joined by "&" before the kind of firm (a surname that is a title)
        ("en", "she temped at pryor & dean logistics", "she temped at Pryor & Dean Logistics"),
        # a name and a word of place before the kind
        ("en", "she taught at hallam grange school", "she taught at Hallam Grange School"),
        # a club's initials after its name
        ("en", "EVERYONE AT BRAMLEY FC KNEW", "everyone at Bramley FC knew"),
        # a city's district joined to the city, a small place, a district named like a person
        ("de", "das war in dortmund-hörde", "das war in Dortmund-Hörde"),
        ("en", "we moved to gosforth", "we moved to Gosforth"),
        ("en", "SHE STILL LIVES IN GOVAN", "she still lives in Govan"),
        # a town that only looks like a verb form ("-ing"), being no common word
        ("de", "ER WOHNT JETZT IN FREISING", "er wohnt jetzt in Freising"),
        # a name of two words before the kind, the first of them no word
        (
            "en",
            "I WORKED AT BRAMBLEWICK MILL EQUESTRIAN",
            "i worked at Bramblewick Mill Equestrian",
        ),
        # a surname after one or two particles, an elided one too
        ("it", "HO DENUNCIATO TOBIAS DI MARCO", "ho denunciato Tobias di Marco"),
        ("en", "IT WAS CORNELIUS VAN DER HOEK", "it was Cornelius Van Der Hoek"),
        ("en", "IT WAS RAYMOND D'SOUZA", "it was Raymond D'Souza"),
        # a town's fire brigade
        ("de", "WIR WAREN BEI DER FEUERWEHR RIEDHOLM", "wir waren bei der Feuerwehr Riedholm"),
        # a trade word written with its article elided
        ("it", "DALL'AUTOFFICINA PEZZOLI", "dall'Autofficina Pezzoli"),
        # a form of address chained to a role; a title that also names a job, then a
        # word of no language (and a second one)
        (
            "de",
            "ICH HABE ES HERRN FAHRLEHRER BROCKSIEPER GESAGT",
            "ich habe es herrn Fahrlehrer Brocksieper gesagt",
        ),
        ("it", "HO QUERELATO L'AVVOCATO SBARAGLINI", "ho querelato l'avvocato Sbaraglini"),
        (
            "en",
            "i told detective sergeant oyelaran-bisi",
            "i told detective sergeant Oyelaran-Bisi",
        ),
        # a kind, its descriptive word, an article and the words naming it
        ("fr", "AU CENTRE ÉQUESTRE DU VIEUX MOULIN", "au Centre Équestre du Vieux Moulin"),
        # a country that is a popular first name, before a surname that is hardly a word
        ("en", "REPORTED JORDAN PELLEW TO THE SCHOOL", "reported Jordan Pellew to the school"),
        # a kind, an article and the words naming it; a landmark after a German kind
        ("it", "AL MOBILIFICIO LA ROVERE", "al Mobilificio la Rovere"),
        ("de", "in der apotheke am stadtpark", "in der Apotheke Am Stadtpark"),
        # a town of several words with no preposition before it
        (
            "es",
            "mi pueblo, talavera de la reina, no me creyó",
            "mi pueblo, Talavera de la Reina, no me creyó",
        ),
        # a saint's name after a kind, however common as a first name
        ("it", "AL LICEO SAN GIUSEPPE", "al Liceo San Giuseppe"),
    ],
)
def test_names_get_their_capitals_back(language, text, expected):
    assert restored(text, language) == expected


def test_shouted_words_inside_a_normal_sentence_are_restored():
    text = "Ich habe MARKUS FEHLBERG vom KLINIKUM NORDHAIDE angezeigt."
    assert restored(text, "de") == "Ich habe Markus Fehlberg vom Klinikum Nordhaide angezeigt."


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("en", "KIERAN GROPED ME AT THE PARTY", "groped"),  # a verb after a name
        ("fr", "ILS ME CONFIENT TOUJOURS LEURS ENFANTS", "confient"),  # a conjugated verb
        ("en", "his licence plate was wx68, silver hatchback", "silver"),  # a rare name's word
        ("en", "i sat by the rose garden with my hazel eyes", "rose"),  # after a determiner
        ("en", "i sat by the rose garden with my hazel eyes", "hazel"),
        ("en", "remember when jaxon threw my phone in the canal", "threw"),  # a verb
        # a particle that is also a pronoun, then a verb; a preposition, not a first name
        ("it", "tobias lo sapeva da sempre", "sapeva"),
        ("es", "fue en salamanca, durante la novatada", "novatada"),
        # a comma ends a name: no particle and surname after it
        ("fr", "son chef, rodolphe, la harcelait tous les jours", "harcelait"),
        ("en", "we used to hang round the shops", "hang"),  # "to" before a verb
        ("es", "mi profesor de guitarra me tocaba", "guitarra"),  # a subject, not a surname
        ("de", "beim fc eintracht hat", "eintracht"),  # a club word with no name after it
        ("en", "i was in limbo for years", "limbo"),  # a rare word, but no place
        ("en", "i moved to jordan last year", "jordan"),  # a country, no surname after it
        ("fr", "LE CURÉ DE SAINT MARTIN", "saint"),  # no town of words opens with a saint
        ("en", "i talked to dale about it", "dale"),  # a first name after "to": a person
        ("en", "a paris-based firm", "paris-based"),  # a city and an ordinary word
        ("en", "me & the lads went to the academy", "lads"),  # no partners' firm
        ("en", "we went to the sixth form college", "form"),  # ordinary words before a kind
        ("es", "si ves a adrián por ahí", "adrián"),  # Spanish "a" before a person: no town
        # after an article joined to a preposition, a thing: no first name and surname
        ("it", "le ho nascoste nella cella scorrevole", "cella"),
        ("en", "she was in reading group every week", "reading"),  # a common word: a verb
        # a German participle after a kind; a generic place after a kind's article; a
        # job title's ordinary word
        ("de", "ER HAT MICH IN DER WERKSTATT BEDRÄNGT", "bedrängt"),
        ("de", "ER HAT MICH IM PFARRHAUS FESTGEHALTEN", "festgehalten"),
        ("fr", "À L'AGENCE IMMOBILIÈRE DU COIN", "coin"),
        ("it", "l'avvocato difensore ha detto di aspettare", "difensore"),
    ],
)
def test_ordinary_words_stay_in_lower_case(language, text, word):
    assert word in restored(text, language).split()


def test_acronyms_stay_in_capitals():
    assert restored("THE DVLA SAID THERE WAS NOTHING THEY COULD DO") == (
        "the DVLA said there was nothing they could do"
    )


def test_details_found_in_a_shouted_post_are_spans_of_the_post_as_written():
    text = "GARY TOLLAND YOU KNOW WHAT YOU DID AT CRESTWOOD ACADEMY IN CHELMSFORD"
    found = {text[s.start : s.end] for s in detect(text, "en")}
    assert {"GARY TOLLAND", "CRESTWOOD ACADEMY", "CHELMSFORD"} <= found


def test_a_shouted_possessive_is_read_like_a_lower_case_one():
    # "'S" in capitals is the possessive too, so the name is the word before it
    text = "WE ALL WENT BACK TO GWENDOLYN'S FLAT AFTER THE PARTY"
    assert "GWENDOLYN" in {text[s.start : s.end] for s in detect(text, "en")}


@pytest.mark.parametrize(
    ("word", "participle"),
    [
        ("bedrängt", True),
        ("gesagt", True),
        ("gearbeitet", True),
        ("verfolgt", True),
        # strong participles, and separable prefixes before "ge"
        ("geschlagen", True),
        ("festgehalten", True),
        ("angefasst", True),
        ("gerhardt", False),  # surnames shaped like one
        ("ebert", False),
        ("berndt", False),
        ("gerken", False),
        ("weingarten", False),
    ],
)
def test_german_participles_are_told_from_surnames(word, participle):
    assert rules.german_participle(word) is participle
