"""URLs of the staff app; each register screen gets ``/<slug>/`` pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.web import views
from rekisteri.web.screens import screens

app_name = "web"


def _screen_patterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for screen in screens():
        slug = screen.slug
        kwargs = {"slug": slug}
        patterns += [
            path(f"{slug}/", views.record_list, kwargs, name=f"{slug}-list"),
            path(f"{slug}/new/", views.record_create, kwargs, name=f"{slug}-create"),
            path(f"{slug}/<str:reference>/", views.record_detail, kwargs, name=f"{slug}-detail"),
            path(f"{slug}/<str:reference>/edit/", views.record_edit, kwargs, name=f"{slug}-edit"),
            path(
                f"{slug}/<str:reference>/reveal/<str:field_name>/",
                views.record_reveal,
                kwargs,
                name=f"{slug}-reveal",
            ),
        ]
    return patterns


urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("people/<str:reference>/", views.person_detail, name="person-detail"),
    *_screen_patterns(),
]
