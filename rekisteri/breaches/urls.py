"""Pages of personal-data breaches."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.breaches import views

app_name = "breaches"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.breach_list, name="breach-list"),
    path("new/", views.breach_create, name="breach-create"),
    path("<str:reference>/", views.breach_detail, name="breach-detail"),
    path("<str:reference>/edit/", views.breach_edit, name="breach-edit"),
    path("<str:reference>/close/", views.breach_close, name="breach-close"),
    path("<str:reference>/reopen/", views.breach_reopen, name="breach-reopen"),
    path("<str:reference>/countdown/", views.breach_countdown, name="breach-countdown"),
    path(
        "<str:reference>/authority-notification/<str:language>/",
        views.authority_draft,
        name="authority-draft",
    ),
    path(
        "<str:reference>/authority-notification/<str:language>.txt",
        views.authority_draft_text,
        name="authority-draft-text",
    ),
    path(
        "<str:reference>/people-communication/<str:language>/",
        views.people_draft,
        name="people-draft",
    ),
    path(
        "<str:reference>/people-communication/<str:language>.txt",
        views.people_draft_text,
        name="people-draft-text",
    ),
]
