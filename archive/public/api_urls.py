"""/api/v1/ routes (see config/api_router.py): the public, read-only API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from archive.public import api as public

router = SimpleRouter()
router.register("stories", public.PublicStoryViewSet, basename="api-public-story")

urlpatterns = [
    *router.urls,
    path("search/", public.SearchView.as_view(), name="api-public-search"),
    path("stats/", public.StatisticsView.as_view(), name="api-public-stats"),
]
