"""Sign-ups whose mailed link is never opened are not kept (UNCONFIRMED_ACCOUNT_DAYS)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import User
from archive.models import ImportBatch, ModerationEvent
from tests.factories import make_story

pytestmark = pytest.mark.django_db

PASSWORD = "a long new passphrase"


def _sign_up(client, email: str) -> User:
    client.post(
        reverse("accounts:signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    return User.objects.get(email=email)


def _age(user: User, days: float) -> None:
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))


def test_an_old_unconfirmed_sign_up_goes_and_what_it_owns_with_it(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = _sign_up(client, "old@example.org")
    upload = ImportBatch.objects.create(kind=ImportBatch.Kind.CONTRIBUTOR, created_by=old)
    upload.file.save("export.zip", ContentFile(b"PK"), save=True)
    stored = tmp_path / upload.file.name
    assert stored.exists()
    _age(old, 8)

    assert services.unconfirmed_accounts_delete() == 1

    assert not User.objects.filter(email="old@example.org").exists()
    assert not ImportBatch.objects.filter(pk=upload.pk).exists()
    assert not stored.exists()
    assert services.unconfirmed_accounts_delete() == 0  # idempotent


def test_a_recent_sign_up_and_confirmed_accounts_stay(client, contributor):
    recent = _sign_up(client, "recent@example.org")
    _age(recent, 6)
    confirmed = _sign_up(client, "confirmed@example.org")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    client.get(link)
    _age(confirmed, 30)
    User.objects.filter(pk=contributor.pk).update(date_joined=timezone.now() - timedelta(days=90))

    assert services.unconfirmed_accounts_delete() == 0
    assert User.objects.filter(pk__in=[recent.pk, confirmed.pk, contributor.pk]).count() == 3


def test_deleted_switched_off_staff_and_linked_accounts_are_never_swept(client, contributor):
    # A deleted account is an inactive row kept for the audit chain.
    services.account_delete(user=contributor, keep_stories=True)
    # Staff switched off an account that had signed in.
    used = User.objects.create_user("used@example.org", PASSWORD, is_active=False)
    User.objects.filter(pk=used.pk).update(last_login=timezone.now() - timedelta(days=20))
    staff = User.objects.create_user("staff@example.org", PASSWORD, is_active=False, is_staff=True)
    with_story = _sign_up(client, "story@example.org")
    make_story(contributor=with_story)
    acted = _sign_up(client, "acted@example.org")
    story = make_story()
    ModerationEvent.objects.create(story=story, actor=acted, action=ModerationEvent.Action.NOTE)
    for user in (contributor, used, staff, with_story, acted):
        _age(user, 60)

    assert services.unconfirmed_accounts_delete() == 0
    assert User.objects.count() == 5


def test_asking_again_starts_the_wait_again(client):
    user = _sign_up(client, "again@example.org")
    _age(user, 8)
    _sign_up(client, "again@example.org")

    assert services.unconfirmed_accounts_delete() == 0
    user.refresh_from_db()
    assert timezone.now() - user.date_joined < timedelta(minutes=1)


def test_the_wait_is_a_setting(client, settings):
    settings.CHORUS = {**settings.CHORUS, "UNCONFIRMED_ACCOUNT_DAYS": 2}
    user = _sign_up(client, "soon@example.org")
    _age(user, 3)
    assert services.unconfirmed_accounts_delete() == 1


def test_the_sweep_logs_only_a_count(client, caplog):
    user = _sign_up(client, "private@example.org")
    _age(user, 8)
    with caplog.at_level(logging.INFO, logger="accounts.services"):
        services.unconfirmed_accounts_delete()
    logged = [r.getMessage() for r in caplog.records if r.name == "accounts.services"]
    assert logged == ["Deleted 1 accounts whose sign-up was never confirmed."]


def test_the_sweep_is_a_scheduled_task():
    from config.celery_app import app

    beat = {
        entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert beat["accounts.delete_unconfirmed"] <= 24 * 60 * 60
    app.loader.import_default_modules()
    assert "accounts.delete_unconfirmed" in app.tasks
    # The link must still be dead when its account goes.
    assert (
        django_settings.CHORUS["UNCONFIRMED_ACCOUNT_DAYS"] * 24 * 60 * 60
        > django_settings.PASSWORD_RESET_TIMEOUT
    )
