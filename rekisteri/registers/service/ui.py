"""Staff screens of the service register: service jobs and device credentials.

Credentials show only their label to anyone who may view service jobs; their
username and secret stay masked and are revealed one at a time, audited, to
technicians (``service.reveal_credential``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.registers.service.forms import ServiceJobForm
from rekisteri.registers.service.models import DeviceCredential, ServiceJob
from rekisteri.registers.service.services import (
    UPDATABLE_JOB_FIELDS,
    open_service_job,
    update_service_job,
)
from rekisteri.web.screens import Screen, register_screen

User = AbstractBaseUser | AnonymousUser


def save_job_form(user: User, form: ServiceJobForm) -> ServiceJob:
    """Open a job, or update an open one, through the register's services."""
    data = form.cleaned_data
    if form.instance.pk is None:
        job = open_service_job(
            user,
            person=data["person"],
            customer=data.get("customer"),
            kind=data["kind"],
            device=data["device"],
            serial_number=data.get("serial_number", ""),
            fault_description=data["fault_description"],
            notes=data.get("notes", ""),
            assigned_to=data.get("assigned_to"),
        )
        # Anything beyond a new job's intake (a status already moved on, work
        # already done) is recorded as an update of the job just opened.
        later = {
            name: data[name]
            for name in ("work_done", "status", "handed_over_at")
            if data.get(name) and data[name] != getattr(job, name)
        }
        return update_service_job(user, job, changes=later) if later else job
    # The form has already written the new values onto its instance; compare with
    # the stored job so the audit event names exactly what changed.
    job = ServiceJob.objects.get(pk=form.instance.pk)
    return update_service_job(
        user, job, changes={name: data[name] for name in UPDATABLE_JOB_FIELDS if name in data}
    )


register_screen(
    Screen(
        slug="service-jobs",
        model=ServiceJob,
        title=_("service jobs"),
        view_capability=Capability.SERVICE_VIEW,
        edit_capability=Capability.SERVICE_EDIT,
        form_class=ServiceJobForm,
        columns=["reference", "device", "status", "opened_at"],
        save=save_job_form,
        ordering=("-opened_at", "-id"),
        actions=[
            (_("Device credentials"), "service:job-credentials", Capability.SERVICE_VIEW),
            (_("Close job"), "service:job-close", Capability.SERVICE_EDIT),
        ],
    )
)

register_screen(
    Screen(
        slug="device-credentials",
        model=DeviceCredential,
        title=_("device credentials"),
        view_capability=Capability.SERVICE_VIEW,
        columns=["reference", "label", "created_at", "purged_at"],
        reveal={"secret": Capability.SERVICE_REVEAL, "username": Capability.SERVICE_REVEAL},
        list_in_menu=False,
        creatable=False,
        editable=False,
    )
)
