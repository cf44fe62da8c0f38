"""Nothing identifying in clear at rest, whatever state a story is in.

One archive holds stories in every status, a staff import and a contributor's import, a
visitor report and moderator notes, an erased story and a deleted sign-in account, all
carrying canary details (a name, an e-mail address, a phone number). Then every text
column of every table is read back, on SQLite also the database image byte for byte
(free pages included) and on PostgreSQL every table's rows as text: a canary must appear
nowhere. The one public story shows only words its contributor chose to keep, which are
not canaries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from accounts import roles
from accounts.services import account_delete
from archive.importers import service as imports
from archive.models import ImportBatch, ModerationEvent, Report, Story
from archive.moderation import selectors
from archive.moderation import services as moderation
from archive.stories import consents, services
from archive.vocabulary import Decision, Status
from tests.factories import ALL_SCOPES, UserFactory, make_story
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db(transaction=False)

NAME = "Quillon Throndike"
EMAIL = "quillon.throndike@canary.example"
PHONE = "07700 900461"
CANARIES = ("Quillon", "Throndike", "throndike", "quillon.throndike", "900461")
KEPT = "harbour"  # the one public story's kept detail: public, and no canary

TEXT = f"{NAME} cornered me. Write to {EMAIL} or call {PHONE}. #MeToo"


def _every_state(moderator, senior):
    stories = []
    for status in Status:
        story = make_story(
            status=status,
            title=f"About {NAME}",
            body=TEXT,
            display_name="pseudonym",
            pseudonym="Quillon",
            redact_terms=[NAME],
        )
        stories.append(story)
    published = next(s for s in stories if s.status == Status.PUBLISHED)
    moderation.note_add(story=published, actor=moderator, text=f"Called {NAME} at {PHONE}.")
    moderation.report_create(story=published, reason="identifies", details=f"This is {NAME}")
    in_review = next(s for s in stories if s.status == Status.IN_REVIEW)
    moderation.story_moderate(
        story=in_review,
        action="request_changes",
        actor=moderator,
        note=f"Please leave out {EMAIL}.",
        token=selectors.edit_token(in_review),
    )
    consents.consent_change(
        story=next(s for s in stories if s.status == Status.SUBMITTED),
        scopes={**ALL_SCOPES, "contact": True},
        contact_address=EMAIL,
    )
    erased = make_story(status=Status.PUBLISHED, body=TEXT, title=NAME)
    moderation.note_add(story=erased, actor=moderator, text=f"{NAME} again")
    services.story_erase(story=erased, actor_kind="contributor")
    return stories


def _kept_public_story():
    story = make_story(status=Status.IN_REVIEW, body=f"{TEXT} It was at the {KEPT}.")
    story.redactions.update(decision=Decision.ACCEPTED)
    with TestCase.captureOnCommitCallbacks(execute=True):
        from archive.stories import lifecycle

        lifecycle.transition(story, "publish")
    story.refresh_from_db()
    assert KEPT in story.public_body
    return story


def _imports(moderator, tmp_path: Path, client):
    path = tmp_path / f"{NAME}.js"
    path.write_bytes(tweets_js([tweet("901", f"#MeToo {TEXT}", mentions=("throndike",))]))
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET, created_by=moderator, original_filename=path.name
    )
    imports.import_file(path=path, batch=batch, how=imports.ImportSettings())

    # A person with a sign-in account brings back their own posts, then deletes the account.
    person = UserFactory(role=roles.CONTRIBUTOR, email="canary.person@canary.example")
    client.force_login(person)
    upload = tmp_path / "tweets.js"
    upload.write_bytes(tweets_js([tweet("902", f"Me too. {TEXT}")]))
    with upload.open("rb") as handle:
        response = client.post(reverse("archive:import_upload"), {"file": handle, "format": ""})
    assert response.status_code == 302
    other = tmp_path / "again.js"
    other.write_bytes(tweets_js([tweet("903", f"Me too, again. {TEXT}")]))
    with other.open("rb") as handle:
        response = client.post(reverse("archive:import_upload"), {"file": handle, "format": ""})
    choose = response["Location"]
    client.post(
        choose,
        {
            "posts": ["903"],
            "display_name": "pseudonym",
            "pseudonym": "Quillon",
            "redact_terms": f"{NAME} = my manager",
            "publish": "on",
            "contact": "on",
            "contact_address": EMAIL,
        },
    )
    client.logout()
    account_delete(user=person, keep_stories=False)


def _canaries_in(text: str) -> list[str]:
    return [c for c in CANARIES if c in text]


def _text_values() -> list[tuple[str, str, str]]:
    """(table, column, value) of every character column of every table, as stored."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if value is not None and not isinstance(value, int | float | bool):
                        found.append((table, column, str(value)))
    return found


def test_no_canary_is_stored_in_clear_anywhere(moderator, senior_moderator, tmp_path, client):
    _every_state(moderator, senior_moderator)
    public = _kept_public_story()
    _imports(moderator, tmp_path, client)
    assert Report.objects.exists() and ModerationEvent.objects.exclude(note="").exists()
    assert Story.objects.public().filter(pk=public.pk).exists()

    leaks = [(t, c) for t, c, v in _text_values() if _canaries_in(v)]
    assert leaks == []

    if connection.vendor == "sqlite":
        # The database image as it would be written to disk, free pages included.
        data = connection.connection.serialize()
        assert Story.objects.count() > 0 and b"archive_story" in data
        assert [c for c in CANARIES if c.encode() in data] == []
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")  # noqa: S608
                rows = "\n".join(r[0] for r in cursor.fetchall())
                assert _canaries_in(rows) == [], table
