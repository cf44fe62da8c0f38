"""A first list of national support services, from each service's own official page.

Only details known reliably are entered; anything uncertain (languages offered, exact
hours where they vary) is left out rather than guessed. Staff keep the list current in
the admin (docs/support.md). Re-running adds nothing: entries are matched by name.
"""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 12, 1)

SERVICES = [
    {
        "country": "GB",
        "name": "National Domestic Abuse Helpline (Refuge)",
        "kind": "helpline",
        "description": "For anyone experiencing domestic abuse, and those supporting them.",
        "phone": "0808 2000 247",
        "url": "https://www.nationaldahelpline.org.uk/",
        "hours": "24 hours a day, every day",
        "source_url": "https://www.nationaldahelpline.org.uk/",
    },
    {
        "country": "GB",
        "name": "Rape Crisis England & Wales: 24/7 Rape and Sexual Abuse Support Line",
        "kind": "helpline",
        "description": "For anyone aged 16 or over affected by sexual violence or abuse, at any time in their life.",
        "phone": "0808 500 2222",
        "url": "https://rapecrisis.org.uk/",
        "hours": "24 hours a day, every day",
        "source_url": "https://rapecrisis.org.uk/get-help/want-to-talk/",
    },
    {
        "country": "FR",
        "name": "3919 Violences Femmes Info",
        "kind": "helpline",
        "description": "Écoute, information et orientation pour les femmes victimes de violences. Anonyme et gratuit.",
        "phone": "3919",
        "url": "https://arretonslesviolences.gouv.fr/",
        "hours": "24 h/24, 7 j/7",
        "source_url": "https://arretonslesviolences.gouv.fr/",
    },
    {
        "country": "US",
        "name": "RAINN National Sexual Assault Hotline",
        "kind": "helpline",
        "description": "Confidential support from a trained staff member, connected to a local sexual assault service provider.",
        "phone": "800-656-4673",
        "url": "https://www.rainn.org/",
        "hours": "24/7",
        "source_url": "https://www.rainn.org/",
    },
    {
        "country": "US",
        "name": "RAINN online hotline (chat)",
        "kind": "chat",
        "description": "The National Sexual Assault Hotline as a confidential online chat.",
        "url": "https://hotline.rainn.org/online",
        "hours": "24/7",
        "source_url": "https://www.rainn.org/",
    },
    {
        "country": "US",
        "name": "National Domestic Violence Hotline",
        "kind": "helpline",
        "description": "Confidential support for anyone affected by relationship abuse.",
        "phone": "1-800-799-7233",
        "url": "https://www.thehotline.org/",
        "hours": "24/7",
        "source_url": "https://www.thehotline.org/",
    },
    {
        "country": "ES",
        "name": "016 Atención a víctimas de violencia contra las mujeres",
        "kind": "helpline",
        "description": "Información y asesoramiento jurídico gratuitos; la llamada no deja rastro en la factura.",
        "phone": "016",
        "url": "https://violenciagenero.igualdad.gob.es/",
        "hours": "24 horas, todos los días",
        "source_url": "https://violenciagenero.igualdad.gob.es/",
    },
    {
        "country": "IT",
        "name": "1522 Numero antiviolenza e stalking",
        "kind": "helpline",
        "description": "Numero gratuito di pubblica utilità contro la violenza e lo stalking.",
        "phone": "1522",
        "url": "https://www.1522.eu/",
        "hours": "24 ore su 24",
        "source_url": "https://www.1522.eu/",
    },
    {
        "country": "DE",
        "name": "Hilfetelefon Gewalt gegen Frauen",
        "kind": "helpline",
        "description": "Kostenlose, anonyme Beratung für Frauen, die Gewalt erleben oder erlebt haben, und ihr Umfeld.",
        "phone": "116 016",
        "url": "https://www.hilfetelefon.de/",
        "hours": "24 Stunden, an jedem Tag",
        "source_url": "https://www.hilfetelefon.de/",
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
