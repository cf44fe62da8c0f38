"""Bring the seeded support services to what their official pages confirmed.

Migration 0006 first seeded nine services from memory; each was then checked against a
stored copy of its official page (docs/support.md). A database that ran the first 0006
gets here the corrections, and loses the services no official page confirmed. Only rows
still exactly as first seeded are touched: a row staff have edited since (any field,
the checked date or the `listed` tick) is theirs and stays as it is. A fresh database,
seeded by the current 0006, has nothing to change, so both end with the same rows.
"""

import datetime
import importlib

from django.db import migrations

# What the first 0006 seeded, frozen here: the comparison that tells an untouched row.
FIRST_CHECKED = datetime.date(2026, 12, 1)
FIRST_SEED = [
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

# Every field 0006 sets, with the model's default for those an entry leaves out.
FIELDS = ("country", "kind", "description", "phone", "url", "hours", "source_url")


def _as_seeded(entry: dict) -> dict:
    return {
        **{field: entry.get(field, "") for field in FIELDS},
        "languages": "",
        "last_checked": FIRST_CHECKED,
        "listed": True,
    }


def _seed_module():
    """0006 as it is now: the list the official pages confirmed, and the day they did."""
    return importlib.import_module("archive.migrations.0006_seed_support_services")


def checked_services() -> list[dict]:
    return _seed_module().SERVICES


def apply_checks(apps, schema_editor):
    SupportService = apps.get_model("archive", "SupportService")
    checked = {entry["name"]: entry for entry in checked_services()}
    checked_on = _seed_module().CHECKED
    for first in FIRST_SEED:
        untouched = SupportService.objects.filter(name=first["name"], **_as_seeded(first))
        entry = checked.get(first["name"])
        if entry is None:
            untouched.delete()
        else:
            untouched.update(
                **{field: entry.get(field, "") for field in FIELDS}, last_checked=checked_on
            )
    # A service first listed after the first seed is added, as 0006 adds it to a fresh
    # database; a name already present (however edited) is left alone.
    first_names = {first["name"] for first in FIRST_SEED}
    for name, entry in checked.items():
        if name not in first_names:
            SupportService.objects.get_or_create(
                name=name, defaults={**entry, "last_checked": checked_on}
            )


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_redaction_kind_organisation")]
    operations = [migrations.RunPython(apply_checks, migrations.RunPython.noop)]
