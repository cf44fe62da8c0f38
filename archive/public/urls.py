"""Routes of the public site (namespace `archive`): reading, searching, reporting."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from archive.public import chart_views, pages, reports, views
from archive.public.feeds import NewAccountsFeed
from archive.public.sitemaps import SITEMAPS

urlpatterns = [
    path("search/", views.search, name="search"),
    path("stories/", views.story_list, name="story_list"),
    path("stories/<str:public_id>/", views.story_detail, name="story_detail"),
    path("stories/<str:public_id>/report/", reports.report, name="report"),
    path("stories/<str:public_id>/report/sent/", reports.report_sent, name="report_sent"),
    path("statistics/", views.statistics, name="statistics"),
    path(
        "statistics/charts/<slug:slug>.<str:fmt>",
        chart_views.chart_download,
        name="chart_download",
    ),
    path("feeds/accounts.atom", NewAccountsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("leaving-quickly/", pages.leaving_quickly, name="leaving_quickly"),
]
