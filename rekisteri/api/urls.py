"""The REST API (/api/v1/) and its key-management pages (/api/keys/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from rekisteri.api import views
from rekisteri.api.api import api, guard_patterns

app_name = "api"

_api_patterns, _ninja_app, _namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/docs/assets/<str:name>", views.docs_asset, name="docs-asset"),
    path("v1/", include((guard_patterns(_api_patterns), _ninja_app), namespace=_namespace)),
    path("keys/", views.key_list, name="key-list"),
    path("keys/new/", views.key_create, name="key-create"),
    path("keys/<int:pk>/revoke/", views.key_revoke, name="key-revoke"),
]
