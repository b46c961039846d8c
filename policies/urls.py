from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("<int:version_id>/<str:filename>", views.version_pdf_download, name="version_pdf"),
]
