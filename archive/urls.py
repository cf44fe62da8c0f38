"""The public site's routes, namespaced `archive`; each area keeps its own list."""

from archive import urls_contribute, urls_import, urls_moderation, urls_public

app_name = "archive"
urlpatterns = [
    *urls_contribute.urlpatterns,
    *urls_public.urlpatterns,
    *urls_moderation.urlpatterns,
    *urls_import.urlpatterns,
]
