"""Routes included by archive/urls.py (namespace `archive`): a contributor's own import."""

from django.urls import path

from archive.importers import views

urlpatterns = [
    path("contribute/import/", views.upload, name="import_upload"),
    path("contribute/import/<int:pk>/", views.choose, name="import_choose"),
    path("contribute/import/<int:pk>/reading/", views.progress, name="import_progress"),
    path("contribute/import/<int:pk>/cancel/", views.cancel, name="import_cancel"),
    path("contribute/import/<int:pk>/done/", views.done, name="import_done"),
]
