"""Importing existing registers from CSV and JSON files (mounted at /imports/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.imports import views

app_name = "imports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.upload, name="upload"),
    path("<str:reference>/", views.preview, name="preview"),
    path("<str:reference>/commit/", views.commit, name="commit"),
    path("<str:reference>/cancel/", views.cancel, name="cancel"),
    path("<str:reference>/rejects.csv", views.rejects, name="rejects"),
]
