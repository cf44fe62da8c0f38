from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.models import Story


def home(request: HttpRequest) -> HttpResponse:
    from archive.public_views import public_stories

    # public_stories() loads only public fields: the encrypted originals are never read.
    public = public_stories()
    return render(
        request,
        "archive/home.html",
        {
            "recent": public[:6],
            "published_count": Story.objects.public().count(),
        },
    )
