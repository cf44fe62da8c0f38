"""Fictional demo data that shows the magnitude: many short published accounts and a
counted dataset, so every chart, the map and the timeline mean something at first sight.

Everything here is invented and says so: each account's title and text open with
"Fictional demo account", and the dataset is flagged `fictional` (listed as such on every
public surface). Written in bulk so `bin/run` stays fast: stories, consent records and
one chained audit event per story (audit.events_build, the same builder the bulk import
uses), then one indexing pass. Idempotent: nothing is written twice.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive.counts.models import CountedDataset, VoiceCount
from archive.models import ConsentRecord, ModerationEvent, Story
from archive.stories import audit, public_view
from archive.vocabulary import ConsentMethod, Source, Status

DEMO_PLATFORM = "demo-magnitude"
DEMO_DATASET = "Fictional demo dataset (not real posts)"
ACCOUNTS = 300

LANGUAGES = ("en", "fr", "es", "it", "de")
COUNTRIES = ("GB", "FR", "ES", "IT", "DE", "US", "IN", "BR", "MX", "CA")
YEARS = tuple(range(2006, 2018))
SETTINGS = ("workplace", "education", "home", "public_space", "online", "healthcare", "sport")
NOTES = ("harassment", "assault", "institutional", "online_abuse", "stalking", "domestic_abuse")
OPENINGS = {
    "en": "Fictional demo account. It happened at {place} and I told no one for years. #MeToo",
    "fr": "Témoignage fictif de démonstration. C'était {place}, je n'en ai parlé à personne. #BalanceTonPorc",
    "es": "Relato ficticio de demostración. Pasó {place} y no se lo conté a nadie. #YoTambién",
    "it": "Racconto fittizio di prova. È successo {place} e non l'ho detto a nessuno. #QuellaVoltaChe",
    "de": "Fiktiver Demo-Bericht. Es geschah {place}, und ich habe es niemandem erzählt. #MeToo",
}
PLACES = {
    "en": ("work", "school", "home", "the station", "a party", "the clinic", "the club"),
    "fr": (
        "au travail",
        "à l'école",
        "à la maison",
        "dans le métro",
        "à une fête",
        "à l'hôpital",
        "au club",
    ),
    "es": (
        "en el trabajo",
        "en la escuela",
        "en casa",
        "en el metro",
        "en una fiesta",
        "en la clínica",
        "en el club",
    ),
    "it": (
        "al lavoro",
        "a scuola",
        "a casa",
        "in metro",
        "a una festa",
        "in clinica",
        "in palestra",
    ),
    "de": (
        "bei der Arbeit",
        "in der Schule",
        "zu Hause",
        "in der U-Bahn",
        "auf einer Feier",
        "in der Klinik",
        "im Verein",
    ),
}


def _shared_at(i: int) -> datetime:
    """Two in three around the call (13 Oct - 1 Nov 2017, ten a day), the rest monthly."""
    if i < 200:
        day = date(2017, 10, 13) + timedelta(days=i % 20)
    else:
        month = (i - 200) % 10  # Nov 2017 .. Aug 2018, ten a month
        day = date(2017 + (10 + month) // 12, (10 + month) % 12 + 1, 10)
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _story(i: int, now: datetime) -> Story:
    language = LANGUAGES[i % len(LANGUAGES)]
    setting = SETTINGS[i % len(SETTINGS)]
    text = OPENINGS[language].format(place=PLACES[language][i % len(SETTINGS)])
    title = f"Fictional demo account {i + 1}"
    return Story(
        title=title,
        body=text,
        public_title=title,
        public_body=text,
        language=language,
        year=YEARS[i % len(YEARS)],
        country=COUNTRIES[i % len(COUNTRIES)],
        setting=setting,
        content_notes=sorted({NOTES[i % len(NOTES)], NOTES[(i // 3) % len(NOTES)]}),
        display_name="anonymous",
        source=Source.IMPORT,
        source_platform=DEMO_PLATFORM,
        source_id=str(i + 1),
        source_created_at=_shared_at(i),
        status=Status.PUBLISHED,
        detected_version=1,
        submitted_at=now,
        published_at=now - timedelta(minutes=ACCOUNTS - i),
    )


@transaction.atomic
def demo_accounts_load() -> int:
    """ACCOUNTS fictional published accounts, in bulk. Returns how many were written."""
    if Story.objects.filter(source_platform=DEMO_PLATFORM).exists():
        return 0
    now = timezone.now()
    stories = Story.objects.bulk_create([_story(i, now) for i in range(ACCOUNTS)])
    ids = list(
        Story.objects.filter(source_platform=DEMO_PLATFORM)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            story_id=pk,
            consent_version=settings.CHORUS["CONSENT_VERSION"],
            publish=True,
            research=False,
            quote=False,
            statistics=True,
            contact=False,
            method=ConsentMethod.IMPORT,
        )
        for pk in ids
    )
    ModerationEvent.objects.bulk_create(
        audit.events_build(
            story_ids=ids,
            action="publish",
            actor_kind="system",
            to_status=Status.PUBLISHED,
            note="fictional demo data",
        )
    )
    public_view.figures_changed_many(ids)  # counted like any published account
    transaction.on_commit(lambda: public_view.stories_indexed(ids))
    return len(stories)


def _daily_voices(day: date) -> int:
    """A made-up curve: a steady trickle, a spike on 15 October 2017 that fades."""
    start = date(2017, 10, 15)
    base = 40
    if day < start:
        return base
    return (
        base
        + int(60_000 * math.exp(-(day - start).days / 6))
        + int(400 * math.exp(-(day - start).days / 200))
    )


@transaction.atomic
def demo_dataset_load() -> int:
    """A fictional counted dataset, flagged as such. Returns the rows written."""
    if CountedDataset.objects.filter(name=DEMO_DATASET).exists():
        return 0
    dataset = CountedDataset.objects.create(
        name=DEMO_DATASET,
        source="Invented for the Chorus demo; no real posts were read.",
        licence="CC0 (fictional data)",
        fictional=True,
    )
    # Shares per language/term/country: a fixed, plausible-looking split (invented).
    split = [
        ("en", "#metoo", "US", 0.30),
        ("en", "#metoo", "GB", 0.10),
        ("en", "me too", "IN", 0.06),
        ("en", "#metoo", "CA", 0.05),
        ("fr", "#balancetonporc", "FR", 0.14),
        ("es", "#yotambien", "ES", 0.08),
        ("es", "#yotambien", "MX", 0.07),
        ("it", "#quellavoltache", "IT", 0.06),
        ("de", "#metoo", "DE", 0.06),
        ("pt", "#metoo", "BR", 0.05),
        ("ja", "#metoo", "JP", 0.02),
        ("en", "#metoo", None, 0.01),
    ]
    first, last = date(2017, 9, 1), date(2018, 12, 31)
    rows = []
    day = first
    while day <= last:
        total = _daily_voices(day)
        for language, term, country, share in split:
            n = int(total * share)
            if n:
                rows.append(
                    VoiceCount(
                        dataset=dataset,
                        day=day,
                        language=language,
                        term=term,
                        country=country,
                        count=n,
                    )
                )
        day += timedelta(days=1)
    VoiceCount.objects.bulk_create(rows, batch_size=2000)
    dataset.first_day, dataset.last_day = first, last
    dataset.posts_counted = dataset.posts_read = sum(r.count for r in rows)
    dataset.save(update_fields=["first_day", "last_day", "posts_counted", "posts_read"])
    return len(rows)
