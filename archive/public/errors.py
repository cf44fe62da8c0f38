"""The server error page: rendered without the database or context processors."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse

from config.outage import error_page, outage_response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the quick exit. Rendered without context processors or the
    database, which may be what failed. A database outage (raised by a middleware, such
    as the session's save) is a 503 with Retry-After instead (config/outage.py)."""
    unavailable = outage_response(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    return HttpResponse(error_page("500.html", "<h1>Server error (500)</h1>"), status=500)
