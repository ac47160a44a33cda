from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.accounts import reset, views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("password/reset/", reset.StaffPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        reset.StaffPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        reset.StaffPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        reset.StaffPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
