"""Pages of data-subject requests (mounted at /requests/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.dsr import views

app_name = "dsr"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_intake, name="request-intake"),
    path("mine/", views.request_mine, name="request-mine"),
    path("restrictions/", views.restriction_list, name="restriction-list"),
    path(
        "restrictions/<str:reference>/notice/",
        views.restriction_notice,
        name="restriction-notice",
    ),
    path("restrictions/<str:reference>/lift/", views.restriction_lift, name="restriction-lift"),
    path("received/<str:reference>/", views.request_received, name="request-received"),
    path("<str:reference>/", views.request_detail, name="request-detail"),
    path("<str:reference>/assign/", views.request_assign, name="request-assign"),
    path("<str:reference>/identity/", views.request_identity, name="request-identity"),
    path("<str:reference>/discovery/", views.request_discovery, name="request-discovery"),
    path("<str:reference>/extend/", views.request_extend, name="request-extend"),
    path("<str:reference>/refuse/", views.request_refuse, name="request-refuse"),
    path("<str:reference>/answer/", views.request_answer, name="request-answer"),
    path("<str:reference>/withdraw/", views.request_withdraw, name="request-withdraw"),
    path("<str:reference>/rectify/", views.request_rectify, name="request-rectify"),
    path("<str:reference>/restrict/", views.request_restrict, name="request-restrict"),
    path("<str:reference>/objection/", views.request_objection, name="request-objection"),
    path(
        "<str:reference>/letters/<str:kind>/<str:language>/",
        views.letter_page,
        name="letter",
    ),
    path(
        "<str:reference>/letters/<str:kind>/<str:language>.txt",
        views.letter_text,
        name="letter-text",
    ),
    path(
        "<str:reference>/letters/<str:kind>/<str:language>.pdf",
        views.letter_pdf,
        name="letter-pdf",
    ),
]
