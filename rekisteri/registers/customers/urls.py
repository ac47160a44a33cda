"""Pages of the customer register beyond the generic register screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.registers.customers import views

app_name = "customers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/contacts/", views.customer_contacts, name="customer-contacts"),
    path("<str:reference>/contacts/<str:kind>/", views.contact_add, name="customer-contact-add"),
    path(
        "<str:reference>/contacts/<str:kind>/<int:pk>/remove/",
        views.contact_remove,
        name="customer-contact-remove",
    ),
]
