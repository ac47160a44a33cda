"""Public request form at /privacy/: a person asks to use their rights, confirms their e-mail.

No page here needs a login; none shows anything about anyone but what the
person typed themselves.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rekisteri.intake import views

app_name = "intake"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_form, name="form"),
    path("sent/", views.request_sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
