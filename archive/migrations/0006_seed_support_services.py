"""A first list of national support services, from each service's own official page.

Only details a stored copy of the official page confirmed are entered; anything it did
not show (a number, hours, languages) is left out rather than guessed. Staff keep the
list current in the admin (docs/support.md). Re-running adds nothing: entries are matched
by name.
"""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 12, 1)

# Each entry as confirmed on 1 December 2026 against a stored copy of the page in
# `source_url` (docs/support.md quotes what each page confirmed). Services whose details
# no stored official page confirmed are not seeded; docs/support.md lists them under "To
# add once checked". Migration 0009 brings a database seeded with the first list here.
SERVICES = [
    {
        "country": "GB",
        "name": "National Domestic Abuse Helpline (Refuge)",
        "kind": "helpline",
        "description": "Free, confidential support for women experiencing any form of domestic abuse.",
        "phone": "0808 2000 247",
        "url": "https://www.nationaldahelpline.org.uk/",
        "hours": "24 hours a day, 7 days a week",
        "source_url": "https://refuge.org.uk/news/refuge-responds-to-reports-of-potential-increase-in-domestic-abuse-during-covid-19",
    },
    {
        "country": "GB",
        "name": "Rape Crisis England & Wales: 24/7 Rape and Sexual Abuse Support Line",
        "kind": "helpline",
        "description": (
            "Free phone and online chat for anyone aged 16 or over in England and Wales "
            "affected by sexual violence, abuse or harassment, no matter when it happened, "
            "and for those supporting them."
        ),
        "url": "https://247sexualabusesupport.org.uk/",
        "hours": "24 hours a day, every day of the year",
        "source_url": "https://247sexualabusesupport.org.uk/faqs/",
    },
    {
        "country": "FR",
        "name": "3919 Violences Femmes Info",
        "kind": "helpline",
        "description": (
            "Écoute, information et orientation pour les femmes victimes de violences, leur "
            "entourage et les professionnel·les concerné·es. Anonyme et gratuit."
        ),
        "phone": "3919",
        "url": "https://solidaritefemmes.org/appeler-le-3919/",
        "hours": "24 h/24, 7 j/7",
        "source_url": "https://solidaritefemmes.org/appeler-le-3919/",
    },
    {
        "country": "US",
        "name": "RAINN National Sexual Assault Hotline",
        "kind": "helpline",
        "description": (
            "A call goes to the nearest RAINN member crisis center; it is anonymous and "
            "confidential unless you choose to say who you are."
        ),
        "phone": "1.800.656.HOPE (4673)",
        "url": "https://rainn.org/",
        "source_url": "https://rainn.org/get-help/national-sexual-assault-hotline",
    },
    {
        "country": "IT",
        "name": "1522 Numero antiviolenza e stalking",
        "kind": "helpline",
        "description": "Numero gratuito di pubblica utilità contro la violenza e lo stalking.",
        "phone": "1522",
        "url": "https://www.1522.eu/",
        "hours": "24 ore su 24",
        "source_url": "https://www.1522.eu/cose-1522/?lang=en",
    },
    {
        "country": "DE",
        "name": "Hilfetelefon Gewalt gegen Frauen",
        "kind": "helpline",
        "description": "Kostenlose, anonyme Beratung für Frauen, die Gewalt erleben oder erlebt haben, und ihr Umfeld.",
        "phone": "116 016",
        "url": "https://www.hilfetelefon.de/",
        "hours": "An 365 Tagen, rund um die Uhr",
        "source_url": "https://www.hilfetelefon.de/das-hilfetelefon/angebot-im-ueberblick.html",
    },
]


def seed(apps, schema_editor):
    SupportService = apps.get_model("archive", "SupportService")
    for entry in SERVICES:
        SupportService.objects.get_or_create(
            name=entry["name"], defaults={**entry, "last_checked": CHECKED}
        )


def unseed(apps, schema_editor):
    SupportService = apps.get_model("archive", "SupportService")
    SupportService.objects.filter(name__in=[e["name"] for e in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_count_only_datasets_and_support")]
    operations = [migrations.RunPython(seed, unseed)]
