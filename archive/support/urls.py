"""Routes of the support page (namespace `archive`)."""

from django.urls import path

from archive.support import views

urlpatterns = [path("support/", views.support, name="support")]
