"""Recruitment pages beyond the generic screens: CV download, CV upload, deletion.

Applications are fetched through the screen's visible queryset, so a guessed
reference gives 404; capabilities are checked by ``require`` (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.registers.recruiting.forms import CvUploadForm
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.recruiting.services import (
    CvUnavailable,
    RecruitingError,
    delete_application,
    download_cv,
    replace_cv,
)
from rekisteri.web.screens import get_screen


def _application_or_404(request: HttpRequest, reference: str) -> JobApplication:
    application = (
        get_screen("applications").visible(request.user).filter(reference=reference).first()
    )
    if not isinstance(application, JobApplication):
        raise Http404
    return application


@require(Capability.RECRUITING_VIEW)
def cv_download(request: HttpRequest, reference: str) -> HttpResponse:
    """Send the decrypted CV as an attachment that the browser never renders."""
    application = _application_or_404(request, reference)
    try:
        cv = download_cv(request.user, application)
    except CvUnavailable:
        raise Http404 from None
    response = HttpResponse(cv.data, content_type=cv.content_type)
    response["Content-Disposition"] = content_disposition_header(True, cv.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "no-store"
    return response


@require(Capability.RECRUITING_EDIT)
def cv_upload(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application_or_404(request, reference)
    form = CvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            replace_cv(request.user, application, form.cleaned_data["cv"])
        except RecruitingError as exc:
            form.add_error("cv", str(exc.message))
        else:
            messages.success(request, _("The new CV was saved."))
            return redirect("web:applications-detail", application.reference)
    return render(request, "recruiting/cv_upload.html", {"application": application, "form": form})


@require(Capability.RECRUITING_EDIT)
def application_delete(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application_or_404(request, reference)
    if request.method == "POST":
        delete_application(request.user, application)
        messages.success(request, _("The application and its CV were deleted."))
        return redirect("web:applications-list")
    return render(
        request, "recruiting/application_confirm_delete.html", {"application": application}
    )
