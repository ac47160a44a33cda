"""Service pages the generic screens cannot do: a job's credentials, adding one, closing a job."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.registers.service.forms import CloseJobForm, DeviceCredentialForm
from rekisteri.registers.service.models import ServiceJob
from rekisteri.registers.service.services import (
    ServiceError,
    add_device_credential,
    close_service_job,
)
from rekisteri.web.screens import get_screen


@dataclass(frozen=True)
class CredentialRow:
    """What the page may show of a credential: never its values, only whether they exist."""

    reference: str
    label: str
    has_username: bool
    has_secret: bool
    created_at: object
    purged_at: object


def _visible_job(request: HttpRequest, reference: str) -> ServiceJob:
    """Fetch the job through the screen's queryset, so a guessed reference is a 404."""
    job = get_screen("service-jobs").visible(request.user).filter(reference=reference).first()
    if not isinstance(job, ServiceJob):
        raise Http404
    return job


def _credentials_page(
    request: HttpRequest, job: ServiceJob, form: DeviceCredentialForm | None, status: int = 200
) -> HttpResponse:
    rows = [
        CredentialRow(
            reference=c.reference,
            label=c.label,
            has_username=bool(c.username),
            has_secret=bool(c.secret),
            created_at=c.created_at,
            purged_at=c.purged_at,
        )
        for c in job.credentials.order_by("id")
    ]
    can_add = not job.is_closed and has_capability(request.user, Capability.SERVICE_EDIT)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=job,
            target_ref=job.reference,
            person_ref=job.person.reference,
            fields=["credentials"],
        )
    return render(
        request,
        "service/job_credentials.html",
        {
            "job": job,
            "rows": rows,
            "form": form if form is not None else (DeviceCredentialForm() if can_add else None),
            "can_add": can_add,
            "can_reveal": has_capability(request.user, Capability.SERVICE_REVEAL),
        },
        status=status,
    )


@require(Capability.SERVICE_VIEW)
def job_credentials(request: HttpRequest, reference: str) -> HttpResponse:
    """List a job's credentials by label; values stay masked until a technician reveals one."""
    return _credentials_page(request, _visible_job(request, reference), None)


@sensitive_post_parameters("username", "secret")
@require(Capability.SERVICE_EDIT)
@require_POST
def add_credential(request: HttpRequest, reference: str) -> HttpResponse:
    job = _visible_job(request, reference)
    form = DeviceCredentialForm(request.POST)
    if form.is_valid():
        try:
            add_device_credential(
                request.user,
                job,
                label=form.cleaned_data["label"],
                username=form.cleaned_data["username"],
                secret=form.cleaned_data["secret"],
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The credential was stored encrypted."))
            return redirect("service:job-credentials", job.reference)
    return _credentials_page(request, job, form, status=400)


@require(Capability.SERVICE_EDIT)
def close_job(request: HttpRequest, reference: str) -> HttpResponse:
    """Close a job; its credentials are purged in the same transaction."""
    job = _visible_job(request, reference)
    if job.is_closed:
        messages.info(request, _("This job is already closed."))
        return redirect("web:service-jobs-detail", job.reference)
    pending = job.credentials.filter(purged_at__isnull=True).count()
    if request.method == "POST":
        form = CloseJobForm(request.POST)
        if form.is_valid():
            try:
                close_service_job(request.user, job, work_done=form.cleaned_data["work_done"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    ngettext(
                        "The job was closed and %(count)d credential was purged.",
                        "The job was closed and %(count)d credentials were purged.",
                        pending,
                    )
                    % {"count": pending},
                )
                return redirect("web:service-jobs-detail", job.reference)
    else:
        form = CloseJobForm(initial={"work_done": job.work_done})
    return render(
        request,
        "service/job_close.html",
        {"job": job, "form": form, "pending": pending},
        status=400 if form.errors else 200,
    )
