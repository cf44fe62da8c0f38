from __future__ import annotations

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.otp import totp_device_create


def sign_in_with_otp(client, user):
    """Sign `user` in the way the admin login does: password and a verified TOTP device."""
    device = user.totpdevice_set.first() or totp_device_create(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def admin_url():
    return "/" + settings.ADMIN_URL


@pytest.fixture
def staff_client(client):
    """Call with a user: returns the test client signed in to the admin as them."""

    def sign_in(user):
        sign_in_with_otp(client, user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Personas are created per test; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
