"""Pages of the service register beyond the generic register screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.registers.service import views

app_name = "service"

urlpatterns: list[URLPattern | URLResolver] = [
    path("jobs/<str:reference>/credentials/", views.job_credentials, name="job-credentials"),
    path(
        "jobs/<str:reference>/credentials/add/",
        views.add_credential,
        name="job-credential-add",
    ),
    path("jobs/<str:reference>/close/", views.close_job, name="job-close"),
]
