"""/api/v1/ routes (see config/api_router.py): a contributor's own submissions."""

from django.urls import path

from archive.contribute import api as submissions

urlpatterns = [
    path(
        "submissions/",
        submissions.SubmissionCreateView.as_view(),
        name="api-submission-create",
    ),
    path(
        "submissions/<slug:public_id>/",
        submissions.SubmissionDetailView.as_view(),
        name="api-submission-detail",
    ),
]
