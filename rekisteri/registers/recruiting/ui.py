"""Staff screens of the recruitment register (the generic list, detail, create and edit pages)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.audit.records import Actor
from rekisteri.registers.recruiting.forms import ApplicationForm
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.recruiting.services import (
    decide_application,
    receive_application,
    replace_cv,
    update_application,
)
from rekisteri.web.screens import Screen, register_screen


def save_application(user: Actor, form: ApplicationForm) -> JobApplication:
    """Save the application form through the services, in one transaction."""
    data = form.cleaned_data
    if form.instance._state.adding:
        return receive_application(
            user,
            person=data.get("person_reference"),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            kind=data["kind"],
            position=data["position"],
            email=data["email"],
            phone=data["phone"],
            cover_letter=data["cover_letter"],
            cv=data.get("cv"),
        )
    with transaction.atomic():
        # The form has already written the typed values onto form.instance; the
        # services compare against the stored row to audit what really changed.
        application = JobApplication.objects.select_for_update().get(pk=form.instance.pk)
        update_application(
            user,
            application,
            kind=data["kind"],
            position=data["position"],
            email=data["email"],
            phone=data["phone"],
            cover_letter=data["cover_letter"],
        )
        decide_application(
            user,
            application,
            status=data["status"],
            decided_on=data.get("decided_on"),
            notes=data["decision_notes"],
        )
        if data.get("cv") is not None:
            replace_cv(user, application, data["cv"])
    return application


def _applications(user: Any) -> models.QuerySet[JobApplication]:
    return JobApplication.objects.select_related("person")


applications_screen = register_screen(
    Screen(
        slug="applications",
        model=JobApplication,
        title=_("Job applications"),
        view_capability=Capability.RECRUITING_VIEW,
        edit_capability=Capability.RECRUITING_EDIT,
        form_class=ApplicationForm,
        columns=("reference", "person", "kind", "position", "status", "received_at"),
        queryset=_applications,
        save=save_application,
        detail_fields=(
            "reference",
            "person",
            "kind",
            "position",
            "email",
            "phone",
            "cover_letter",
            "cv_original_name",
            "cv_content_type",
            "cv_size",
            "status",
            "received_at",
            "decided_on",
            "decision_notes",
        ),
        actions=(
            (_("Download the CV"), "recruiting:cv-download", Capability.RECRUITING_VIEW),
            (_("Upload a new CV"), "recruiting:cv-upload", Capability.RECRUITING_EDIT),
            (
                _("Delete the application"),
                "recruiting:application-delete",
                Capability.RECRUITING_EDIT,
            ),
        ),
        ordering=("-received_at", "-id"),
    )
)
