from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.public_views import public_count, public_stories


def home(request: HttpRequest) -> HttpResponse:
    # public_stories() loads only public fields: the encrypted originals are never read.
    return render(
        request,
        "archive/home.html",
        {
            "recent": public_stories()[:6],
            "published_count": public_count(),
        },
    )
