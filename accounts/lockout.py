"""django-axes, configured to remember nothing about who is knocking.

Lockout is keyed on the account name alone (settings.AXES_LOCKOUT_PARAMETERS), and the
name is stored as a keyed hash: an address typed into a failed sign-in (a contributor's,
or a stranger's) is never kept in clear. These hooks make sure no IP address or user agent
is written to axes' tables either, for contributors and staff alike (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import hmac

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings


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
