"""Routes of the public site (namespace `archive`): reading, searching, reporting."""

from django.urls import path

from archive.public import pages, reports, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("stories/", views.story_list, name="story_list"),
    path("stories/<str:public_id>/", views.story_detail, name="story_detail"),
    path("stories/<str:public_id>/report/", reports.report, name="report"),
    path("stories/<str:public_id>/report/sent/", reports.report_sent, name="report_sent"),
    path("statistics/", views.statistics, name="statistics"),
    path("leaving-quickly/", pages.leaving_quickly, name="leaving_quickly"),
]
