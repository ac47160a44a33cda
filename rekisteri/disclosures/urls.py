"""Pages of disclosures, recipients and processors (the recipient register itself is a
generic screen under ``/recipients/``, see ui.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.disclosures import views

app_name = "disclosures"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.disclosure_list, name="disclosure-list"),
    path("new/", views.disclosure_create, name="disclosure-create"),
    path("log/<str:reference>/", views.disclosure_detail, name="disclosure-detail"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/new/", views.notification_create, name="notification-create"),
    path(
        "notifications/<str:reference>/",
        views.notification_detail,
        name="notification-detail",
    ),
    path("processors/", views.processor_list, name="processor-list"),
    path("processors/new/", views.processor_create, name="processor-create"),
    path("processors/<str:reference>/", views.processor_detail, name="processor-detail"),
    path("processors/<str:reference>/edit/", views.processor_edit, name="processor-edit"),
]
