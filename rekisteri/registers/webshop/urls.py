"""Pages of the web-shop register beyond the generic register screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.registers.webshop import views

app_name = "webshop"

urlpatterns: list[URLPattern | URLResolver] = [
    path("orders/<str:reference>/lines/", views.order_lines, name="order-lines"),
]
