"""The cue words of the detectors, in English, French, Spanish, German and Italian.

Everything here is general language (titles, relationship nouns, kinds of institution,
kinds of street, month names), never a particular person or place: specific names come
only from the packaged gazetteers (gazetteers.py). Words are stored lower-case.
"""

from __future__ import annotations

from archive.folding import fold

LANGUAGES = ("en", "fr", "es", "de", "it")


def _words(text: str) -> frozenset[str]:
    # Both spellings: regular expressions need the accents, look-ups use folded words.
    words = [w.strip().lower() for w in text.split() if w.strip()]
    return frozenset(words) | frozenset(fold(w) for w in words)


# Places so generic that after a kind they name no particular one: "l'agence immobilière
# du coin", "el centro de salud del pueblo", "il circolo del paese".
GENERIC_PLACES = _words(
    """
    coin quartier village ville bourg centre région region secteur campagne
    barrio pueblo ciudad centro zona región comarca
    paese città citta quartiere zona centro borgo
    dorf stadt viertel ort gegend
    area town city village neighbourhood neighborhood
    """
)

# Titles and forms of address directly before a name: "Mr. X", "Mme X", "Herr X".
TITLES = _words(
    """
    mr mr. mrs mrs. ms ms. miss mx dr dr. doctor prof prof. professor sir dame lord lady
    father fr. sister brother pastor rev rev. reverend rabbi imam coach officer sergeant sgt
    sgt. captain capt capt. lieutenant lt lt. colonel judge detective det det.
    inspector nurse uncle aunt auntie grandpa grandma principal headmaster headmistress
    major general corporal admiral chief sarge doc sheriff skipper gaffer guv pc dc ds dci
    pcso
    grandad granny nan nana tonton tata tatie tantine papi papy pépé mémé mamie
    abuelo abuela tito tita opa oma onkel tante nonno nonna tío tía zio zia oncle tata
    sensei sifu
    councillor councilor cllr mayor alderman
    mister oberarzt oberärztin chefarzt chefärztin
    diakon diakonin maestro maestra
    m. mme mme. mlle mlle. monsieur madame mademoiselle docteur maître maitre père abbé
    pr pr. professeur
    sr sr. sra sra. srta srta. señor señora señorita don doña dra dra. padre profesor
    profesora
    herr herrn frau pfarrer pater doktor
    suor sor fra' frà fray
    sig sig. sig.ra signor signore signora signorina dott dott. dott.ssa dottor dottore
    dottoressa avv avv. ing ing. avvocato avvocatessa ingegnere ingegner architetto
    notaio maresciallo ragioniere ragionier geometra licenciado licenciada
    """
)

# The titles that only ever stand before a name (not "coach", "nurse", "uncle"): after
# one, a word in lower case or capitals is a name ("mr whittaker", "HERRN KOWALCZYK").
NAME_TITLES = _words(
    """
    mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. professor sir dame lord lady fr. rev
    rev. reverend sgt sgt. capt capt. lt lt. det det. pc dc ds dci pcso
    m. mme mme. mlle mlle. monsieur madame
    mademoiselle docteur maître maitre pr pr. professeur sr sr. sra sra. srta srta. señor
    señora señorita don doña dra dra. profesor profesora herr herrn frau sig sig. sig.ra
    signor signore signora signorina dott dott. dott.ssa dottor dottore dottoressa avv avv.
    doktor
    uncle aunt auntie tío tía tio tia zio zia tonton tata oncle tante onkel sensei
    suor sor
    """
)

# People one's account is likely to name: "my manager Priya", "mon patron, Jean".
RELATIONS = _words(
    """
    boss manager supervisor director ceo owner coach teacher professor tutor lecturer
    headteacher principal profe uncle aunt cousin brother sister stepfather stepdad stepmother
    father dad mother mum mom grandfather grandpa grandmother grandma neighbour neighbor
    landlord landlady ex ex-boyfriend ex-girlfriend ex-husband ex-wife boyfriend girlfriend
    husband wife partner friend colleague coworker co-worker classmate roommate flatmate
    housemate mate mates pal buddy bestie bff coursemate teammate bf gf doctor gp therapist pastor priest vicar sergeant officer captain instructor
    trainer mentor editor producer agent employer client customer babysitter nanny
    stepbrother stepsister brother-in-law father-in-law godfather godmother coordinator
    chef foreman lead rapist abuser attacker harasser assistant deputy dean chaplain
    youth-leader scoutmaster
    patron patronne chef directeur directrice prof professeur professeure entraîneur
    entraineur entraîneuse oncle tante cousine frère soeur sœur beau-père belle-mère père
    mère voisin voisine propriétaire copain copine mari conjoint collègue médecin docteur
    prêtre curé ami amie supérieur responsable employeur tuteur agresseur moniteur
    monitrice animateur animatrice
    jefe jefa profesora entrenador entrenadora tío tía primo prima hermano hermana
    padrastro madrastra vecino vecina casero casera novio novia marido esposo esposa
    compañero compañera médico sacerdote cura amigo amiga encargado encargada agresor
    monitor
    chef chefin ausbilder ausbilderin lehrer lehrerin trainer trainerin onkel tante
    bruder schwester stiefvater vater nachbar nachbarin vermieter freund freundin mann
    kollege kollegin arzt ärztin pfarrer vorgesetzter vorgesetzte betreuer betreuerin
    capo capa professoressa allenatore allenatrice zio zia cugino cugina fratello sorella
    patrigno vicino vicina fidanzato fidanzata marito collega medico dottore prete
    parroco amico amica responsabile titolare istruttore istruttrice
    bro cuz sis hubby fiance fiancé fiancee fiancée carer caretaker janitor bouncer driver
    caseworker counsellor counselor supervisor foreman stepson stepdaughter nephew niece
    pote poto mec meuf daron daronne concierge gardien chauffeur éducateur éducatrice
    soigneur soigneuse kiné surveillant surveillante pion animateur cuisinier patronne
    gérant gérante maître
    colega compa socio conserje portero chófer chofer educador educadora
    kumpel kumpeline hausmeister fahrer erzieher erzieherin wirt wirtin
    mister compagno compagna bidello autista educatore educatrice
    """
)

# Possessives and determiners that introduce a relation noun.
RELATION_DETERMINERS = _words(
    """
    my his her our their the a an
    mon ma mes son sa notre leur le la un une
    mi su nuestro nuestra el la un una
    mein meine meinem meinen meiner sein seine ihr ihre unser unsere der die dem den ein eine
    il lo la mio mia suo sua nostro nostra un una
    """
)

# An article joined to a preposition: a word right after one is a thing, not a person's
# first name ("della rosa canina", "del rosal"), in the languages that contract them.
ARTICLE_CONTRACTIONS = {
    "fr": _words("du au aux des"),
    "es": _words("del al"),
    "it": _words(
        """
        del dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai dagli
        dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle
        """
    ),
}

# A family firm's tail after its name: "Ortuzar e Hijos", "Bianconi & Figli", "Martin et
# Fils", "Baxter and Sons" (German "& Söhne" is an institution word of its own).
FAMILY_FIRM = _words(
    """
    sons brothers fils frères freres filles hijos hijas hermanos hnos figli figlie fratelli
    """
)

# "his name was X", "a man called X", "il s'appelait X".
NAMING_CUES = (
    r"(?:his|her|their|my)\s+name(?:\s+(?:is|was)|(?:'|’)s)",
    # "real name lucan …", "de son vrai nom …", "su nombre real era …"
    r"(?:real|full|actual)\s+name(?:\s+(?:is|was)|(?:'|’)s)?|vrai\s+nom|nombre\s+real(?:\s+(?:es|era))?|"
    r"richtiger\s+name|vero\s+nome",
    r"(?:named|called|nicknamed|known\s+as|knew\s+(?:him|her|them)\s+as|aka|a\.k\.a\.)",
    # "known round the estate as Tank", "known to everyone as Jonno"
    r"known\s+(?:[a-z]+\s+){1,4}as",
    r"(?:i\s*(?:'|’)?m|i\s+am)(?=\s+[A-Z])",
    r"(?:s'appel(?:le|ait)|s’appel(?:le|ait)|m'appelle|m’appelle|nommée?|surnommée?|dit)",
    r"(?:se\s+llama(?:ba)?|me\s+llamo|llamad[oa]|apodad[oa])",
    r"(?:hei(?:ß|ss)t|hie(?:ß|ss)|namens|genannt)",
    r"(?:si\s+chiama(?:va)?|mi\s+chiamo|di\s+nome|detto|chiamato|chiamata)",
    # what others called someone: "on l'appelait titou", "le llamábamos", "wir nannten ihn"
    r"(?:l['’]appel(?:ait|aient|ions|le|lent)|[lL][eao]s?\s+llam(?:ábamos|abamos|aban|an)|"
    r"[lL][oa]\s+chiam(?:avamo|avano|ano)|nannten\s+(?:ihn|sie)|nennen\s+(?:ihn|sie))",
    # "a certain X": "un tal mariano", "un certo beppe", "un certain ludo", "ein gewisser"
    r"(?:un|una)\s+tal|(?:un|una)\s+tale|tale|un\s+certo|una\s+certa|un\s+certain|"
    r"une\s+certaine|ein(?:e|en)?\s+gewisse[rn]?",
)

# The kind of institution in an organisation's name ("Riverside Academy", "Hotel X").
ORG_WORDS = _words(
    """
    school high academy college university institute club church chapel cathedral mosque
    synagogue temple parish hospital clinic surgery practice hotel motel inn hostel
    restaurant café cafe bar pub bistro diner grill bakery salon gym fitness studio studios
    theatre theater cinema bank company co co. corp corp. corporation inc inc. ltd ltd.
    llc llp plc gmbh ag sa sas sarl spa s.p.a. srl s.r.l. sl group partners associates
    insurance supplies couriers homes
    crèche creche foyer domaine discothèque discoteca mobilificio getränke
    consulting consultants solutions services logistics systems technologies media records
    recruitment staffing lettings haulage removals plumbing roofing palace partner
    carpets tyres tiles kitchens windows blinds flooring furniture builders joinery
    electrical electricals glazing scaffolding landscaping motorcycles autos coaches
    druck elektro sanitär möbel reisen textil metallbau holzbau
    agency foundation trust charity society association union council department ministry
    regiment battalion squadron brigade centre center store stores shop market supermarket
    mall factory works warehouse farm brewery kitchen lounge nightclub club's federation
    league team fc f.c. scouts guides museum gallery library firm studio's motors industries
    airlines airways publishing press magazine newspaper radio tv network productions
    solicitors lawyers architects accountants dental dentists pharmacy garage hairdressers
    barbers nursery preschool kindergarten camp academy's avocats notaires abogados
    anwälte rechtsanwälte avvocati studio legale
    primary infants juniors harriers rovers wanderers athletic
    pasticceria panetteria gelateria macelleria farmacia boutique tabaccheria libreria
    enoteca osteria locanda agriturismo pescheria ferramenta parrucchiere
    pâtisserie patisserie pharmacie librairie boucherie épicerie epicerie auberge crêperie
    pastelería pasteleria panadería panaderia carnicería peluquería librería tienda
    bodega taberna mesón posada ferretería gimnasio
    apotheke konditorei friseur buchhandlung kneipe gaststätte autohaus
    deli butchers chemist newsagent takeaway
    army navy stade stadium arena piscine pool estadio stadion stadio
    police constabulary gendarmerie commissariat polizei policía polizia carabinieri
    école ecole lycée lycee collège université institut clinique hôpital hopital église
    eglise paroisse hôtel brasserie boulangerie conseil groupe société societe agence
    cabinet banque fondation compagnie cie ateliers entreprise mairie sciences conservatoire
    escuela colegio instituto universidad academia clínica iglesia parroquia restaurante
    cafetería banco empresa grupo asociación fundación teatro estudio agencia consultora
    taller
    schule grundschule gymnasium realschule hauptschule gesamtschule hochschule universität
    uni akademie klinik klinikum krankenhaus praxis kirche gemeinde gasthaus gasthof bäckerei
    metzgerei werkstatt sparkasse verein theater agentur kanzlei firma kg e.v. gruppe
    stiftung optik juwelier reinigung blumen
    opticians optician jewellers jewelers florist florists cleaners
    optique bijouterie pressing fleuriste quincaillerie
    óptica optica joyería joyeria zapatería zapateria floristería floristeria papelería
    papeleria lavandería lavanderia
    ottica gioielleria profumeria cartoleria fioreria erboristeria
    logistik spedition transporte bau technik handel versicherung immobilien
    fliesen maler heizung umzüge gartenbau afc rfc rufc camping campsite associés associes asociados
    associati concessionaria concesionario concession concessionnaire
    gestoría gestoria asesoría asesoria notaría notaria consultoría consultoria autoescuela
    auto-école autoscuola
    transports logistique assurances logística logistica construcciones inmobiliaria seguros
    costruzioni immobiliare assicurazioni trasporti tsv tsg vfb vfl tus ssv fsv sv söhne sohne sohn töchter erben brüder gebrüder wirtshaus hütte
    scuola liceo istituto università accademia collegio clinica ospedale chiesa parrocchia
    albergo ristorante trattoria pizzeria caffè banca azienda società gruppo associazione
    fondazione agenzia palestra officina oratorio circolo polisportiva cercle círculo peña
    autofficina carrozzeria elettrauto gommista equestrian campeggio
    feuerwehr rathaus jobcenter jugendamt finanzamt landratsamt ordnungsamt sozialamt
    standesamt arbeitsamt gesundheitsamt bauamt
    pmu snack friterie guinguette chiringuito villaggio rifugio fm
    haras forno campamento vivero kegelclub reitstall reiterhof gestüt
    supermarché hypermarché supermercado supermercato chorale coro canottieri
    """
)

# Institution words that French, Spanish and Italian write in lower case before the
# name: "au collège Jean-Moulin", "en el colegio San Fermín", "al liceo Carducci".
ORG_PREFIXES = _words(
    """
    école ecole lycée lycee collège college université clinique hôpital hopital église
    paroisse hôtel hotel brasserie boulangerie pâtisserie restaurant café bar cabinet
    conservatoire mairie institut crèche creche foyer domaine discothèque discoteca
    mobilificio
    escuela colegio instituto universidad academia clínica clinica hospital iglesia
    parroquia restaurante cafetería cafeteria gimnasio gestoría gestoria asesoría asesoria
    notaría notaria consultoría consultoria autoescuela inmobiliaria peluquería peluqueria
    garage agence salon boutique auto-école pharmacie clinica officina agenzia autoscuola
    farmacia
    scuola liceo istituto università universita accademia collegio ospedale chiesa
    parrocchia albergo ristorante trattoria pizzeria palestra oratorio
    """
)

# Public bodies of a whole country: with only ordinary words around them they name no
# particular place ("Polizia di Stato", "Police Nationale", "Guardia Civil"), nor does a
# national scheme ("National Insurance").
PUBLIC_BODIES = _words(
    """
    police polizia polizei policía policia gendarmerie carabinieri army navy armée ejército
    esercito bundeswehr government gouvernement gobierno governo regierung
    insurance
    """
)

# Words after which a capitalised name is a place of work or study: "worked at X".
ORG_CUES = _words("at for bei chez al alla allo all' presso dal dalla au")

# Street types. English ones follow the name ("Mill Road"); the others mostly precede it
# ("rue de la Paix", "calle Mayor", "via Roma"), German ones are also suffixes.
STREET_AFTER = _words(
    """
    street st st. road rd rd. lane ln avenue ave ave. crescent close drive way place square
    court ct terrace grove gardens mews row walk boulevard blvd parkway highway alley hill
    park estate
    """
)
STREET_BEFORE = _words(
    """
    rue avenue av. boulevard bd place chemin allée allee impasse quai cours route square
    calle c/ avenida avda avda. plaza paseo camino carretera ronda travesía carrer
    via viale piazza piazzale corso vicolo largo strada
    """
)
STREET_SUFFIXES = ("straße", "strasse", "str.", "weg", "platz", "gasse", "allee", "damm", "ufer")
STREET_PARTICLES = _words("de du des la le l' d' del de la della delle dei di degli")

# Rooms and numbered places inside a building: "room 214", "salle B12".
ROOM_WORDS = _words(
    """
    room rm flat apartment apt apt. suite office ward dorm dormitory cabin locker unit
    classroom lab laboratory cell block wing bay portakabin
    salle chambre bureau appartement appt bâtiment batiment
    sala habitación habitacion aula despacho piso planta
    raum zimmer wohnung büro buero station hörsaal
    stanza camera aula ufficio appartamento interno reparto
    """
)

# Prepositions after which a capitalised word is likely a place: "in Leeds", "à Lyon".
# Prepositions of being inside a place, after which a first name that is hardly a word
# names a place, not a person: "in leith", "DESDE TRIANA" ("to dale" is a person).
IN_PREPOSITIONS = _words("in en dans nach desde hasta aus")
# ...and those before a town one lives or works in: "à carhaix", "en llodio".
TOWN_PREPOSITIONS = IN_PREPOSITIONS | _words("à")
# ...except after the verbs that take a person there: "confide in", "confiaba en".
# Spanish and Italian put "a" before a person ("denuncié a Adrián", "l'ho detto a Enzo"):
# after it, a name people are called there is the person, even if a town has it too.
PERSONAL_A = {"es": "a", "it": "a"}
IN_PERSON_VERBS = _words(
    """
    confide confided confiding believe believed believes believing trust trusted interested
    confié confie confiaba confío confio confiar pienso pensaba pensé pense pensar creo creía
    creia
    """
)
PLACE_PREPOSITIONS = _words(
    """
    in on from to near outside around towards toward via into behind inside opposite across
    past beside
    à a au aux de d' en près vers depuis all' dall' nell'
    en de desde hacia cerca hasta
    in aus nach bei von nahe
    a ad da di in presso vicino verso al alla nel nella
    """
)

MONTHS = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre",
    "de": "januar jänner februar märz maerz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
MONTH_ABBREVIATIONS = (
    "jan feb mar apr jun jul aug sep sept oct nov dec janv févr fev avr juil déc ene dic okt dez"
)
ALL_MONTHS = _words(" ".join(MONTHS.values()) + " " + MONTH_ABBREVIATIONS)

WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    mondays tuesdays wednesdays thursdays fridays saturdays sundays weekend weekends
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles jueves viernes sábado domingo
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    """
)

# Times of day, week and year: after a kind and an article they say when, not which one
# ("au bar le soir", "al circolo la domenica", "en el bar la noche del sábado").
TIME_WORDS = WEEKDAYS | _words(
    """
    morning evening night afternoon day week year month
    matin soir soirée nuit midi journée semaine lendemain veille mois année an fois
    mañana tarde noche día semana mes año vez madrugada
    mattina sera serata notte pomeriggio giorno giornata settimana mese anno volta
    morgen abend nacht mittag nachmittag tag woche monat jahr anfang ende wochenende
    """
)

# Capitalised words that are not identifying: platforms, holidays, faiths, nationalities,
# languages, and the hashtags' words. A capitalised word here is never a detail by itself.
NOT_IDENTIFYING = (
    _words(
        """
    i i'm i've i'd i'll me metoo moi yo ich io ok okay hr ceo god jesus christ allah lord
    christmas xmas easter halloween ramadan eid hanukkah thanksgiving valentine valentine's
    noël noel pâques navidad pascua weihnachten ostern natale pasqua ferragosto
    instagram insta facebook twitter tiktok snapchat snap whatsapp telegram signal reddit
    youtube linkedin tinder bumble grindr hinge discord twitch google gmail hotmail outlook
    yahoo icloud iphone android uber lyft airbnb amazon netflix zoom skype teams messenger
    dm dms covid internet web mumsnet quora tumblr pinterest onlyfans bluesky mastodon
    threads vinted ebay deliveroo tube metro subway prom freshers brexit lockdown
    mum mom mummy mommy dad daddy grandad granddad grandpa grandma gran granny nan nana
    nanna maman papa mamie papi mamá papá abuela abuelo mama mutti vati oma opa nonno nonna
    babbo
    english british french spanish german italian american european african asian irish
    scottish welsh catholic christian muslim jewish protestant hindu buddhist sikh black
    highlands lowlands midlands alps pyrenees pyrénées balkans riviera caribbean
    mediterranean scandinavia
    white latina latino jehovah jehovah's witness witnesses mormon quaker evangelical
    orthodox anglican methodist baptist pentecostal
    anglais français francais espagnol allemand italien
    inglés ingles francés frances español espanol alemán aleman italiano
    englisch französisch spanisch deutsch italienisch
    inglese francese spagnolo tedesco
    university school church hospital police army navy court
    """
    )
    | ALL_MONTHS
    | WEEKDAYS
)

# Country and region names the gazetteer lists in English; these add the other four
# languages' names of the countries most often mentioned. Countries are not identifying.
COUNTRIES_EXTRA = _words(
    """
    angleterre écosse ecosse irlande pays-de-galles royaume-uni france allemagne espagne
    italie belgique suisse autriche portugal pays-bas états-unis etats-unis amérique
    amerique canada québec quebec maroc algérie algerie tunisie sénégal senegal mexique
    brésil bresil argentine chine japon inde russie pologne grèce grece turquie europe
    afrique asie
    inglaterra escocia irlanda gales reino francia alemania españa espana italia bélgica
    belgica suiza austria holanda países estados unidos américa méxico mexico brasil
    argentina colombia perú peru chile venezuela cuba marruecos rusia polonia grecia
    turquía turquia europa áfrica asia
    england schottland irland wales großbritannien frankreich deutschland spanien italien
    belgien schweiz österreich oesterreich niederlande holland amerika usa kanada
    mexiko brasilien russland polen griechenland türkei tuerkei europa afrika asien
    inghilterra scozia irlanda galles regno francia germania spagna italia belgio svizzera
    austria olanda stati uniti messico brasile russia polonia grecia turchia europa africa
    asia
    uk usa u.s. u.s.a. us eu
    """
)

# Sentence-level words used by several rules.
AGE_PATTERNS = (
    r"\b(?:i\s+was|i\s+was\s+only|aged|age|when\s+i\s+was)\s+(?:\d{1,2}|[a-z]+teen|twelve|eleven|ten|nine|eight|seven|six)\b",
    r"\b(?:j'avais|j’avais|à)\s+(?:\d{1,2}|[a-zé]+)\s+ans\b",
    r"\b(?:tenía|con)\s+(?:\d{1,2}|[a-záé]+)\s+años\b",
    r"\b(?:ich\s+war|mit)\s+(?:\d{1,2}|[a-zäöü]+)(?:\s+jahre(?:\s+alt)?)\b",
    r"\bavevo\s+(?:\d{1,2}|[a-zì]+)\s+anni\b",
)

SCHOOL_WORDS = _words(
    """
    school high academy college university institute école ecole lycée lycee collège
    université institut escuela colegio instituto universidad academia schule grundschule
    gymnasium realschule hochschule universität uni akademie scuola liceo istituto
    università accademia
    """
)

ROLE_WORDS = RELATIONS | _words(
    "waitress waiter cashier nurse intern apprentice trainee volunteer receptionist "
    "cleaner student pupil employee worker stagiaire apprentie apprenti serveuse "
    "camarera becaria becario kellnerin praktikantin auszubildende cameriera stagista"
)

# German compound roles end with the role: "Reitlehrer", "Fußballtrainer", "Schichtleiter",
# "Oberlehrer"; one may stand between a title and a name ("Herr Oberlehrer Kamphaus").
GERMAN_ROLE_ENDS = (
    "lehrer",
    "lehrerin",
    "trainer",
    "trainerin",
    "leiter",
    "leiterin",
    "chef",
    "chefin",
    "betreuer",
    "betreuerin",
    "meister",
    "nachbar",
    "nachbarin",
    "kollege",
    "kollegin",
)

# Named days that look like names ("Christmas Eve", "Boxing Day"): never a detail.
HOLIDAYS = (
    r"\b(?:(?:Christmas|Xmas|New\s+Year['’]?s?|Easter|Valentine['’]?s|Mother['’]?s|"
    r"Father['’]?s|Boxing|Good|Bonfire|Halloween|Thanksgiving|Labou?r|Memorial|Independence|"
    r"(?:Saint|St\.?)\s+Patrick['’]?s|Pancake|Shrove|Ash|Palm|Remembrance)\s+"
    r"(?:Eve|Day|Night|Sunday|Monday|Friday|Tuesday|Wednesday|Weekend|Party|Dinner)|"
    r"Saint[-\s]Sylvestre|Nouvel\s+An|Nochebuena|Nochevieja|A[ñn]o\s+Nuevo|Semana\s+Santa|"
    r"Heiligabend|Silvester|Capodanno|Vigilia\s+di\s+Natale|Santo\s+Stefano|"
    r"Bank\s+Holiday(?:\s+(?:Monday|Weekend))?)\b"
)

# Words that case restoration never raises to a capital, whatever their frequency: chat
# abbreviations and interjections that word lists do not know.
RECASE_NEVER = _words(
    """
    lol lmao omg wtf idk tbh ngl imo smh fml rn ur u ya yall y'all gonna wanna gotta dunno
    haha hahaha xx xxx ok okay pls plz thx mdr ptdr jpp stp bcp tkt osef jaja jajaja xd
    tqm porfa vale boh cmq nn xke qnd ciao bof ouais nope yep yeah nah
    cant dont wont didnt isnt wasnt werent couldnt wouldnt shouldnt doesnt havent hasnt
    aint ive youre theyre
    """
)

# What comes before "school", "club" or "camp" as a kind, not a name.
GENERIC_QUALIFIERS = _words(
    """
    boarding nursery ballet karate judo rugby cricket hockey netball golf tennis swimming
    chess drama sunday grammar primary secondary comprehensive infant infants junior prep
    catholic convent riding sailing rowing boxing martial gymnastics scout scouts guide
    brownie brownies cub cubs bible medical nursing dental veterinary secretarial finishing
    art sixth form theatre cookery catering bingo working social strip comedy night weekend
    residential holiday summer day after-school breakfast homework youth sports leisure
    private public state local village community girls boys girls' boys' mixed police
    army naval football fitness dance music language driving law business film
    student students' student's every any some that this which what another each
    """
)

# German names its institutions in compounds ending with their kind: "Stadtsparkasse",
# "Versicherungsgruppe", "Seniorenstift", "Hausverwaltung", "Reinigungsfirma".
GERMAN_ORG_ENDS = tuple(
    fold(w)
    for w in """
    schule gymnasium hochschule universität akademie klinik klinikum krankenhaus praxis
    kirche gemeinde gasthaus gasthof bäckerei metzgerei werkstatt sparkasse kasse bank
    verein theater agentur kanzlei firma gruppe stiftung stift heim verwaltung werk werke
    dienst dienste betrieb markt zentrum kita kindergarten internat studio apotheke
    konditorei friseur buchhandlung kneipe autohaus logistik spedition technik handel
    versicherung immobilien hotel restaurant café club reinigung vermietung beratung versand
    pflege herberge inspektion wache stall stube stübchen klause
    """.split()
    if w
)

# A sports club's initials before its name or town: "TSV Eichenau", "AS Plougastel",
# "CD Arroyomolinos". The second list are words too ("as", "us", "ac"): only in capitals.
CLUB_INITIALS = _words("tsv tsg vfb vfl tus ssv fsv sv sc fc afc rfc rufc cd ud sd rcd ssd asd")
CLUB_INITIALS_SHOUTED = _words("as us ac rc cs")
# Institution words that are written in capitals and still begin or end a name.
SHOUTED_KINDS = ORG_WORDS | CLUB_INITIALS | CLUB_INITIALS_SHOUTED

# Words that describe an institution after its kind and before its name: "Club Deportivo
# Almenara", "Association Sportive de …", "Circolo Ricreativo …", a family firm's
# "Hermanos", a club's traditional word ("SC Borussia …"). Never a name on their own.
ORG_QUALIFIERS = _words(
    """
    deportivo deportiva atlético atletico polideportivo cultural recreativo recreativa
    social sportif sportive culturel culturelle sportivo sportiva ricreativo ricreativa
    culturale municipal municipale comunale
    hermanos hnos fratelli frères freres gebrüder hijos figli
    borussia eintracht fortuna concordia germania alemannia viktoria victoria preußen
    olympia dynamo sporting racing stade olympique unione virtus juventus
    nautique nautico náutico hípico hipico ippico ciclistico alpino
    """
)

# Kinds of shop named with a suffix, as German trades end in "-erei": Spanish "frutería",
# Italian "salumeria" and its works in "-ificio" ("mobilificio", "pastificio"), French
# "crêperie" (see rules.institution_word).
SHOP_SUFFIXES = {"es": ("eria",), "it": ("eria", "ificio"), "fr": ("erie",)}

# Places one goes to rather than works for, unless the account says one worked there: a
# hotel where one stayed is a place ("[place]"), the hotel where one waited on tables an
# employer ("[organisation]").
VENUE_WORDS = _words(
    """
    hotel motel inn hostel pub bar café cafe bistro diner grill restaurant nightclub lounge
    cinema theatre theater stadium arena camping campsite disco discothèque discoteca
    hôtel brasserie auberge crêperie restaurante cafetería taberna mesón posada bodega
    albergo ristorante trattoria pizzeria osteria locanda enoteca gasthaus gasthof
    wirtshaus kneipe hütte campeggio
    """
)

# Words that say someone worked somewhere, in the five languages.
WORK_CUES = (
    r"work(?:ed|ing|s)?|job|jobs|shifts?|employed|employer|staff|colleagues?|co-?workers?|"
    r"temp(?:ed|ing)?|intern(?:ed|ing|ship)?|apprentice(?:ship)?|trainee|waitress(?:ing)?|"
    r"waiter|barmaid|barman|bartender|chef|cook|cleaner|receptionist|porter|manager|owner|"
    r"boss|landlord|landlady|supervisor|"
    r"travaill\w*|boulot|job|stage|stagiaire|apprenti\w*|serveu(?:r|se)|patron(?:ne)?|"
    r"collègues?|employeur|trabaj\w*|prácticas|practicas|camarer[oa]|jefe|jefa|"
    r"compañer[oa]s?\s+de\s+trabajo|arbeit\w*|azubi|ausbildung|praktikum|kellner(?:in)?|"
    r"kolleg(?:e|in|en)|lavor\w*|stagista|camerier[ae]|titolare|colleghi|collega"
)

# Seasons and terms, in the five languages: with a small place or an employer they date an
# account as surely as a year ("the summer I worked at …", "l'été de mes quinze ans").
# Words that are also something else ("spring", "fall", Italian "estate") only in phrases.
SEASONS = (
    r"\b(?:summer|winter|autumn|(?:in|that|last|the)\s+(?:spring|fall)|"
    r"(?:spring|fall)\s+(?:of|term|semester|19\d\d|20\d\d)|"
    r"été|hiver|printemps|automne|verano|invierno|primavera|otoño|"
    r"sommer|frühling|frühjahr|herbst|"
    r"(?:d['’]|l['’]|nell['’]|quell['’]|in\s+)estate|inverno|autunno)\b"
)

# Team sports, by which Italian, Spanish and French clubs are named with their town: "la
# pallavolo cingoli", "el balonmano granollers", "le handball nîmes".
SPORTS = _words(
    """
    pallavolo volley basket calcio rugby hockey pallanuoto pallamano scherma nuoto ciclismo
    atletica futsal baseball softball handball balonmano baloncesto voleibol waterpolo
    tenis tennis pádel padel golf natación natation atletismo athlétisme remo aviron vela voile
    """
)

# Words for a family, before its surname: "la famille Morel", "bei familie schuster".
FAMILY_WORDS = _words("family famille familia famiglia familie")

# Saints' names open the names of parishes, schools and clubs: "San Andrés", "San Zeno".
SAINTS = _words("san santa santo sant saint sainte st st. ste sankt")

# Adjective endings by language: "X was harmless" describes, it does not name.
ADJECTIVE_ENDINGS = {
    "en": ("less", "ful", "ous", "ive", "able", "ible", "ish", "ent", "ant", "al", "ic", "y"),
    "fr": ("eux", "euse", "if", "ive", "able", "ible", "al", "ant", "ent"),
    "es": ("oso", "osa", "ivo", "iva", "able", "ible", "al", "ante", "ente"),
    "de": ("lich", "ig", "isch", "bar", "los", "voll", "sam"),
    "it": ("oso", "osa", "ivo", "iva", "abile", "ibile", "ale", "ante", "ente"),
}

# Verb endings by language: a name is no conjugated verb ("GROPED", "rentrait").
VERB_ENDINGS = {
    "en": ("ed", "ing"),
    "fr": ("ait", "aient", "ais", "ent", "er", "é", "ée", "és", "ées", "ions", "iez"),
    "es": ("aba", "aban", "ía", "ían", "ó", "ado", "ada", "ido", "ida", "ando", "iendo"),
    "de": ("te", "ten", "iert"),
    "it": ("ava", "avano", "ato", "ata", "ito", "ita", "ando", "endo", "ò"),
}

# Adjectives of looks that, with an article and nothing after them to describe, are what
# everyone called one person: "el rubio del bar", "il biondo al pub", "der Lange in der
# Kneipe", "le rouquin du camping". Only the unmistakable ones ("petit", "grande" also
# describe the next noun or any child).
APPEARANCE_NICKNAMES = {
    "fr": _words("gros grosse rouquin rouquine roux rousse chauve balafré moustachu barbu frisé"),
    "es": _words(
        "rubio rubia moreno morena gordo gorda flaco flaca chato chata calvo calva cojo "
        "tuerto canijo pelirrojo pelirroja bizco manco melenas"
    ),
    "it": _words(
        "biondo bionda moro mora rosso rossa grasso grassa ciccione pelato secco nano "
        "guercio riccio lungo"
    ),
    "de": _words("lange dicke dicken langen blonde rote glatzkopf"),
}

# How the four languages name a trade: "cocinero", "cameriere", "fromager", "serveuse".
TRADE_ENDINGS = (
    "ero",
    "era",
    "iere",
    "iera",
    "aio",
    "aia",
    "ier",
    "eur",
    "euse",
    "ista",
    "ante",
    "ente",
    "ner",
    "ler",
)


def role_like(word: str) -> bool:
    """A role, or a word shaped like one: "caporeparto", "jefe", "cocinero", "Oberkellner"."""
    return (
        word in ROLE_WORDS
        or word.startswith(("capo", "chef", "jefe", "head", "ober", "vice"))
        or word.endswith(TRADE_ENDINGS)
    )
