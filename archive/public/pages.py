"""Plain information pages of the public site: text only, no data read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def leaving_quickly(request: HttpRequest) -> HttpResponse:
    """How to leave Chorus in a hurry and what a browser remembers of the visit."""
    return render(request, "archive/leaving_quickly.html")
