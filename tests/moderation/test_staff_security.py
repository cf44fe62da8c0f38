"""Staff security: TOTP sign-in, lockout, short sessions, a configurable admin URL, and
the create_staff command."""

from __future__ import annotations

import importlib
import io
import re
import time

import pytest
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp, roles
from accounts.models import User
from tests.factories import UserFactory
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def sign_in(client, user, code: str, password: str = PASSWORD):
    return client.post(
        reverse("admin:login"),
        {
            "username": user.email,
            "password": password,
            "otp_token": code,
            "next": reverse("admin:index"),
        },
    )


def test_a_moderator_signs_in_with_password_and_the_current_totp_code(client, moderator):
    device = otp.totp_device_create(moderator)

    response = sign_in(client, moderator, current_code(device))

    assert response.status_code == 302
    assert client.get(reverse("admin:archive_story_changelist")).status_code == 200


def test_a_wrong_or_missing_code_is_refused_even_with_the_right_password(client, moderator):
    otp.totp_device_create(moderator)

    wrong = sign_in(client, moderator, "12345")
    missing = sign_in(client, moderator, "")

    assert wrong.status_code == 200 and "That code did not work" in wrong.text
    assert missing.status_code == 200 and "6-digit code" in missing.text
    assert client.get(reverse("admin:archive_story_changelist")).status_code == 302


def test_staff_without_an_authenticator_cannot_sign_in(client, moderator):
    response = sign_in(client, moderator, "123456")

    assert response.status_code == 200
    assert client.get(reverse("admin:archive_story_changelist")).status_code == 302


def test_repeated_wrong_passwords_lock_the_account_by_name_not_by_address(
    client, moderator, settings
):
    from axes.models import AccessAttempt

    from accounts.lockout import lockout_key

    device = otp.totp_device_create(moderator)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": moderator.email, "password": "wrong password", "otp_token": "1"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_USER_AGENT="Knocker/2.0",
        )

    attempt = AccessAttempt.objects.get()
    # A keyed hash of the address, never the address (accounts/lockout.py).
    assert attempt.username == lockout_key(moderator.email) != moderator.email
    assert (attempt.ip_address, attempt.user_agent) == (None, "")
    assert "wrong password" not in attempt.post_data
    assert moderator.email not in attempt.post_data + attempt.get_data
    # The password step now waits, but the right password with the right code gets in
    # (tests/security/test_staff_lockout.py).
    wrong = sign_in(client, moderator, current_code(device), password="another guess")
    assert wrong.status_code == 200 and "Please wait" in wrong.text
    assert sign_in(client, moderator, current_code(device)).status_code == 302


def test_an_admin_session_ends_after_admin_session_seconds(client, moderator, settings):
    sign_in_with_otp(client, moderator)
    url = reverse("admin:archive_story_changelist")
    assert client.get(url).status_code == 200

    session = client.session
    session[otp.SESSION_STARTED_KEY] = int(time.time()) - settings.ADMIN_SESSION_SECONDS - 1
    session.save()
    response = client.get(url)

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_signing_in_sets_a_short_session_expiry(client, moderator, settings):
    device = otp.totp_device_create(moderator)
    sign_in(client, moderator, current_code(device))
    assert client.session.get_expiry_age() <= settings.ADMIN_SESSION_SECONDS


def test_the_admin_url_comes_from_settings(client, settings, moderator):
    import config.urls

    settings.ADMIN_URL = "moderation-desk-7f3a/"
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        assert reverse("admin:index") == "/moderation-desk-7f3a/"
        sign_in_with_otp(client, moderator)
        assert client.get("/moderation-desk-7f3a/").status_code == 200
        assert client.get("/admin/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(config.urls)
        clear_url_caches()


def test_create_staff_makes_a_senior_moderator_with_a_working_authenticator(client):
    out = io.StringIO()
    call_command("create_staff", "ines@example.org", "--role", "senior", stdout=out)
    text = out.getvalue()

    user = User.objects.get(email="ines@example.org")
    assert user.is_staff and user.has_role(roles.SENIOR_MODERATOR) and not user.is_superuser
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert f"otpauth URI: {device.config_url}" in text
    password = re.search(r"Password:\s+(\S+)", text).group(1)
    assert sign_in(client, user, current_code(device), password=password).status_code == 302
    assert client.get(reverse("admin:archive_story_changelist")).status_code == 200


def test_create_staff_refuses_an_address_already_in_use():
    UserFactory(email="taken@example.org")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_staff", "taken@example.org", stdout=io.StringIO())


def test_create_staff_reads_a_password_from_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    out = io.StringIO()

    call_command("create_staff", "mo@example.org", "--password-stdin", stdout=out)

    user = User.objects.get(email="mo@example.org")
    assert user.check_password("a long enough passphrase")
    assert "Password:" not in out.getvalue() and user.has_role(roles.MODERATOR)
