"""Pages of consent and marketing."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.consent import views

app_name = "consent"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.consent_list, name="consent-list"),
    path("record/", views.consent_record, name="consent-record"),
    path("people/<str:reference>/", views.person_detail, name="person-detail"),
    path("people/<str:reference>/grant/", views.consent_grant, name="consent-grant"),
    path("people/<str:reference>/basis/", views.basis_set, name="basis-set"),
    path("people/<str:reference>/opt-out/", views.opt_out, name="opt-out"),
    path("people/<str:reference>/suppress/", views.suppress, name="suppress"),
    path("consents/<str:reference>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("texts/", views.text_list, name="text-list"),
    path("texts/new/", views.text_create, name="text-create"),
    path("export/", views.marketing_export, name="marketing-export"),
]
