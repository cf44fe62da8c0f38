"""The language switch: a GET form, so reading Chorus leaves no cookie behind.

Django's set_language takes a POST, and the form's CSRF token gave every visitor a
one-year `csrftoken` cookie just for reading a page. Choosing a language changes nothing
but the visitor's own display, so a GET is safe here: the `django_language` cookie is set
only when someone actually chooses, with the flags from settings (Secure over HTTPS,
HttpOnly, SameSite) and, by default, only for the browser session.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _back(request: HttpRequest) -> str:
    """Where to return: `next` if it is on this site, else the home page."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@never_cache
@require_safe
def choose_language(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(_back(request))
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
