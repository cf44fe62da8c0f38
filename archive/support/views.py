"""The "Get support" page: services by country, the country chosen by the visitor.

The country comes only from the visitor's own choice (a GET parameter, so the page works
without JavaScript and can be bookmarked); it is never guessed from their address or
their language, and it is not stored.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from archive.support.models import SupportService
from archive.vocabulary import country_choices


def _chosen_country(request: HttpRequest, available: set[str]) -> str:
    code = request.GET.get("country", "").strip().upper()
    return code if code in available else ""


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    services = list(SupportService.objects.filter(listed=True))
    names = dict(country_choices())
    available = {s.country for s in services}
    chosen = _chosen_country(request, available)
    shown = [s for s in services if s.country == chosen] if chosen else services
    groups: dict[str, list[SupportService]] = {}
    for service in shown:
        groups.setdefault(service.country, []).append(service)
    return render(
        request,
        "support/support.html",
        {
            "chosen": chosen,
            "asked": request.GET.get("country", ""),
            "countries": sorted(((c, names.get(c, c)) for c in available), key=lambda p: p[1]),
            "groups": sorted(
                ((names.get(c, c), items) for c, items in groups.items()), key=lambda g: g[0]
            ),
        },
    )
