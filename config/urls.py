from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from archive.public import language, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("archive.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from our own static files, its start-up script a separate same-origin
    # request: the page works under our CSP (no inline code, no other host).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/docs.html"),
        name="api-docs",
    ),
    # A GET link target, so reading needs no CSRF cookie (archive/public/language.py).
    path("language/", language.choose_language, name="choose_language"),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler500 = "archive.public.errors.server_error"
