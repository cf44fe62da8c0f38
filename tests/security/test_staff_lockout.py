"""A stranger's wrong passwords slow the password step down but never keep a moderator out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import otp
from accounts.lockout import password_delay
from tests.moderation.test_staff_security import PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db


def knock(user, times: int, password: str = "wrong password") -> None:  # noqa: S107
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(times):
        stranger.post(
            reverse("admin:login"),
            {"username": user.email, "password": password, "otp_token": "000000"},
        )


def test_twenty_wrong_passwords_from_a_stranger_do_not_keep_a_moderator_out(
    client, moderator, settings
):
    device = otp.totp_device_create(moderator)
    knock(moderator, 4 * settings.AXES_FAILURE_LIMIT)
    assert password_delay(moderator.email) > 0

    response = sign_in(client, moderator, current_code(device))

    assert response.status_code == 302
    assert client.get(reverse("admin:archive_story_changelist")).status_code == 200
    # A success clears the count.
    assert password_delay(moderator.email) == 0


def test_while_delayed_the_right_password_alone_looks_exactly_like_a_wrong_one(moderator, settings):
    otp.totp_device_create(moderator)
    knock(moderator, settings.AXES_FAILURE_LIMIT)

    wrong = sign_in(Client(), moderator, "123456", password="not it")
    right_without_code = sign_in(Client(), moderator, "123456")

    assert wrong.status_code == right_without_code.status_code == 200
    assert "Please wait" in wrong.text and "Please wait" in right_without_code.text
    assert "That code did not work" not in right_without_code.text


def test_the_delay_doubles_with_each_failure_past_the_limit_and_is_capped(moderator, settings):
    def delay_now() -> int:
        # Measured from the last failure, whatever time the sign-ins took here.
        AccessAttempt.objects.update(attempt_time=timezone.now())
        return password_delay(moderator.email)

    knock(moderator, settings.AXES_FAILURE_LIMIT)
    first = delay_now()
    knock(moderator, 1)
    second = delay_now()
    knock(moderator, 20)
    capped = delay_now()

    assert (first, second) == (settings.LOGIN_DELAY_SECONDS, 2 * settings.LOGIN_DELAY_SECONDS)
    assert capped == int(settings.AXES_COOLOFF_TIME.total_seconds())
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(hours=1)
    )
    assert password_delay(moderator.email) == 0


def test_below_the_limit_there_is_no_delay(moderator, settings):
    knock(moderator, settings.AXES_FAILURE_LIMIT - 1)

    assert password_delay(moderator.email) == 0


def test_a_contributor_waits_only_until_the_delay_has_passed(contributor, settings):
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(login, {"username": contributor.email, "password": "nope"})

    waiting = Client().post(login, {"username": contributor.email, "password": PASSWORD})
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(seconds=settings.LOGIN_DELAY_SECONDS + 1)
    )
    after = Client().post(login, {"username": contributor.email, "password": PASSWORD})

    assert waiting.status_code == 200 and "Please wait" in waiting.text
    assert after.status_code == 302
