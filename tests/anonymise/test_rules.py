"""Each named rule of the name detectors: what it finds, and what it leaves alone.

The rules live in ordered tables (archive/anonymise/rules.py: RUN_RULES for capitalised
runs, LOWER_RULES for lower-case words; names.TEXT_RULES for the rules that read the whole
text). Every rule has an example here of a detail it finds and of a phrase it must not
take, so a rule can be changed, added or removed on its own. Sentences are our own and in
no blind batch.
"""

from __future__ import annotations

import pytest

from archive.anonymise import names, rules
from archive.anonymise.detect import explain

# rule name -> ([(language, text, detail it finds)], [(language, text it leaves alone)])
FINDS: dict[str, tuple[list[tuple[str, str, str]], list[tuple[str, str]]]] = {
    # ---- capitalised runs (RUN_RULES, and the title before a particle)
    "title_with_particle": (
        [
            ("fr", "C'était M. Le Guennec, le voisin.", "M. Le Guennec"),
            ("fr", "l'entraîneur, m. le guennec, a été condamné", "m. le guennec"),
        ],
        [("fr", "C'était Le Guennec, le voisin.")],
    ),
    "org_prefix": (
        [
            ("fr", "Elle enseignait au lycée Montaigne depuis dix ans.", "lycée Montaigne"),
            # a kind, then a linking article the run rules trimmed, or "of the"
            (
                "it",
                "Mi ha aggredita all'uscita della discoteca Il Gabbiano.",
                "discoteca Il Gabbiano",
            ),
            ("fr", "Il tenait le garage du Pont-Vieux depuis vingt ans.", "garage du Pont-Vieux"),
            # a kind, "de" and its sport, then the name
            (
                "es",
                "Entrenaba en el club de pádel Los Almendros cada tarde.",
                "club de pádel Los Almendros",
            ),
        ],
        [
            ("fr", "Je rentrais de l'école Lundi soir."),
            ("fr", "On allait au café Le Dimanche, jamais en semaine."),  # when, not which
        ],
    ),
    "compound_institution": (
        [("de", "Sie war Lehrerin an der Eichendorff-Schule in der Stadt.", "Eichendorff-Schule")],
        [("de", "Das war Schul-Alltag für uns.")],
    ),
    "town_of_words": (
        [
            # a listed town's last word may be a month's abbreviation
            ("es", "Vivía en Arenys de Mar con mi tía.", "Arenys de Mar"),
            ("en", "He moved to Market Harborough after that.", "Market Harborough"),
            # restored from lower case, whatever its first word
            ("en", "she lived in market harborough, near us", "market harborough"),
        ],
        [
            ("en", "He worked at Market Garden Supplies after that."),
            ("en", "Everyone at the Red Lion knew what he was like."),
        ],
    ),
    "institution_word": (
        [
            # a name joined to its elided particle
            (
                "fr",
                "Elle chantait au Conservatoire d'Auxerre depuis ses dix ans.",
                "Conservatoire d'Auxerre",
            ),
            # a German firm named after its landmark
            ("de", "sie arbeitete in der apotheke am stadtpark", "apotheke am stadtpark"),
            ("en", "She taught at Marbury Grange Academy for years.", "Marbury Grange Academy"),
            ("de", "Ich war Azubi bei der Hausverwaltung Prillwitz.", "Hausverwaltung Prillwitz"),
            ("es", "Trabajé en Transportes Urrutia dos años.", "Transportes Urrutia"),
            # a German kind in the dative plural, a youth hostel
            ("de", "Er war Fahrer bei den Stadtwerken Lindau.", "Stadtwerken Lindau"),
            ("de", "Es war in der Jugendherberge Wolfach.", "Jugendherberge Wolfach"),
        ],
        [
            ("en", "The Academy was closed that day."),
            ("de", "sie arbeitete in der apotheke am montag"),  # a day, no landmark
            ("fr", "Le Conservatoire d'abord, puis la fac."),
        ],
    ),
    "venue_after_the": (
        [("en", "I was a waitress at The Copper Pot for a summer.", "The Copper Pot")],
        [("en", "I waited at the station.")],
    ),
    "street_after": (
        [("en", "We lived on Pellow Road for years.", "Pellow Road")],
        [("en", "The Road was long and empty.")],
    ),
    "street_suffix": (
        [("de", "Sie wohnte in der Ahornstraße 12 bei ihrer Tante.", "Ahornstraße 12")],
        [("de", "Wir gingen über den Weg nach Hause.")],
    ),
    "saint_possessive": (
        [("en", "The service was at St Brannoc's that Sunday.", "St Brannoc's")],
        [("en", "We went to St Ives that Sunday.")],
    ),
    "titled": (
        [
            # inflected and job titles in capitals: only a word of no language after them
            ("de", "ICH WAR 12 UND DIAKON WESTERHOLT HAT MICH ANGESCHRIEN", "DIAKON WESTERHOLT"),
            ("it", "IL MAESTRO PIGNATELLI CI URLAVA CONTRO", "MAESTRO PIGNATELLI"),
            ("en", "Mrs. Abernathy kept me after class.", "Mrs. Abernathy"),
            ("de", "Ich habe Frau Dr. Kessling alles erzählt.", "Frau Dr. Kessling"),
            # an article after a title is the surname's particle, not a venue's "The"
            ("fr", "Je faisais le ménage chez Madame Le Floc'hmoan.", "Madame Le Floc'hmoan"),
            # restored from lower case: the inflected title is a title too
            ("de", "ich musste mich bei herrn kowalski melden", "herrn kowalski"),
            # a form of address chained to a role, written normally or shouted
            (
                "de",
                "Ich habe es Frau Oberlehrerin Quadflieg gesagt.",
                "Frau Oberlehrerin Quadflieg",
            ),
            ("de", "ICH HABE ES FRAU OBERLEHRERIN QUADFLIEG GESAGT", "FRAU OBERLEHRERIN QUADFLIEG"),
            # a title that also names a job, then a word of no language
            ("it", "ho querelato l'avvocato sbaraglini a maggio", "avvocato sbaraglini"),
            ("en", "I TOLD COACH BRANNIGHAN EVERYTHING", "COACH BRANNIGHAN"),
            # a nun's title
            ("it", "ho raccontato tutto a suor ermenegilda", "suor ermenegilda"),
        ],
        [
            ("en", "It was the coach. Pritchard came later."),
            ("it", "IL MAESTRO DI SCI CI URLAVA CONTRO"),  # the subject taught, no name
        ],
    ),
    "country_first_name": (
        [("en", "I reported Jordan Pellew to the school.", "Jordan Pellew")],
        [("en", "We went to Georgia Tech for the open day.")],
    ),
    "possessive_employer": (
        [("en", "I was a cleaner at Mowbray's for a year.", "Mowbray's")],
        [("en", "I went round to Mowbray's house.")],
    ),
    "town_after_preposition": (
        [
            ("en", "We moved to Kidlington that winter.", "Kidlington"),
            ("es", "me siguió hasta leganés sin parar", "leganés"),  # "hasta" too
        ],
        [
            ("en", "We moved to Hope that winter."),
            # Spanish puts "a" before a person: a popular first name there is the person
            ("es", "Se lo conté a Adrián al día siguiente."),
        ],
    ),
    "venue_the": (
        [("en", "We drank at the Golden Fleece all night.", "the Golden Fleece")],
        [("en", "We drank at the Bar all night.")],
    ),
    "district_named_like_a_person": (
        [
            ("en", "She still lives in Govan with her mum.", "Govan"),
            ("en", "we grew up in govan, both of us", "govan"),
        ],
        [
            ("en", "I had to confide in Gwendolyn about it."),  # a verb taking a person
            ("es", "Yo confiaba en Macarena, era mi amiga."),
            ("en", "It was in Dale's car."),  # a possessive: the person
        ],
    ),
    "first_name": (
        [
            ("en", "Then Gwendolyn walked in and sat down.", "Gwendolyn"),
            # German capitalises nouns: the noun before the first name is left out
            ("de", "Das ist in Wahrheit Jonas Reuter gewesen.", "Jonas Reuter"),
            # ...and the noun before "von" and the first name
            ("de", "Das war in der Wohnung von Ortwin Saalfeld.", "Ortwin Saalfeld"),
        ],
        [("en", "Grace before meals was said every night.")],
    ),
    "popular_full_name": (
        [("de", "Gestern hat mich Thomas Wohlrabe angerufen.", "Thomas Wohlrabe")],
        # a popular first name, but the word after it is an ordinary noun
        [("de", "Am Ende hat Thomas Recht behalten.")],
    ),
    "listed_town": (
        [("en", "Whitstable was where it started.", "Whitstable")],
        [("en", "Bath time was the hardest.")],
    ),
    "relation_or_naming": (
        [("en", "My supervisor Okwuosa laughed at me.", "Okwuosa")],
        [("en", "My supervisor left. Okwuosa came later.")],
    ),
    "town_opening_run": (
        [("en", "We camped in Keswick Valley that year.", "Keswick Valley")],
        [("en", "We camped in Happy Valley that year.")],
    ),
    "rare_after_preposition": (
        [("en", "They took me to Dunvarra afterwards.", "Dunvarra")],
        [("en", "They took me to Church afterwards.")],
    ),
    "after_the": (
        [("en", "He sang with The Midnight Owls every weekend.", "The Midnight Owls")],
        [("en", "He sang with the band every weekend.")],
    ),
    "employer_after_at": (
        [("en", "I worked Saturdays at Boots when I was sixteen.", "Boots")],
        [("en", "I was at School when it happened.")],
    ),
    "rare_mid_sentence": (
        [("en", "Then Kwarteng came in and shut the door.", "Kwarteng")],
        [("en", "Then Everything came back at once.")],
    ),
    "town_in_run": (
        [("en", "They played at Grand Lisbon Nights that year.", "Grand Lisbon Nights")],
        [("en", "They played at Grand Hall Nights that year.")],
    ),
    "rare_opening_word": (
        [("en", "Kwabena followed me home.", "Kwabena")],
        [("en", "Nobody followed me home.")],
    ),
    "rare_opening_pair": (
        [("en", "Quennell Brask-Varden was my supervisor.", "Quennell Brask-Varden")],
        [("en", "Nobody Else was my supervisor.")],
    ),
    "german_rare_run": (
        [("de", "Dann kam Quirinius Kesselbrink herein.", "Quirinius Kesselbrink")],
        [("de", "Dann kam Frau Meyer herein.")],
    ),
    # ---- lower-case words (LOWER_RULES)
    "lower_street": (
        [("en", "we lived on pellow road for a year", "pellow road")],
        [
            ("en", "he was way older than me, on the road all week"),
            ("en", "i still dont walk home alone after dark"),  # chat, no apostrophe
        ],
    ),
    "lower_first_name": (
        [
            # someone else as the object: "lo ha fatto", "la seguía"
            ("it", "rossella dice che ludovico lo ha fatto anche a lei", "ludovico"),
            ("es", "y fabián la seguía a todas partes", "fabián"),
            ("en", "then gwendolyn said it was fine", "gwendolyn"),
            # acting: French "a" before a participle
            ("fr", "c'est là que valentin a commencé", "valentin"),
            # one of a pair, each after the same preposition
            ("fr", "j'en ai parlé à gwenaëlle et à quentin hier", "quentin"),
            # ...or one preposition for both
            ("it", "ero con giorgia e federica quel giorno", "federica"),
            # a verb in the third person of a past tense, or who they were to the readers
            ("es", "leocadia trabajaba en la farmacia del pueblo", "leocadia"),
            ("es", "decidme si fermín fue vuestro entrenador", "fermín"),
        ],
        [
            ("es", "la rosa estaba en el jarrón de la entrada"),  # after an article, a thing
            ("it", "l'ho detto a mia madre e a mio padre"),  # relations, not a pair of names
            ("en", "the amber light stayed on all night"),
            ("fr", "mon beau-frère m'a dit de me taire"),  # a relation, not Beau + Frère
            ("en", "she still runs the rota at work"),  # after an English article, a thing
            ("it", "e poi lo ha fatto di nuovo"),  # a pronoun and a verb, no name before
        ],
    ),
    "international_name": (
        [("en", "i saw kevin at the station that night", "kevin")],
        [("en", "we bought a rose bush for the garden")],
    ),
    "popular_name_acting": (
        [
            ("es", "y sergio me escribía cada noche", "sergio"),
            # paired with another name people are called there, though both are words
            ("it", "giacomo e stefano mi aspettavano fuori", "giacomo"),
            # an auxiliary and a participle after the name
            ("it", "e poi fabio ha detto che era uno scherzo", "fabio"),
        ],
        [
            ("en", "mark my words, it will happen again"),
            ("it", "pane e vino a tavola ogni sera"),
        ],
    ),
    "host": (
        [("es", "fue en la fiesta de lucía, en verano", "lucía")],
        [("es", "fue en la fiesta de navidad, en invierno")],
    ),
    "family": (
        [
            ("fr", "je gardais les enfants chez les duvernoy le mercredi", "duvernoy"),
            ("de", "ich war oft bei familie kessler in den ferien", "kessler"),
        ],
        [("fr", "je gardais les enfants chez les voisins le mercredi")],
    ),
    "with_me": (
        [("en", "me n zuleika went to the police", "zuleika")],
        [("en", "me and my sister went to the police")],
    ),
    "no_word_acting": (
        [
            ("en", "braxtyn kept texting me after that", "braxtyn"),
            ("fr", "C'EST MATHÉO QUI A COMMENCÉ", "MATHÉO"),
            # how someone always was; a word of no language ending in "s" is no plural
            ("fr", "tout le monde savait que kéziah était toujours là", "kéziah"),
            ("fr", "elle m'a dit que ilyanès était juste lourd", "ilyanès"),
        ],
        [
            ("en", "lol said no one ever"),
            ("fr", "il me vouvoyait et me parlait mal"),  # a rare verb form
            ("en", "my bandmates kept texting me"),  # a plural
            ("fr", "tout le monde savait que tout était toujours pareil"),
        ],
    ),
    "told": (
        [
            ("it", "ne ho parlato con chiara il giorno dopo", "chiara"),
            ("fr", "j'en ai parlé à manon le lendemain", "manon"),
        ],
        [
            ("it", "ne ho parlato con mia madre"),
            ("en", "i told nobody for years"),
        ],
    ),
    "lower_place": (
        [
            ("en", "we stayed at crennagh for a week", "crennagh"),
            # a town's name the word lists know only as a rare proper noun
            ("fr", "j'habitais à jemeppe chez mon père", "jemeppe"),
        ],
        [
            ("en", "we stayed at home for a week"),
            ("es", "nos hacía ducharnos delante de él"),  # a verb with its pronoun joined on
            ("en", "i was in limbo for years"),  # a rare word of the language, no town
            ("fr", "mon ex m'a harcelée pendant deux ans"),  # "a" is the verb, not "à"
        ],
    ),
    "lower_venue_the": (
        [
            ("en", "it was at the lantern rooms after midnight", "the lantern rooms"),
            # pubs named "the X's head"
            ("en", "WE ALL DRANK AT THE SARACENS HEAD", "THE SARACENS HEAD"),
        ],
        [
            ("en", "it was at the changing rooms after practice"),
            ("en", "she waited at the stair head for me"),
        ],
    ),
    "cued_name": (
        [
            ("de", "der wirt knut hat weggeschaut", "knut"),  # an innkeeper, a role
            ("en", "my manager priya locked the door", "priya"),
            # what others called someone, and "a certain X"
            ("fr", "ON L'APPELAIT BIBOU ET IL AVAIT 40 ANS", "BIBOU"),
            ("it", "il custode, tale gedeone, ci spiava", "gedeone"),
            # a first name as frequent as a word, after a naming phrase
            ("it", "mi scriveva un certo lorenzo dal suo profilo finto", "lorenzo"),
            ("en", "he posted as ace, real name jorvik tamsett", "jorvik tamsett"),
        ],
        [
            ("en", "my manager said no and locked the door"),
            ("it", "c'era una tale violenza in quella casa"),
        ],
    ),
    # ---- rules that read the whole text (names.TEXT_RULES)
    "churches": (
        [("en", "She sang in the choir at Sacred Heart every Sunday.", "Sacred Heart")],
        [("en", "My heart sank every Sunday.")],
    ),
    "streets_before": (
        [("fr", "Il habitait rue des Lilas, au deuxième.", "rue des Lilas")],
        [("en", "He came in via the back door.")],
    ),
    "rooms": (
        [("en", "It happened in Room 12B after the lesson.", "Room 12B")],
        [("en", "It happened in the room after the lesson.")],
    ),
    "nicknames": (
        [
            ("en", 'We called him "Big Col" and kept away.', "Big Col"),
            ("en", "THEY CALLED HIM SKIPPER ON THE BOATS", "SKIPPER"),
            # an ordinary word after the cue, or an article and a word of looks
            ("en", "we all called him sprout and nobody asked why", "sprout"),
            ("fr", "on l'appelait le rouquin au camping", "le rouquin"),
            ("es", "le decían el cojo y tenía el taller", "el cojo"),
            ("it", "lo chiamavano il secco e lavorava al porto", "il secco"),
            ("de", "wir nannten ihn den dicken und keiner sagte was", "den dicken"),
            # no cue: an adjective of looks with an article and nothing after it to describe
            ("es", "LA PELIRROJA DE LA TIENDA ME GRITABA", "LA PELIRROJA"),
            # an uncommon word with an article, at the bar, doing something to the writer
            ("it", "IL FURETTO AL BANCONE DEL BAR MI HA TOCCATA", "IL FURETTO"),
            # no article: a word after the naming verb and its fillers
            ("de", "im verein nannten ihn alle nur knubbel", "knubbel"),
            ("fr", "on l'appelait p'tit louis au village", "p'tit louis"),
        ],
        [
            ("en", 'He called her "darling" in front of everyone.'),
            ("en", "he called her stupid and we called him back later"),
            ("fr", "on l'appelait le soir pour lui parler"),
            ("es", "le decía la verdad a mi madre"),
            ("de", "sie nannten ihn den ganzen tag einen lügner"),
            ("es", "tenía el pelo rubio y la camisa roja"),
            ("es", "la tortilla del bar estaba fría"),
            ("es", "el cocinero del mesón nos encerraba en la cámara"),
        ],
    ),
    "lower_german_streets": (
        [("de", "er wohnt in der rosenthaler straße, ecke brunnenstraße", "brunnenstraße")],
        [("de", "wir fuhren über die landstraße und dann in eine sackgasse")],
    ),
    "opening_pet_names": (
        [
            ("fr", "BIBOU AU CAMPING ME SUIVAIT PARTOUT", "BIBOU"),
            ("de", "schnuffi an der bar hat mich angefasst", "schnuffi"),
            ("en", "tamsin from the corner shop saw it all", "tamsin"),
        ],
        [
            ("en", "lol at the party he was so weird"),
            ("es", "DENUNCIÉ AL MONITOR Y NADIE ME CREYÓ"),
            ("en", "Grimsby at night is scary"),
        ],
    ),
    "appositions": (
        [("it", "mi ha detto che Ferri, il nostro allenatore, lo sapeva", "Ferri")],
        [("en", "Mum, Dad, my brother and I lived above the shop.")],
    ),
    "the_one_from": (
        [
            ("es", "lo vio todo. charito la del estanco se calló", "charito"),
            ("it", "pinuccio il capocantiere mi mandava messaggi", "pinuccio"),
            ("fr", "jeannot mon chef de rayon me suivait", "jeannot"),
        ],
        [("es", "mi madre la de siempre"), ("it", "io e la mia collega di sempre")],
    ),
    "sized_names": (
        [
            ("en", "everyone knew what big dazza was like", "big dazza"),
            ("fr", "le petit loulou du bar me suivait", "le petit loulou"),
        ],
        [("en", "we went to the big apple and little rock"), ("fr", "le grand paris express")],
    ),
    "districts": (
        [("es", "vivía en el barrio de tetuán con mi tía", "barrio de tetuán")],
        [("fr", "dans le quartier de la gare il y avait un bar")],
    ),
    "pet_names": (
        [
            ("fr", "LE PATRON LOLO DISAIT QUE C'ÉTAIT POUR RIRE", "LOLO"),
            ("it", "e poi nini mi ha seguita fino a casa", "nini"),
        ],
        [("fr", "il faisait dodo et moi pipi"), ("en", "she gave me a bonbon and a tutu")],
    ),
    "at_capitals": (
        [("en", "I volunteered at Living Waters on Sundays.", "Living Waters")],
        [("en", "I saw him at Christmas Eve dinner.")],
    ),
    "lower_named": (
        [
            (
                "en",
                "we trained at aquafenn leisure centre twice a week",
                "aquafenn leisure centre",
            )
        ],
        [
            ("en", "we trained at the leisure centre twice a week"),
            ("it", "ballavamo alla discoteca ogni estate"),  # a verb, then where to
        ],
    ),
    "lower_saints": (
        [("en", "the disco was at st wilfrid's and he was the dj", "st wilfrid's")],
        [("en", "the disco was at st. patrick's day")],
    ),
    "lower_orgs": (
        [("en", "i worked at hartfield motors for a year", "hartfield motors")],
        [("en", "i was at boarding school for a year")],
    ),
    "venues_at_the": (
        [
            ("en", "i was a barmaid at the copper pot in leek", "the copper pot"),
            ("en", "ben from the fox and hounds did the same", "the fox and hounds"),
            ("en", "we drove past the plough and harrow every day", "the plough and harrow"),
        ],
        [
            ("en", "i waited at the bus depot in leek"),
            ("en", "we went to the pub & then the academy"),  # a kind of place, "then"
            ("en", "it was at the caravan in Leek"),
            ("en", "we drove past the house and garage every day"),
        ],
    ),
    "kind_first_names": (
        [
            # a works in "-ificio"; a common noun naming a venue
            ("it", "lavoravo al mobilificio la rovere da ragazza", "mobilificio la rovere"),
            ("it", "ballavamo alla discoteca il gabbiano ogni estate", "discoteca il gabbiano"),
            ("fr", "on allait au camping les goélands tous les étés", "camping les goélands"),
            ("it", "andavo alla scuola di danza arabesque da piccola", "scuola di danza arabesque"),
            # an adjective between the article and the noun
            ("fr", "on allait au camping le grand goéland", "camping le grand goéland"),
            # what completes the name after "de" ("la espiga de oro"), not a time
            (
                "es",
                "compraba en la pastelería la rosa de plata cada domingo",
                "pastelería la rosa de plata",
            ),
            # a qualifier of the kind before the article
            ("it", "giocavo al circolo ippico la quercia da ragazza", "circolo ippico la quercia"),
            (
                "it",
                "giocavo al circolo scacchistico il cavallino da ragazzo",
                "circolo scacchistico il cavallino",
            ),  # an unlisted qualifier, a rare adjective
        ],
        [
            ("fr", "on allait au bar le soir, après le travail"),
            ("fr", "on allait au café le patron nous servait"),  # a person, no name
            ("it", "andavamo in discoteca il sabato"),
            ("it", "giocavo al circolo tennis la sera"),
            ("fr", "on allait au club le petit matin"),
        ],
    ),
    "lower_prefix_orgs": (
        [
            ("fr", "je bossais au bar le galion à brest", "bar le galion"),
            # a name opening with an article joined to "of"
            ("fr", "je bossais au garage des trois chênes à morlaix", "garage des trois chênes"),
        ],
        [("fr", "je bossais au bar avec eux à brest")],
    ),
    "kind_of_town": (
        [
            ("fr", "c'était au club de judo de vierzon, le samedi", "club de judo de vierzon"),
            # another kind of club, and an elided activity
            ("fr", "il présidait le cercle d'aviron de lorient", "cercle d'aviron de lorient"),
        ],
        [("fr", "c'était au club de judo de mon quartier, le samedi")],
    ),
    "lower_addresses": (
        [
            (
                "fr",
                "il habitait au 8 rue des glycines, 35000 rennes",
                "8 rue des glycines, 35000 rennes",
            ),
            ("it", "abitava in viale dei pini 22 da solo", "viale dei pini 22"),
            ("de", "SIE WOHNTE IN DER BIRKENSTRASSE 4", "BIRKENSTRASSE 4"),
            ("en", "he lived at 22 mulberry lane with his mum", "22 mulberry lane"),
        ],
        [
            ("en", "we left at 5 on the road home"),  # no street's name
            ("en", "I WAS 2 ROADS AWAY FROM HOME"),
        ],
    ),
    "sport_of_town": (
        [("it", "giocava nella pallavolo fabriano da anni", "pallavolo fabriano")],
        [("it", "giocava a pallavolo a scuola")],
    ),
    "initials_of_town": (
        [("fr", "Il était animateur à la MJC de Pontivy, le mercredi.", "MJC de Pontivy")],
        [("fr", "Il était animateur à la maison de Pontivy, le mercredi.")],
    ),
    "german_compound_orgs": (
        [
            ("de", "das war im jugendzentrum arche, jeder wusste es", "jugendzentrum arche"),
            ("de", "beim getränkehandel ostermeyer war es schlimm", "getränkehandel ostermeyer"),
        ],
        [
            ("de", "ich war im jugendzentrum jeden tag"),
            # a participle after a kind, not its name
            ("de", "er hat mich in der werkstatt bedrängt"),
        ],
    ),
    "family_firms": (
        [
            ("es", "Trabajé en Muebles Ortuzar e Hijos dos años.", "Ortuzar e Hijos"),
            ("it", "LAVORAVO DA BIANCONI E FIGLI A BERGAMO", "BIANCONI E FIGLI"),
            # the family word without "and", after or before the name
            ("fr", "IL TRAVAILLAIT CHEZ MOREUIL FRÈRES", "MOREUIL FRÈRES"),
            ("es", "trabajaba en hermanos ortuzar de bilbao", "hermanos ortuzar"),
        ],
        [
            ("en", "she came with her mother and sons"),
            ("es", "vino el padre e hijos detrás"),
            ("es", "vinieron mis hermanos Pablo y Juan"),
            ("es", "fui con mis hermanos mayores"),
            ("fr", "SON FILS MATHURIN ME SUIVAIT"),  # a relation, not a firm's tail
        ],
    ),
    "titled_practices": (
        [
            (
                "de",
                "Ich war Azubi in der Tierarztpraxis Dr. Hamerla.",
                "Tierarztpraxis Dr. Hamerla",
            ),
            (
                "it",
                "lavoravo allo studio dentistico dott. carrisi",
                "studio dentistico dott. carrisi",
            ),
        ],
        [("en", "the clinic doctor was kind to me")],
    ),
    "lower_opening_pairs": (
        [
            ("en", "kaidan breslow from my year was the one", "kaidan breslow"),
            # described as who they were to the writer
            ("en", "ysolde marchbank-tey was my supervisor for a year", "ysolde marchbank-tey"),
        ],
        [
            ("en", "lmao idk what to say"),
            ("en", "honestly nobody from my year was kind"),
        ],
    ),
}

# Rules that keep a run or a word from being a detail at all: (blocked, let through).
BLOCKS: dict[str, tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]] = {
    "a_chain": (
        [("en", "We stopped at a Costa on the way.", "Costa")],
        [("en", "We met a Gareth there once.", "Gareth")],
    ),
    "country": (
        [("en", "I moved to Portugal after that.", "Portugal")],
        [("en", "My ex, Georgia, never apologised.", "Georgia")],
    ),
    "public_body": (
        [
            ("it", "Ho chiamato la Polizia di Stato.", "Polizia di Stato"),
            # a national scheme named with ordinary words, not a firm
            ("en", "My National Insurance number is on the letter.", "National Insurance"),
        ],
        [
            ("it", "Ho chiamato la Polizia Locale di Fermignano.", "Fermignano"),
            ("en", "I temped at Brackwell & Ousby Insurance.", "Brackwell & Ousby Insurance"),
        ],
    ),
    "job_title": (
        [("en", "The General Manager told me to leave.", "General")],
        [("en", "Then Caradog Manager told me to leave.", "Caradog")],
    ),
    "programme": (
        [("en", "We watched Saturday Night Live together.", "Night Live")],
        [("en", "On Saturday Gethin Pryce came round.", "Gethin Pryce")],
    ),
    "uncued_stop": (
        [("en", "the hazel tree by the gate", "hazel")],
        [("en", "hazel said it was nothing", "hazel")],
    ),
}

# Containers of the tables above, not rules of their own.
CONTAINERS = {"capitalised_runs", "lowercase"}


def _found(language: str, text: str) -> list[tuple[str, str]]:
    return [(words, rule) for words, _kind, rule in explain(text, language)]


def _covered(language: str, text: str, detail: str) -> bool:
    return any(detail in words or words in detail for words, _rule in _found(language, text))


def test_every_rule_of_every_table_has_examples():
    named = (
        {r.name for r in rules.RUN_RULES}
        | {r.name for r in rules.LOWER_RULES}
        | {name for name, _languages, _finder in names.TEXT_RULES}
        | {"title_with_particle"}
    ) - CONTAINERS
    assert named == set(FINDS) | set(BLOCKS)


def test_every_rule_says_what_it_does():
    for rule in (*rules.RUN_RULES, *rules.LOWER_RULES):
        assert rule.doc, rule.name


@pytest.mark.parametrize(
    ("rule", "language", "text", "detail"),
    [(rule, *case) for rule, (found, _alone) in FINDS.items() for case in found],
)
def test_the_rule_finds_its_kind_of_detail(rule, language, text, detail):
    assert (detail, rule) in _found(language, text)


@pytest.mark.parametrize(
    ("rule", "language", "text"),
    [(rule, *case) for rule, (_found_cases, alone) in FINDS.items() for case in alone],
)
def test_the_rule_leaves_alone_what_only_looks_like_it(rule, language, text):
    assert rule not in {r for _words, r in _found(language, text)}


@pytest.mark.parametrize(
    ("rule", "language", "text", "detail"),
    [(rule, *case) for rule, (blocked, _through) in BLOCKS.items() for case in blocked],
)
def test_the_blocking_rule_keeps_an_ordinary_phrase_from_being_a_detail(
    rule, language, text, detail
):
    assert not _covered(language, text, detail)


@pytest.mark.parametrize(
    ("rule", "language", "text", "detail"),
    [(rule, *case) for rule, (_blocked, through) in BLOCKS.items() for case in through],
)
def test_the_blocking_rule_lets_a_real_detail_through(rule, language, text, detail):
    assert _covered(language, text, detail)


def test_thresholds_are_named_in_one_place():
    thresholds = {name for name in vars(rules.Z) if name.isupper()}
    assert {"FIRST_NAME_MID", "MID_RARE", "RECASE_FULL_NAME", "NAME_FLATNESS"} <= thresholds


def test_the_rules_name_what_they_read_without_importing_the_name_finder():
    """names.py uses the rules; the rules read the finder through tokens.Finder, so not
    even a type-only import runs back (the circle names.py <-> rules.py is gone)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "archive.anonymise.tokens" in imported
    assert "archive.anonymise.names" not in imported
