"""The evidence API, under /api/v1/evidence/ (``api:evidence:<name>``)."""

from django.urls import path

from evidence.api.views import (
    EvidenceDetailView,
    EvidenceListView,
    RevisionDownloadView,
    RevisionListView,
)

app_name = "evidence"

urlpatterns = [
    path("", EvidenceListView.as_view(), name="list"),
    path("<str:pk>/", EvidenceDetailView.as_view(), name="detail"),
    path("<str:pk>/revisions/", RevisionListView.as_view(), name="revisions"),
    path(
        "<str:pk>/revisions/<str:number>/download/",
        RevisionDownloadView.as_view(),
        name="download",
    ),
]
