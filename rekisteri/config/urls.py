"""Root URLs: the staff app, accounts, and each register's own extra pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("rekisteri.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("datamap/", include("rekisteri.privacy.urls")),
    path("audit/", include("rekisteri.audit.urls")),
    path("retention/", include("rekisteri.retention.urls")),
    path("consent/", include("rekisteri.consent.urls")),
    path("disclosures/", include("rekisteri.disclosures.urls")),
    path("breaches/", include("rekisteri.breaches.urls")),
    path("notices/", include("rekisteri.notices.urls")),
    path("requests/", include("rekisteri.dsr.urls")),
    path("access/", include("rekisteri.access.urls")),
    path("erasure/", include("rekisteri.erasure.urls")),
    path("privacy/", include("rekisteri.intake.urls")),
    path("api/", include("rekisteri.api.urls")),
    path("imports/", include("rekisteri.imports.urls")),
    # Each register's own pages (beyond the generic screens) live under its label.
    *[
        path(f"{label}/", include(f"rekisteri.registers.{label}.urls"))
        for label in ("customers", "sales", "webshop", "service", "recruiting", "staff")
    ],
    path("", include("rekisteri.web.urls")),
]
