from __future__ import annotations

from django.conf import settings


def chorus(request) -> dict:
    return {"quick_exit_url": settings.CHORUS["QUICK_EXIT_URL"]}
