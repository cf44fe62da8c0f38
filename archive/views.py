from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.models import Story


def home(request: HttpRequest) -> HttpResponse:
    public = Story.objects.public()
    return render(
        request,
        "archive/home.html",
        {
            "recent": public.order_by("-published_at")[:6],
            "published_count": public.count(),
        },
    )
