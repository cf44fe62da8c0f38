from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from accounts.models import User
from archive.models import Story
from archive.vocabulary import Status

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "x" * 60 + "production-like-secret-key-with-entropy-9f8e7d6c5b4a",
        "FIELD_ENCRYPTION_KEYS": "ZmRqa2ZqZGtmamRrZmpka2ZqZGtmamRrZmpka2ZqZGs=",
        "ALLOWED_HOSTS": "chorus.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Production sits behind a proxy (docs/security.md); 0 draws chorus.W001.
        "NUM_PROXIES": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_roles_exist_with_their_permissions():
    perms = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert set(perms) == {
        roles.CONTRIBUTOR,
        roles.MODERATOR,
        roles.SENIOR_MODERATOR,
        roles.RESEARCHER,
    }
    assert "publish_story" in perms[roles.SENIOR_MODERATOR]
    assert "publish_story" not in perms[roles.MODERATOR]
    assert "review_story" in perms[roles.MODERATOR]
    assert perms[roles.RESEARCHER] == {"research_access"}
    assert perms[roles.CONTRIBUTOR] == set()


@pytest.mark.django_db
def test_users_sign_in_with_their_email():
    user = User.objects.create_user("Someone@Example.org", "pw-long-enough-123")
    assert user.email == "someone@example.org"
    assert User.USERNAME_FIELD == "email"


@pytest.mark.django_db
def test_demo_data_covers_every_status_in_several_languages_and_loads_once():
    from archive.counts import demo

    call_command("load_demo")
    call_command("load_demo")
    statuses = set(Story.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert len(set(Story.objects.exclude(language="").values_list("language", flat=True))) >= 4
    # The twelve varied accounts, and the short ones that fill the charts (archive/counts/demo.py).
    assert Story.objects.filter(source_platform="demo").count() == 12
    assert Story.objects.count() == 12 + demo.ACCOUNTS
    assert Story.objects.public().count() >= 3


def test_detect_pii_runs_without_production_secrets_or_an_activated_virtualenv():
    env = {"PATH": os.environ["PATH"]}
    result = subprocess.run(
        [sys.executable, "manage.py", "detect_pii"],
        cwd=ROOT,
        env=env,
        input='{"text": "Write to me at someone@example.org"}\n',
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"kind": "email"' in result.stdout


@pytest.mark.django_db(transaction=True)
def test_the_demo_counts_the_did_you_mean_words_so_a_misspelt_search_is_corrected(client):
    """The embedded default has no Celery beat to run the sweep that counts them."""
    from archive.search.models import SearchWord

    call_command("load_demo")
    assert SearchWord.objects.filter(word="party").exists()
    page = client.get("/search/", {"q": "partey"}).content.decode()
    assert "Did you mean" in page and "?q=party" in page
