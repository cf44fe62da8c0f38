"""Routes included by archive/urls.py (namespace `archive`): the public reading surfaces."""

from django.urls import path

from archive import public_views

urlpatterns = [
    path("search/", public_views.search, name="search"),
    path("stories/", public_views.story_list, name="story_list"),
    path("stories/<str:public_id>/", public_views.story_detail, name="story_detail"),
    path("statistics/", public_views.statistics, name="statistics"),
]
