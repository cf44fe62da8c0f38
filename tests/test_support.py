"""The "Get support" page: by country, chosen by the visitor only, without JavaScript."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from archive.support.models import SupportService

SEEDING = importlib.import_module("archive.migrations.0006_seed_support_services")
CHECKING = importlib.import_module("archive.migrations.0009_support_services_checked")


@pytest.fixture(autouse=True)
def _seeded_services(db):
    """The services the migration seeds: a transactional test run earlier in the same
    process empties every table, migration data included. Seeding twice adds nothing."""
    SEEDING.seed(apps, None)


def test_the_seeded_services_each_cite_their_source_and_checked_date(db):
    services = list(SupportService.objects.all())
    assert {s.country for s in services} >= {"GB", "FR", "US", "IT", "DE"}
    for service in services:
        assert service.source_url.startswith("https://")
        assert service.last_checked <= dt.datetime.now(tz=dt.UTC).date()
        assert service.phone or service.url
    numbers = {s.phone for s in services}
    assert {"0808 2000 247", "3919", "1.800.656.HOPE (4673)", "1522", "116 016"} <= numbers
    # Numbers no stored official page showed are not listed (docs/support.md).
    assert not {"0808 500 2222", "1-800-799-7233", "016"} & numbers


def _rows() -> list[tuple]:
    fields = [f.name for f in SupportService._meta.concrete_fields if f.name != "id"]
    return sorted(SupportService.objects.values_list(*fields))


def _seed_the_first_list() -> None:
    """What a database that ran the first 0006 holds."""
    for entry in CHECKING.FIRST_SEED:
        SupportService.objects.create(**entry, last_checked=CHECKING.FIRST_CHECKED)


def test_a_fresh_database_and_an_upgraded_one_end_with_the_same_services(db):
    SupportService.objects.all().delete()
    SEEDING.seed(apps, None)
    CHECKING.apply_checks(apps, None)
    fresh = _rows()
    assert len(fresh) == len(SEEDING.SERVICES)

    SupportService.objects.all().delete()
    _seed_the_first_list()
    CHECKING.apply_checks(apps, None)
    assert _rows() == fresh
    CHECKING.apply_checks(apps, None)  # running it again changes nothing
    assert _rows() == fresh


def test_the_check_leaves_rows_staff_have_edited_alone(db):
    SupportService.objects.all().delete()
    _seed_the_first_list()
    # Staff fixed the hours of a removed service and unlisted a corrected one.
    SupportService.objects.filter(name="National Domestic Violence Hotline").update(
        hours="Any time"
    )
    SupportService.objects.filter(name="1522 Numero antiviolenza e stalking").update(listed=False)
    CHECKING.apply_checks(apps, None)

    kept = SupportService.objects.get(name="National Domestic Violence Hotline")
    assert kept.hours == "Any time" and kept.phone == "1-800-799-7233"
    unlisted = SupportService.objects.get(name="1522 Numero antiviolenza e stalking")
    assert unlisted.source_url == "https://www.1522.eu/" and not unlisted.listed
    # Untouched rows were corrected or removed.
    assert not SupportService.objects.filter(phone__in=["0808 500 2222", "016"]).exists()
    assert SupportService.objects.get(phone="3919").url == (
        "https://solidaritefemmes.org/appeler-le-3919/"
    )
    assert not SupportService.objects.filter(name="RAINN online hotline (chat)").exists()


def test_the_page_lists_every_country_until_the_visitor_chooses(db, client):
    response = client.get(
        "/support/", HTTP_ACCEPT_LANGUAGE="fr", REMOTE_ADDR="90.0.0.1", HTTP_CF_IPCOUNTRY="FR"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert " selected>" not in html.split('id="support-country"')[1].split("</select>")[0]
    assert "3919" in html and "116 016" in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_choosing_a_country_shows_its_services_with_source_and_date(db, client):
    html = client.get("/support/?country=fr").content.decode()
    assert '<option value="FR" selected>' in html
    assert 'href="tel:3919"' in html
    assert "116 016" not in html
    assert "Last checked on" in html
    assert 'href="https://solidaritefemmes.org/appeler-le-3919/"' in html


def test_a_lettered_number_still_dials(db, client):
    html = client.get("/support/?country=US").content.decode()
    assert 'href="tel:18006564673"' in html


def test_an_unknown_country_says_so_and_lists_every_service(db, client):
    html = client.get("/support/?country=%3Cscript%3E").content.decode()
    assert "We have no services listed for that country yet" in html
    assert "<script>" not in html
    assert "3919" in html


def test_an_unlisted_service_is_not_shown(db, client):
    SupportService.objects.filter(phone="1522").update(listed=False)
    assert "1522" not in client.get("/support/?country=IT").content.decode()


@pytest.mark.parametrize("url", ["/", "/statistics/", "/stories/", "/search/", "/contribute/"])
def test_every_page_links_to_support_in_its_footer(db, client, url):
    html = client.get(url).content.decode()
    assert 'href="/support/"' in html.split('<footer class="site-footer">')[1]


def test_the_page_is_translated(db, client):
    html = client.get("/support/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in html


def test_the_support_page_accepts_only_safe_methods(db, client):
    assert client.post("/support/").status_code == 405


def test_senior_moderators_keep_the_support_list_and_moderators_only_read_it(db):
    from django.contrib.auth.models import Group

    from accounts.roles import MODERATOR, SENIOR_MODERATOR, ensure_roles

    ensure_roles()
    senior = set(
        Group.objects.get(name=SENIOR_MODERATOR).permissions.values_list("codename", flat=True)
    )
    moderator = set(
        Group.objects.get(name=MODERATOR).permissions.values_list("codename", flat=True)
    )
    assert {"add_supportservice", "change_supportservice"} <= senior
    assert "view_supportservice" in moderator and "change_supportservice" not in moderator


def test_the_support_link_keeps_a_country_and_its_colon_is_part_of_the_sentence(db):
    from django.template.loader import render_to_string

    plain = render_to_string("support/_support_link.html", {})
    assert '<a href="/support/">Get support</a>: helplines, chat' in plain
    chosen = render_to_string("support/_support_link.html", {"country": "F&R"})
    assert '<a href="/support/?country=F%26R">Get support</a>:' in chosen


def test_in_french_the_kind_of_service_takes_a_space_before_its_colon(client):
    """French puts a non-breaking space before a colon: "Ligne d’écoute : …", as the page's
    other labels ("Horaires : …") already did."""
    html = client.get("/support/?country=GB", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ligne d’écoute\u00a0: " in html
    assert "Ligne d’écoute: " not in html
    english = client.get("/support/?country=GB").content.decode()
    assert "Helpline: " in english
