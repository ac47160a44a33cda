"""Pages of erasure: plans, review and execution, the letter, and the legal holds."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.erasure import views

app_name = "erasure"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list, name="plan-list"),
    path("holds/", views.hold_list, name="hold-list"),
    path("holds/release/", views.hold_release, name="hold-release"),
    path("requests/<str:reference>/", views.plan_for_request, name="plan-for-request"),
    path("people/<str:reference>/", views.plan_for_person, name="plan-for-person"),
    path("<str:reference>/", views.plan_detail, name="plan-detail"),
    path("<str:reference>/review/", views.plan_review, name="plan-review"),
    path("<str:reference>/execute/", views.plan_execute, name="plan-execute"),
    path("<str:reference>/cancel/", views.plan_cancel, name="plan-cancel"),
    path("<str:reference>/replan/", views.plan_replan, name="plan-replan"),
    path("<str:reference>/letter/<str:language>/", views.plan_letter, name="plan-letter"),
]
