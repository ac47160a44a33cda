from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.privacy import views

app_name = "privacy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.datamap, name="datamap"),
]
