"""Pages of retention: the rules and what is due, changes of periods, running the purge."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.retention import views

app_name = "retention"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.rules, name="rules"),
    path("overrides/", views.overrides, name="overrides"),
    path("overrides/<int:pk>/end/", views.override_end, name="override-end"),
    path("run/", views.run_now, name="run"),
]
