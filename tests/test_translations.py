"""The French translation: a complete catalogue, compiled, and used by every public page.

English and French are the site's first two languages (DESIGN.md). The .po file is the source
a translator edits; the compiled .mo is committed so neither bin/run nor bin/test needs gettext.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from accounts import roles
from archive import queue
from archive.models import ImportBatch, Status
from tests.contribute.helpers import submit_story
from tests.factories import UserFactory, make_story

LOCALE = Path(settings.BASE_DIR) / "locale"
PO_PATH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
MO_PATH = LOCALE / "fr" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sdr]")
# The directories that hold marked strings: the same set makemessages walks in the README.
SOURCE_DIRS = ("accounts", "archive", "config", "templates", "static")

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def _untranslated_or_fuzzy(po: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in _live_entries(po)
        if "fuzzy" in entry.flags or not entry.translated()
    ]


def _published(**fields):
    # The search index is written on commit; run those callbacks as a real request would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return make_story(status=Status.PUBLISHED, **fields)


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- The catalogue ---------------------------------------------------------------------------


def test_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(PO_PATH))

    assert len(_live_entries(po)) > 500
    assert _untranslated_or_fuzzy(po) == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_french_catalogue_keeps_every_placeholder_and_both_plural_forms():
    po = polib.pofile(str(PO_PATH))
    mismatched = []
    for entry in _live_entries(po):
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(0, ""), entry.msgstr_plural.get(1, "")]
            sources = [entry.msgid, entry.msgid_plural]
        else:
            forms, sources = [entry.msgstr], [entry.msgid]
        for source, form in zip(sources, forms, strict=True):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(form)):
                mismatched.append(entry.msgid)

    assert mismatched == []


def test_french_catalogue_leaves_hashtags_as_they_are():
    po = polib.pofile(str(PO_PATH))
    for entry in _live_entries(po):
        for hashtag in re.findall(r"#\w+", entry.msgid):
            assert hashtag in entry.msgstr, entry.msgid


def test_committed_mo_file_is_compiled_from_the_current_po_file():
    po = polib.pofile(str(PO_PATH))
    mo = polib.mofile(str(MO_PATH))
    # A msgid may be translated differently in another context (pgettext).
    compiled = {(entry.msgctxt, entry.msgid, entry.msgid_plural): entry for entry in mo}

    for entry in _live_entries(po):
        found = compiled.get((entry.msgctxt, entry.msgid, entry.msgid_plural))
        assert found is not None, f"not compiled: {entry.msgid!r}"
        if entry.msgid_plural:
            assert found.msgstr_plural == entry.msgstr_plural, entry.msgid
        else:
            assert found.msgstr == entry.msgstr, entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (apt install gettext)")
def test_every_marked_string_in_the_code_has_a_french_translation(tmp_path, monkeypatch, settings):
    # makemessages on a copy, so the committed catalogue is never rewritten by the test.
    base = Path(settings.BASE_DIR)
    for name in SOURCE_DIRS:
        shutil.copytree(
            base / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.css", "*.png", "*.svg"),
        )
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["fr"], verbosity=0)

    po = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert _untranslated_or_fuzzy(po) == [], "run makemessages and translate (README)"


# --- Pages in French -------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_speaks_french_to_a_french_browser(client):
    _published()

    html = _page(client.get(reverse("home"), **FRENCH))

    assert '<html lang="fr">' in html
    assert "Des voix, ensemble" in html
    assert "Sortie rapide" in html
    assert "Quitter ce site maintenant" in html
    assert "1 témoignage est publié." in html
    assert "Voices, together" not in html
    assert "Quick exit" not in html
    assert "account is published" not in html


@pytest.mark.django_db
def test_home_page_stays_english_for_an_english_browser(client):
    html = _page(client.get(reverse("home"), **ENGLISH))

    assert '<html lang="en">' in html
    assert "Voices, together" in html
    assert "Des voix, ensemble" not in html


@pytest.mark.django_db
def test_search_page_speaks_french_including_its_filters_and_counts(client):
    _published(content_notes=["harassment"])

    html = _page(client.get(reverse("archive:search") + "?q=manager", **FRENCH))

    assert "Mots à chercher" in html
    assert "Harcèlement sexuel" in html
    assert "1 témoignage trouvé" in html
    assert ">Rechercher</button>" in html  # the search form's one button
    assert "Words to look for" not in html
    assert "Sexual harassment" not in html
    assert "account found" not in html


@pytest.mark.django_db
def test_search_with_no_result_suggests_other_words_in_french_and_keeps_hashtags(client):
    html = _page(client.get(reverse("archive:search") + "?q=zzzqqq", **FRENCH))

    assert "Aucun témoignage ne correspond à ces mots." in html
    assert "#BalanceTonPorc" in html
    assert "No account matches" not in html


@pytest.mark.django_db
def test_contribute_start_page_explains_what_happens_next_in_french(client):
    html = _page(client.get(reverse("archive:contribute_start"), **FRENCH))

    assert "Ce qu’il advient de votre témoignage" in html
    assert "Commencer à écrire" in html
    assert "Nous n’enregistrons pas votre adresse IP" in html
    assert "What happens to your account" not in html
    assert "Start writing" not in html


@pytest.mark.django_db
def test_story_page_shows_its_content_notes_and_labels_in_french_but_not_the_words_of_the_account(
    client,
):
    story = _published(content_notes=["harassment"])

    html = _page(
        client.get(reverse("archive:story_detail", kwargs={"public_id": story.public_id}), **FRENCH)
    )

    assert "Avant de lire" in html
    assert "Ce témoignage évoque" in html
    assert "Harcèlement sexuel" in html
    assert "Signaler ce témoignage" in html
    assert "Before you read" not in html
    assert "Report this account" not in html
    # A survivor's own words are never translated.
    assert story.public_body in html


@pytest.mark.django_db
def test_unpublished_story_page_is_refused_in_french_too(client):
    story = make_story(status=Status.SUBMITTED)

    response = client.get(
        reverse("archive:story_detail", kwargs={"public_id": story.public_id}), **FRENCH
    )

    assert response.status_code == 404
    assert story.body not in response.content.decode()


@pytest.mark.django_db
def test_a_contributor_writing_in_french_is_told_what_happens_next_in_french(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    _story, code, response = submit_story(client)

    html = _page(response)
    assert "Merci. Votre témoignage a été envoyé." in html
    assert "Votre code d’accès" in html
    assert "Et maintenant" in html
    assert code in re.sub(r"<[^>]+>", "", html)  # shown in unbreakable groups
    assert "What happens next" not in html
    assert "Your claim code" not in html


@pytest.mark.django_db
def test_sign_in_page_speaks_french(client):
    html = _page(client.get(reverse("accounts:login"), **FRENCH))

    assert "Mot de passe oublié" in html
    assert "Utiliser plutôt un code d’accès" in html
    assert "Forgotten your password?" not in html
    assert "Use a claim code instead" not in html


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_french_message(client):
    UserFactory(role=roles.CONTRIBUTOR, email="sam@example.org")

    response = client.post(
        reverse("accounts:login"),
        {"username": "sam@example.org", "password": "not-the-password"},
        **FRENCH,
    )

    html = _page(response)
    assert not response.wsgi_request.user.is_authenticated
    assert "Saisissez un e-mail et un mot de passe valides" in html
    assert "Please enter a correct" not in html


@pytest.mark.django_db
def test_an_unreadable_export_is_refused_with_a_french_explanation(client, contributor):
    client.force_login(contributor)
    upload = SimpleUploadedFile("posts.bin", b"\x00\x01binary\x00data")

    reading = client.post(reverse("archive:import_upload"), {"file": upload}, **FRENCH)
    # A worker reads it, outside any French request: it still answers in French.
    queue.send(queue.READ_CONTRIBUTOR_UPLOAD, ImportBatch.objects.get().pk)
    response = client.get(reading["Location"], **FRENCH)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nous n’avons pas pu lire ce fichier" in html
    assert "Ce n’est pas un fichier texte que Chorus sait lire." in html
    assert "This is not a text file" not in html


@pytest.mark.django_db
def test_the_import_page_is_refused_to_a_visitor_in_french_too(client):
    response = client.get(reverse("archive:import_upload"), **FRENCH)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- Switching language with the footer form -------------------------------------------------


@pytest.mark.django_db
def test_footer_form_offers_english_and_french_and_gets_the_language_switch(client):
    html = _page(client.get(reverse("home")))

    assert f'action="{reverse("choose_language")}" method="get"' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    assert '<option value="fr" lang="fr">Français</option>' in html


@pytest.mark.django_db
def test_each_language_is_offered_in_its_own_words_on_a_french_page(client):
    html = _page(client.get(reverse("home"), headers={"accept-language": "fr"}))

    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="fr" lang="fr" selected>Français</option>' in html
    assert "Anglais" not in html


@pytest.mark.django_db
def test_placeholders_follow_the_story_language_not_the_publisher_language():
    from django.utils import translation

    from archive.vocabulary import Status
    from tests.factories import make_story

    with translation.override("en"):
        french = make_story(
            status=Status.PUBLISHED,
            language="fr",
            body="Mon chef Paul Martin.",
            redact_terms=["Paul Martin"],
        )
    with translation.override("fr"):
        english = make_story(
            status=Status.PUBLISHED,
            language="en",
            body="My boss Paul Martin.",
            redact_terms=["Paul Martin"],
        )

    assert french.public_body == "Mon chef [supprimé]."
    assert english.public_body == "My boss [removed]."


@pytest.mark.django_db
def test_choosing_french_in_the_footer_keeps_the_site_french(client):
    response = client.get(reverse("choose_language"), {"language": "fr"}, **ENGLISH)

    assert response.status_code == 302
    # The choice outranks the browser's own language on every later page.
    html = _page(client.get(reverse("archive:search"), **ENGLISH))
    assert '<html lang="fr">' in html
    assert '<option value="fr" lang="fr" selected>Français</option>' in html
    assert "Mots à chercher" in html

    client.get(reverse("choose_language"), {"language": "en"}, **ENGLISH)
    assert "Words to look for" in _page(client.get(reverse("archive:search"), **FRENCH))


@pytest.mark.django_db
def test_language_switch_refuses_an_unknown_language_and_a_post_request(client):
    client.get(reverse("choose_language"), {"language": "de"})
    assert '<html lang="en">' in _page(client.get(reverse("home")))

    response = client.post(reverse("choose_language"), {"language": "fr"})
    assert response.status_code == 405
    assert '<html lang="en">' in _page(client.get(reverse("home")))


@pytest.mark.django_db
def test_language_switch_refuses_to_send_the_visitor_to_another_site(client):
    response = client.get(
        reverse("choose_language"), {"language": "fr", "next": "https://elsewhere.example/"}
    )

    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]
