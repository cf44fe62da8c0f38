"""Routes included by archive/urls.py (namespace `archive`): visitors' reports.

The moderation workstation itself is the Django admin (archive/admin/).
"""

from django.urls import path

from archive import report_views

urlpatterns = [
    path("stories/<str:public_id>/report/", report_views.report, name="report"),
    path("stories/<str:public_id>/report/sent/", report_views.report_sent, name="report_sent"),
]
