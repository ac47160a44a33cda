"""Pages of the accounting register beyond the generic register screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.registers.sales import views

app_name = "sales"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/lines/", views.voucher_lines, name="voucher-lines"),
    path("<str:reference>/lines/add/", views.voucher_line_add, name="voucher-line-add"),
    path(
        "<str:reference>/lines/<int:pk>/remove/",
        views.voucher_line_remove,
        name="voucher-line-remove",
    ),
    path("<str:reference>/issue/", views.voucher_issue, name="voucher-issue"),
    path("<str:reference>/correct/", views.voucher_correct, name="voucher-correct"),
]
