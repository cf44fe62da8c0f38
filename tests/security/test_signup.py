"""Sign-up never tells whether an address has an account, and is throttled."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.contribute.helpers import cache_keys

pytestmark = pytest.mark.django_db


def sign_up(client, email: str, password: str = "a long new passphrase"):  # noqa: S107
    return client.post(
        reverse("accounts:signup"), {"email": email, "password1": password, "password2": password}
    )


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(contributor):
    taken = sign_up(Client(), contributor.email.upper())
    free = sign_up(Client(), "nobody-yet@example.org")

    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"] == reverse("accounts:signup_sent")
    # Byte for byte, but for the per-visit CSRF token of the language form.
    pages = [Client().get(r["Location"]).content.decode() for r in (taken, free)]
    pages = [re.sub(r'value="[A-Za-z0-9]{64}"', "", p) for p in pages]
    assert pages[0] == pages[1]


def test_an_existing_account_is_mailed_that_someone_tried_and_nothing_changes(contributor):
    before = contributor.password

    sign_up(Client(), contributor.email, "another long passphrase")

    contributor.refresh_from_db()
    assert contributor.password == before and contributor.is_active
    assert User.objects.count() == 1
    [message] = mail.outbox
    assert message.to == [contributor.email]
    assert "already have one" in message.body
    assert reverse("accounts:password_reset") in message.body
    assert reverse("accounts:login") in message.body


def test_an_account_staff_switched_off_is_not_switched_back_on_by_signing_up(contributor):
    contributor.last_login = timezone.now()  # it was used: confirming signed it in
    contributor.is_active = False
    contributor.save(update_fields=["last_login", "is_active"])
    before = contributor.password

    sign_up(Client(), contributor.email, "another long passphrase")

    contributor.refresh_from_db()
    assert contributor.password == before and not contributor.is_active
    [message] = mail.outbox
    assert "/accounts/signup/confirm/" not in message.body
    assert "already have one" in message.body


def test_a_new_address_is_mailed_a_confirmation_link_and_cannot_sign_in_before_it(client):
    sign_up(client, "fresh@example.org", "a long new passphrase")

    [message] = mail.outbox
    assert message.to == ["fresh@example.org"]
    assert "/accounts/signup/confirm/" in message.body
    response = Client().post(
        reverse("accounts:login"),
        {"username": "fresh@example.org", "password": "a long new passphrase"},
    )
    assert response.status_code == 200  # the form again, not a redirect into the account


def test_signing_up_again_before_confirming_sends_a_new_link_and_the_old_one_stops(client):
    sign_up(client, "twice@example.org", "first long passphrase")
    sign_up(client, "twice@example.org", "second long passphrase")

    first, second = (m.body.split("\n\n")[1].strip() for m in mail.outbox)
    assert User.objects.filter(email="twice@example.org").count() == 1
    assert Client().get(first).status_code == 400
    assert Client().get(second).status_code == 302


def test_sign_ups_for_one_address_are_throttled_from_anywhere(settings, caplog):
    caplog.set_level(logging.DEBUG)
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"]
    statuses = [
        Client(REMOTE_ADDR=address)
        .post(
            reverse("accounts:signup"),
            {
                "email": "target@example.org",
                "password1": "a long passphrase",
                "password2": "a long passphrase",
            },
        )
        .status_code
        for address in addresses
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    # The address never appears in clear in a cache key or the log.
    keys = cache_keys()
    assert keys and not any("target@example.org" in str(k) for k in keys)
    assert "target@example.org" not in caplog.text


def test_sign_ups_from_one_client_are_throttled_whatever_the_address(settings):
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [sign_up(client, f"p{i}@example.org").status_code for i in range(12)]

    assert statuses.count(429) == 2
