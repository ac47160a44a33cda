from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
]
