"""Routes included by archive/urls.py (namespace `archive`)."""

urlpatterns: list = []
