"""Pages of privacy notices and records of processing.

The customers' notice is public (``/notices/customers/``, Finnish by default,
``/notices/customers/en/`` or ``?lang=en`` in English, ``.pdf`` for the PDF); the
other notices, the record of processing activities and the retention schedule
are staff pages.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, path, register_converter

from rekisteri.notices import views
from rekisteri.notices.models import Audience

app_name = "notices"


class AudienceConverter:
    regex = "|".join(Audience.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class LanguageConverter:
    regex = "|".join(code for code, _name in settings.LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(AudienceConverter, "audience")
register_converter(LanguageConverter, "lang")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("controller/", views.controller_edit, name="controller"),
    path("record/", views.processing_page, name="processing"),
    path("record.pdf", views.processing_pdf, name="processing-pdf"),
    path("record.csv", views.processing_csv, name="processing-csv"),
    path("retention/", views.schedule_page, name="schedule"),
    path("retention.pdf", views.schedule_pdf, name="schedule-pdf"),
    path("retention.csv", views.schedule_csv, name="schedule-csv"),
    path("<audience:audience>/", views.notice_document, name="notice"),
    path("<audience:audience>.pdf", views.notice_pdf, name="notice-pdf"),
    path("<audience:audience>/<lang:lang>/", views.notice_document, name="notice-lang"),
    path("<audience:audience>/<lang:lang>.pdf", views.notice_pdf, name="notice-lang-pdf"),
    path("<audience:audience>/<lang:lang>/review/", views.notice_review, name="review"),
]
