"""The moderation admin in French: every column header and filter title of its lists.

Headers come from the models' field names unless a field has a translated verbose name;
"Status", "Language" and "Source" stayed English in the French queue.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive.models import ImportBatch, Report
from archive.vocabulary import ReportReason, Status
from tests.factories import UserFactory, make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
QUEUE = reverse("admin:archive_story_changelist")
LISTS = [
    QUEUE,
    reverse("admin:archive_moderationevent_changelist"),
    reverse("admin:archive_consentrecord_changelist"),
    reverse("admin:archive_report_changelist"),
    reverse("admin:archive_importbatch_changelist"),
]
# Headers spelt the same in both languages.
SAME_IN_FRENCH = {"", "Action", "Date", "Format", "Note", "ID", "Par action", "Par date"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _headers(page: str) -> list[str]:
    table = page[page.index('id="result_list"') :]
    return [_text(th) for th in re.findall(r"<th scope=\"col\".*?</th>", table, re.S)]


def _filter_titles(page: str) -> list[str]:
    return [
        _text(title) for title in re.findall(r"<summary>\s*((?:Par|By) .*?)</summary>", page, re.S)
    ]


@pytest.fixture
def lists_with_rows(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    story = make_story(status=Status.PUBLISHED)
    Report.objects.create(story=story, reason=ReportReason.IDENTIFIES, details="Names my boss")
    ImportBatch.objects.create(kind=ImportBatch.Kind.DATASET, format="csv")
    make_story()
    sign_in_with_otp(client, superuser)
    return client


@pytest.mark.parametrize("query", [{}, {"queue": "all", "o": "6"}])
def test_the_french_queue_names_its_columns_and_filters_in_french(lists_with_rows, query):
    page = lists_with_rows.get(QUEUE, query, **FRENCH).content.decode()

    headers = _headers(page)
    assert ["Statut", "Langue", "Origine"] == [
        h for h in headers if h in {"Statut", "Langue", "Origine"}
    ]
    assert not {"Status", "Language", "Source", "Waiting", "Account"} & set(headers)
    assert {"Par origine", "Par langue", "Par file"} <= set(_filter_titles(page))
    # The cards on a phone name each field in French too.
    assert 'data-label="Statut"' in page and 'data-label="Origine"' in page
    assert 'data-label="Status"' not in page and 'data-label="Source"' not in page


def test_the_english_queue_keeps_its_english_columns(lists_with_rows):
    page = lists_with_rows.get(QUEUE, **ENGLISH).content.decode()

    assert {"Status", "Language", "Source"} <= set(_headers(page))
    assert "By source" in _filter_titles(page)


@pytest.mark.parametrize("url", LISTS)
def test_no_column_or_filter_of_a_moderation_list_stays_english_in_french(lists_with_rows, url):
    english = lists_with_rows.get(url, **ENGLISH).content.decode()
    french = lists_with_rows.get(url, **FRENCH).content.decode()

    english_words = set(_headers(english)) | set(_filter_titles(english))
    french_words = _headers(french) + _filter_titles(french)
    assert len(_headers(french)) == len(_headers(english)) > 1
    assert [w for w in french_words if w in english_words and w not in SAME_IN_FRENCH] == []
    # Never "By by": a filter's title follows Django's "By".
    assert not any(re.match(r"(By by|Par par)\b", t, re.I) for t in french_words)


def test_the_french_admin_names_every_list_in_french(lists_with_rows):
    page = _text(lists_with_rows.get(reverse("admin:index"), **FRENCH).content.decode())

    for english in (
        "Moderation events",
        "Consent records",
        "Reports",
        "Service d’aides",
        "Jeu de données comptés",
    ):
        assert english not in page
    for french in (
        "Événements de modération",
        "Consentements enregistrés",
        "Signalements des visiteurs",
        "Services d’aide",
        "Jeux de données comptés",
        "Lots d’import",
        "Témoignages",
    ):
        assert french in page
