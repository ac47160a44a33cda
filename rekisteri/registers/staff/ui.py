"""Staff screens of the personnel register: employees and the separate health store.

Health records have their own screen, capability (``health.view``) and
queryset, so they appear neither on the employee page nor on the person card
for anyone but the named health-data handlers. Their content is masked on the
generic pages and read only through ``staff:health-record-read``, which logs
``health.viewed``.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor
from rekisteri.registers.staff.forms import EmployeeForm, HealthRecordForm
from rekisteri.registers.staff.models import Employee, HealthRecord
from rekisteri.registers.staff.services import (
    hire_employee,
    record_health_document,
    update_employee,
)
from rekisteri.web.screens import Screen, mask_hetu, mask_iban, register_screen


def save_employee(user: Actor, form: EmployeeForm) -> Employee:
    """Save the employee form through the services."""
    data = form.employee_data()
    if form.instance._state.adding:
        return hire_employee(
            user,
            data,
            person=form.cleaned_data.get("person_reference"),
            first_name=form.cleaned_data.get("first_name", ""),
            last_name=form.cleaned_data.get("last_name", ""),
        )
    with transaction.atomic():
        # Compare with the stored row, not with form.instance (the form has already
        # written the typed values onto it).
        employee = Employee.objects.select_for_update().get(pk=form.instance.pk)
        return update_employee(user, employee, data)


def save_health_record(user: Actor, form: HealthRecordForm) -> HealthRecord:
    data = form.cleaned_data
    return record_health_document(
        user,
        data["employee"],
        kind=data["kind"],
        content=data.get("content") or "",
        period_starts_on=data.get("period_starts_on"),
        period_ends_on=data.get("period_ends_on"),
        received_on=data.get("received_on"),
    )


def _employees(user: Any) -> models.QuerySet[Employee]:
    return Employee.objects.select_related("person")


def _health_records(user: Any) -> models.QuerySet[HealthRecord]:
    return HealthRecord.objects.visible_to(user).select_related("employee__person")


employees_screen = register_screen(
    Screen(
        slug="employees",
        model=Employee,
        title=_("Employees"),
        view_capability=Capability.STAFF_VIEW,
        edit_capability=Capability.STAFF_EDIT,
        form_class=EmployeeForm,
        columns=("reference", "person", "job_title", "started_on", "ended_on"),
        queryset=_employees,
        save=save_employee,
        unmask={
            "personal_identity_code": Capability.STAFF_PAYROLL,
            "bank_account_iban": Capability.STAFF_PAYROLL,
        },
        maskers={"personal_identity_code": mask_hetu, "bank_account_iban": mask_iban},
        actions=((_("End the employment"), "staff:employee-end", Capability.STAFF_EDIT),),
        ordering=("-started_on", "-id"),
    )
)

health_records_screen = register_screen(
    Screen(
        slug="health-records",
        model=HealthRecord,
        title=_("Occupational-health records"),
        view_capability=Capability.HEALTH_VIEW,
        edit_capability=Capability.HEALTH_EDIT,
        form_class=HealthRecordForm,
        columns=("reference", "employee", "kind", "received_on"),
        queryset=_health_records,
        save=save_health_record,
        # Documents are received, not edited: a wrong one is deleted and recorded again.
        editable=False,
        # The content (special category, encrypted) stays masked here; it is shown
        # only on the audited read page.
        actions=(
            (_("Read the document"), "staff:health-record-read", Capability.HEALTH_VIEW),
            (_("Delete the document"), "staff:health-record-delete", Capability.HEALTH_EDIT),
        ),
        ordering=("-received_on", "-id"),
        view_event=EventType.HEALTH_RECORD_VIEWED,
    )
)
