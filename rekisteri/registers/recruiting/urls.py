"""Pages of the recruitment register beyond the generic register screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.registers.recruiting import views

app_name = "recruiting"

urlpatterns: list[URLPattern | URLResolver] = [
    path("applications/<str:reference>/cv/", views.cv_download, name="cv-download"),
    path("applications/<str:reference>/cv/upload/", views.cv_upload, name="cv-upload"),
    path(
        "applications/<str:reference>/delete/", views.application_delete, name="application-delete"
    ),
]
