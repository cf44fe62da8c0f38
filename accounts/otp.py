"""Staff security: the admin site demands a TOTP code, and staff sessions are short.

- Every admin user signs in with e-mail, password and a code from an authenticator app
  (django-otp, TOTP). A staff account without a confirmed device cannot enter the admin;
  `manage.py create_staff` creates one with its device.
- After AXES_FAILURE_LIMIT failed passwords (counted by django-axes per account, never
  by address) the password step waits longer after each failure, but a right password
  with a right code always gets in (accounts/lockout.py); django-otp throttles wrong
  codes per device.
- An admin session ends ADMIN_SESSION_SECONDS after sign-in, however active it is.
"""

from __future__ import annotations

import time
from base64 import b32encode
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import password_delay, waiting_error

SESSION_STARTED_KEY = "chorus_admin_started"


class StaffLoginForm(OTPAdminAuthenticationForm):
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Please enter the 6-digit code from your authenticator app."),
        "invalid_token": _(
            "That code did not work. Codes change every 30 seconds: please try the current one."
        ),
        "device_required": _("Please choose the authenticator you are using."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = _("Code from your authenticator app")
        self.fields["otp_token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        )

    def clean(self):
        """Password and code as usual; while the account's password step is delayed
        (accounts/lockout.py), only both right at once get in, and every other answer
        is the same "please wait", so the delay tells a guesser nothing."""
        delayed = password_delay(self.data.get("username"))
        if not delayed:
            return super().clean()
        try:
            return super().clean()
        except forms.ValidationError as exc:
            raise waiting_error() from exc

    def _chosen_device(self, user):
        # With exactly one authenticator (the usual case) there is nothing to choose.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device


class StaffAdminSite(OTPAdminSite):
    site_header = _("Chorus moderation")
    site_title = _("Chorus moderation")
    index_title = _("Moderation")
    login_form = StaffLoginForm
    login_template = "admin/chorus_login.html"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().login(request, extra_context)
        if (
            request.method == "POST"
            and request.user.is_authenticated
            and response.status_code == 302
        ):
            session_start(request)
        return response

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and session_expired(request):
                logout(request)
                messages.info(request, _("Your moderation session ended. Please sign in again."))
            return inner(request, *args, **kwargs)

        return wrapper


def session_start(request: HttpRequest) -> None:
    request.session[SESSION_STARTED_KEY] = int(time.time())
    request.session.set_expiry(settings.ADMIN_SESSION_SECONDS)


def session_expired(request: HttpRequest) -> bool:
    """True once ADMIN_SESSION_SECONDS have passed since this admin session began."""
    started = request.session.get(SESSION_STARTED_KEY)
    if started is None:
        # Signed in elsewhere (or a test client): the admin session starts now.
        session_start(request)
        return False
    return time.time() - started > settings.ADMIN_SESSION_SECONDS


def totp_device_create(user, *, name: str = "authenticator") -> TOTPDevice:
    """A confirmed TOTP device for `user`; its `config_url` is the otpauth:// URI to scan."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def totp_secret(device: TOTPDevice) -> str:
    """The device's key in base32, as authenticator apps take it when typed in by hand."""
    return b32encode(device.bin_key).decode().rstrip("=")
