"""Log lines about requests name no private id: paths become route names, queries go.

Django logs every 4xx and 5xx with the request's path ("Not Found: /contribute/mine/…/"),
runserver logs each request line, and a CSRF failure names the path too. A contributor's
own pages, a claim or edit link and an account that is no longer public all carry a
public id in the path, and a query string can carry what someone searched for. This
filter, on those loggers (settings.LOGGING), rewrites the record before any handler sees
it: a path that matches a route with parameters becomes the route's name
(`<archive:contribute_status>`), an unmatched path under a private prefix becomes
`<private path>`, and every query string is dropped.
"""

from __future__ import annotations

import logging
import re

from django.urls import Resolver404, resolve

# Paths under these prefixes are private even when they match no route (a mistyped link
# still carries the id).
PRIVATE_PREFIXES = ("/contribute/", "/accounts/password-reset/", "/stories/", "/language/")
_REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<path>\S+) (?P<version>HTTP/[\d.]+)$")


def shown_path(path: str) -> str:
    """What a log line may say about `path`."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and (match.args or match.kwargs):
        return f"<{match.view_name}>"
    if match is None and path.startswith(PRIVATE_PREFIXES):
        return "<private path>"
    return path


def _scrubbed(value):
    if not isinstance(value, str):
        return value
    if value.startswith("/"):
        return shown_path(value)
    line = _REQUEST_LINE.match(value)
    if line:
        return f"{line['method']} {shown_path(line['path'])} {line['version']}"
    return value


class PrivatePathFilter(logging.Filter):
    """Rewrites the path arguments of django.request, django.server and CSRF records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_scrubbed(arg) for arg in record.args)
        elif isinstance(record.msg, str):
            record.msg = _scrubbed(record.msg)
        return True
