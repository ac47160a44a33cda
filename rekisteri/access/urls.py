"""Pages of access reports and portability bundles."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.access import views

app_name = "access"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.access_index, name="index"),
    path("people/<str:reference>/", views.person_letter, name="person-letter"),
    path("people/<str:reference>/letter.pdf", views.person_letter_pdf, name="person-letter-pdf"),
    path("people/<str:reference>/bundle.zip", views.person_bundle, name="person-bundle"),
    path("requests/<str:reference>/", views.request_letter, name="request-letter"),
    path(
        "requests/<str:reference>/letter.pdf",
        views.request_letter_pdf,
        name="request-letter-pdf",
    ),
    path("requests/<str:reference>/bundle.zip", views.request_bundle, name="request-bundle"),
]
