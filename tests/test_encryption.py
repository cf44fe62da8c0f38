from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from archive import crypto
from archive.models import Story
from tests.factories import make_story

pytestmark = pytest.mark.django_db

SECRET = "My manager Jonathan Pryce-Whitfield at Greyhaven Logistics"


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM archive_story WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_original_text_is_not_in_the_database_in_plaintext():
    story = make_story(
        body=SECRET,
        title="About Greyhaven",
        redact_terms=["Jonathan"],
        consent={"publish": True, "contact": True},
        contact_address="reach-me@example.org",
    )

    for column in ("body", "title", "redact_terms", "contact_address"):
        raw = _raw(column, story.pk)
        assert raw, column
        assert "Greyhaven" not in raw and "Jonathan" not in raw and "reach-me" not in raw
    assert Story.objects.get(pk=story.pk).body == SECRET


def test_keys_rotate_the_first_encrypts_and_all_decrypt(settings):
    story = make_story(body=SECRET)
    old_token = _raw("body", story.pk)

    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    assert Story.objects.get(pk=story.pk).body == SECRET  # old key still decrypts

    from django.core.management import call_command

    call_command("rotate_encryption_keys")
    new_token = _raw("body", story.pk)
    assert new_token != old_token
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # old key retired
    assert Story.objects.get(pk=story.pk).body == SECRET


def test_a_missing_key_fails_loudly_rather_than_returning_garbage(settings):
    token = crypto.encrypt("hello")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="could not be decrypted"):
        crypto.decrypt(token)
