"""Failed sign-ins: counted by django-axes per account, answered with a growing delay.

django-axes records failed passwords per account name (settings.AXES_LOCKOUT_PARAMETERS),
stored as a keyed hash: an address typed into a failed sign-in (a contributor's, or a
stranger's) is never kept in clear. These hooks make sure no IP address or user agent is
written to its tables either, for contributors and staff alike (docs/privacy.md). Axes
itself never locks (AXES_LOCK_OUT_AT_FAILURE = False): a hard lock keyed on the account
lets any stranger who knows a moderator's address keep them out. Instead, past
AXES_FAILURE_LIMIT failures the *password step* of that account waits LOGIN_DELAY_SECONDS
after the last failure, doubling with each further failure, up to AXES_COOLOFF_TIME
(`password_delay`):

- on the staff sign-in, a right password together with a right TOTP code still gets in
  during the delay; anything else gets the same "please wait" answer, so the delay tells
  a guesser nothing about the password (accounts/otp.StaffLoginForm);
- on the contributor sign-in (no second factor), nothing is checked during the delay,
  which only ever lasts until AXES_COOLOFF_TIME after the last failure.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WAIT_MESSAGE = _(
    "Too many attempts to sign in to this account. Please wait a few minutes and try again."
)


def password_delay(name: str | None) -> int:
    """Seconds left before the password step of account `name` is open again (0: open)."""
    name = account_name(None, {"username": name}) if name else None
    if not name:
        return 0
    attempt = (
        AccessAttempt.objects.filter(username=name)
        .order_by("-attempt_time")
        .only("failures_since_start", "attempt_time")
        .first()
    )
    if attempt is None or attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return 0
    over = attempt.failures_since_start - settings.AXES_FAILURE_LIMIT
    cap = settings.AXES_COOLOFF_TIME.total_seconds()
    delay = timedelta(seconds=min(settings.LOGIN_DELAY_SECONDS * 2 ** min(over, 30), cap))
    remaining = (attempt.attempt_time + delay - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


def waiting_error() -> forms.ValidationError:
    return forms.ValidationError(WAIT_MESSAGE, code="wait")


def no_client_address(request) -> None:
    """AXES_CLIENT_IP_CALLABLE: Chorus never records a client's address."""
    return None


def account_name(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: a keyed hash of the e-mail address, however the form names it.

    The same address always gives the same hash (so lockout and reset on success work),
    and the hash cannot be turned back into the address without the secret key.
    """
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if name is None and request is not None:
        name = request.POST.get("username") or request.POST.get("email")
    return lockout_key(name) if name else None


def lockout_key(address: str) -> str:
    """What axes stores for an address: HMAC-SHA256 of the normalised address."""
    normalised = address.strip().lower().encode()
    key = b"chorus-lockout:" + settings.SECRET_KEY.encode()
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()


class PrivateAxesHandler(AxesDatabaseHandler):
    """The database handler, minus the address and user agent it would store.

    The password and one-time code are masked by settings.AXES_SENSITIVE_PARAMETERS.
    """

    @staticmethod
    def _forget_client(request) -> None:
        if request is not None:
            request.axes_ip_address = None
            request.axes_user_agent = ""
            request.axes_http_accept = ""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        self._forget_client(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        self._forget_client(request)
        return super().user_logged_in(sender, request, user, **kwargs)
