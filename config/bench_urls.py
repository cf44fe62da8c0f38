"""The site's routes plus a trivial view, for bench/load only (settings.CHORUS_BENCH_URLS).

The trivial view runs the whole middleware stack and nothing else: the floor every other
endpoint is compared with.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *site_urlpatterns]
