"""The database is down or restarting: answer 503 with Retry-After, never a 500.

One answer for every way a database error can reach the top of a request: raised by a
view or while rendering its template (DatabaseOutageMiddleware.process_exception), or by
a middleware such as the session's save (the 500 handler asks `outage_response` first,
archive/public/errors.py). The page and the JSON body need no database: no context
processor, no template tag that queries, nothing from the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from archive.transient import database_error_in

logger = logging.getLogger(__name__)

# Long enough for PostgreSQL to restart or fail over, short enough that a contributor
# who is told to try again does not wait for nothing.
RETRY_AFTER_SECONDS = 15


def outage_response(request: HttpRequest, error: BaseException | None) -> HttpResponse | None:
    """The 503 answer if `error` comes from the database being unavailable, else None."""
    cause = database_error_in(error)
    if cause is None:
        return None
    # The class only: a driver's message can quote SQL, and nothing of the request
    # (path, address, fields) belongs in the log.
    logger.warning("Database unavailable (%s); answered 503.", type(cause).__name__)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The archive is briefly unavailable. Please try again in a minute.")},
            status=503,
        )
    else:
        response = HttpResponse(_unavailable_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def error_page(template_name: str, fallback: str, **context: object) -> str:
    """An error page built on templates/_error_page.html (500.html, 503.html), rendered
    without the request, its context processors or the database, any of which may be
    what failed: this context stands in for what the context processors give every other
    page (the quick exit's address, the language). `fallback` if even that fails."""
    try:
        return loader.render_to_string(
            template_name,
            {
                "quick_exit_url": settings.CHORUS["QUICK_EXIT_URL"],
                "LANGUAGE_CODE": translation.get_language(),
                **context,
            },
        )
    except Exception:  # the error page itself must never fail
        return fallback


def _unavailable_page() -> str:
    return error_page(
        "503.html",
        "<h1>Chorus is briefly unavailable (503)</h1>",
        retry_after=RETRY_AFTER_SECONDS,
    )


class DatabaseOutageMiddleware:
    """Turns a database error raised by a view or its template into the 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return outage_response(request, exception)
