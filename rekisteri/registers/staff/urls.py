"""Pages of the personnel register beyond the generic register screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.registers.staff import views

app_name = "staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("employees/<str:reference>/end/", views.employee_end, name="employee-end"),
    path(
        "health-records/<str:reference>/read/", views.health_record_read, name="health-record-read"
    ),
    path(
        "health-records/<str:reference>/delete/",
        views.health_record_delete,
        name="health-record-delete",
    ),
]
