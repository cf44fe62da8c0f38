"""django-axes, configured to remember nothing about who is knocking.

Lockout is keyed on the account name alone (settings.AXES_LOCKOUT_PARAMETERS). These hooks
make sure no IP address or user agent is written to axes' tables either.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler


def no_client_address(request) -> None:
    """AXES_CLIENT_IP_CALLABLE: Chorus never records a client's address."""
    return None


def account_name(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the e-mail address, however the login form names it."""
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if name is None and request is not None:
        name = request.POST.get("username") or request.POST.get("email")
    return name.strip().lower() if name else None


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
