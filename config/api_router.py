"""Every /api/v1/ route, in one list. Each area adds its routes in its own module."""

from archive.api import urls_public, urls_submissions

urlpatterns = [*urls_submissions.urlpatterns, *urls_public.urlpatterns]
