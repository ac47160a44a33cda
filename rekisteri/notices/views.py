"""Pages of the notices app.

The customers' privacy notice is public — anyone may read it without logging in
(GDPR Art. 12(1), 13) — in HTML and PDF, Finnish by default. The applicants'
and staff notices, their review pages, the record of processing activities
(Art. 30) and the retention schedule need ``notices.view``; the controller's
details need ``controller.edit``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.accounts.decorators import mfa_gate, require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.notices.checklist import CheckItem, check_notice
from rekisteri.notices.documents import Notice, build_notice
from rekisteri.notices.forms import ControllerSettingsForm
from rekisteri.notices.models import Audience
from rekisteri.notices.processing import ProcessingRecord, build_processing_record
from rekisteri.notices.processing import csv_rows as processing_csv_rows
from rekisteri.notices.queries import (
    get_controller_settings,
    list_notice_versions,
    notice_inputs,
    processors_without_location,
    unfinished_entries,
)
from rekisteri.notices.render import (
    csv_bytes,
    html_to_pdf,
    notice_context,
    notice_html,
    render_document,
)
from rekisteri.notices.render import notice_pdf as render_notice_pdf
from rekisteri.notices.schedule import RetentionSchedule, build_retention_schedule
from rekisteri.notices.schedule import csv_rows as schedule_csv_rows
from rekisteri.notices.services import (
    CONTROLLER_FIELDS,
    NoticeError,
    publish_notice,
    update_controller_settings,
)
from rekisteri.retention.queries import current_rules, financial_year_start

PUBLIC_AUDIENCES = frozenset({Audience.CUSTOMERS.value})
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def _language(request: HttpRequest, lang: str | None, default: str) -> str:
    """Return the document language: the URL's, else ``?lang=``, else ``default``."""
    chosen = lang or request.GET.get("lang") or default
    if chosen not in LANGUAGE_CODES:
        raise Http404
    return chosen


def _refuse(request: HttpRequest, audience: str) -> HttpResponse | None:
    """Return a refusal unless the notice is public or the user may read notices."""
    if audience in PUBLIC_AUDIENCES:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    gate = mfa_gate(request)
    if gate is not None:
        return gate
    if not has_capability(request.user, Capability.NOTICES_VIEW):
        raise PermissionDenied
    return None


def _today() -> dt.date:
    return timezone.localdate()


def current_notice(request: HttpRequest, audience: str, language: str) -> Notice:
    """Build the notice as it stands now and stamp it with its version and date."""
    notice = build_notice(Audience(audience), notice_inputs(), language)
    return publish_notice(request.user, notice, today=_today())


def _filename(stem: str, language: str, extension: str) -> str:
    return f"{stem}-{language}.{extension}"


def _download(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def notice_document(request: HttpRequest, audience: str, lang: str | None = None) -> HttpResponse:
    """Serve a notice as a standalone HTML page; the customers' notice needs no login."""
    refusal = _refuse(request, audience)
    if refusal is not None:
        return refusal
    language = _language(request, lang, settings.LANGUAGE_CODE)
    notice = current_notice(request, audience, language)
    with translation.override(language):
        links = [
            (name, reverse("notices:notice-lang", args=[audience, code]))
            for code, name in ((c, str(n)) for c, n in settings.LANGUAGES)
            if code != language
        ]
        links.append((_("PDF"), reverse("notices:notice-lang-pdf", args=[audience, language])))
    return HttpResponse(notice_html(notice, links=links))


def notice_pdf(request: HttpRequest, audience: str, lang: str | None = None) -> HttpResponse:
    """Serve a notice as a PDF document; the customers' notice needs no login."""
    refusal = _refuse(request, audience)
    if refusal is not None:
        return refusal
    language = _language(request, lang, settings.LANGUAGE_CODE)
    notice = current_notice(request, audience, language)
    filename = _filename(f"privacy-notice-{audience}", language, "pdf")
    return _download(render_notice_pdf(notice), "application/pdf", filename, inline=True)


@dataclass(frozen=True)
class NoticeRow:
    """One notice in one language on the index page."""

    notice: Notice
    checks: list[CheckItem]

    @property
    def passes(self) -> bool:
        return all(item.ok for item in self.checks)


@require(Capability.NOTICES_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """List every notice in every language with its version and checklist result."""
    inputs = notice_inputs()
    rows = []
    for audience in Audience:
        for language in LANGUAGE_CODES:
            notice = publish_notice(
                request.user, build_notice(audience, inputs, language), today=_today()
            )
            rows.append(NoticeRow(notice, check_notice(notice)))
    return render(
        request,
        "notices/index.html",
        {
            "rows": rows,
            "versions": list_notice_versions()[:60],
            "unfinished": unfinished_entries(),
            "without_location": processors_without_location(),
            "can_edit_controller": has_capability(request.user, Capability.CONTROLLER_EDIT),
            "languages": LANGUAGE_CODES,
        },
    )


@require(Capability.NOTICES_VIEW)
def notice_review(request: HttpRequest, audience: str, lang: str) -> HttpResponse:
    """Show one notice inside the staff app with its Art. 13/14 checklist."""
    notice = current_notice(request, audience, lang)
    return render(
        request,
        "notices/review.html",
        {
            **notice_context(notice),
            "checks": check_notice(notice),
            "versions": list_notice_versions(audience).filter(language=lang)[:20],
            "public": audience in PUBLIC_AUDIENCES,
        },
    )


def _staff_language(request: HttpRequest) -> str:
    """Staff documents follow ``?lang=``, else the language of the staff app."""
    return _language(request, None, translation.get_language() or settings.LANGUAGE_CODE)


def _processing_record(request: HttpRequest) -> tuple[str, ProcessingRecord]:
    language = _staff_language(request)
    return language, build_processing_record(notice_inputs(), language)


@require(Capability.NOTICES_VIEW)
def processing_page(request: HttpRequest) -> HttpResponse:
    """The record of processing activities (GDPR Art. 30(1)) as a staff page."""
    language, record = _processing_record(request)
    return render(request, "notices/processing.html", {"record": record, "doc_language": language})


@require(Capability.NOTICES_VIEW)
def processing_pdf(request: HttpRequest) -> HttpResponse:
    language, record = _processing_record(request)
    context = {"record": record}
    html = render_document("notices/processing_document.html", context, language=language, pdf=True)
    filename = _filename("record-of-processing", language, "pdf")
    return _download(html_to_pdf(html), "application/pdf", filename, inline=True)


@require(Capability.NOTICES_VIEW)
def processing_csv(request: HttpRequest) -> HttpResponse:
    language, record = _processing_record(request)
    filename = _filename("record-of-processing", language, "csv")
    return _download(
        csv_bytes(processing_csv_rows(record)), "text/csv; charset=utf-8", filename, inline=False
    )


def _schedule(request: HttpRequest) -> tuple[str, RetentionSchedule]:
    language = _staff_language(request)
    schedule = build_retention_schedule(
        current_rules(), today=_today(), fy_start=financial_year_start(), language=language
    )
    return language, schedule


@require(Capability.NOTICES_VIEW)
def schedule_page(request: HttpRequest) -> HttpResponse:
    """The retention schedule with the periods in force, as a staff page."""
    language, schedule = _schedule(request)
    return render(
        request, "notices/schedule.html", {"schedule": schedule, "doc_language": language}
    )


@require(Capability.NOTICES_VIEW)
def schedule_pdf(request: HttpRequest) -> HttpResponse:
    language, schedule = _schedule(request)
    context = {"schedule": schedule, "wide": True}
    html = render_document("notices/schedule_document.html", context, language=language, pdf=True)
    filename = _filename("retention-schedule", language, "pdf")
    return _download(html_to_pdf(html), "application/pdf", filename, inline=True)


@require(Capability.NOTICES_VIEW)
def schedule_csv(request: HttpRequest) -> HttpResponse:
    language, schedule = _schedule(request)
    filename = _filename("retention-schedule", language, "csv")
    return _download(
        csv_bytes(schedule_csv_rows(schedule)), "text/csv; charset=utf-8", filename, inline=False
    )


@require(Capability.CONTROLLER_EDIT)
def controller_edit(request: HttpRequest) -> HttpResponse:
    """Edit the controller's details; every notice and the record use them at once."""
    controller = get_controller_settings()
    if request.method == "POST":
        form = ControllerSettingsForm(request.POST, instance=get_controller_settings())
        if form.is_valid():
            try:
                update_controller_settings(
                    request.user,
                    controller,
                    changes={name: form.cleaned_data[name] for name in CONTROLLER_FIELDS},
                )
            except NoticeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The controller's details were saved."))
                return redirect("notices:controller")
    else:
        form = ControllerSettingsForm(instance=controller)
    return render(
        request,
        "notices/controller_form.html",
        {"form": form, "controller": controller},
        status=400 if form.errors else 200,
    )
