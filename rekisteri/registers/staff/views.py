"""Personnel pages beyond the generic screens: ending an employment and the
audited read and deletion of health records.

Records are fetched through the screens' visible querysets (a guessed reference
gives 404); capabilities are checked by ``require`` (403) and again in the
health services.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.registers.staff.forms import EndEmploymentForm
from rekisteri.registers.staff.models import Employee, HealthRecord
from rekisteri.registers.staff.services import (
    StaffError,
    delete_health_record,
    end_employment,
    read_health_record,
)
from rekisteri.web.screens import get_screen


@require(Capability.STAFF_EDIT)
def employee_end(request: HttpRequest, reference: str) -> HttpResponse:
    employee = get_screen("employees").visible(request.user).filter(reference=reference).first()
    if not isinstance(employee, Employee):
        raise Http404
    form = EndEmploymentForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            end_employment(request.user, employee, ended_on=form.cleaned_data["ended_on"])
        except StaffError as exc:
            form.add_error("ended_on", exc.message)
        else:
            messages.success(request, _("The end of the employment was recorded."))
            return redirect("web:employees-detail", employee.reference)
    return render(request, "staff/employee_end.html", {"employee": employee, "form": form})


@require(Capability.HEALTH_VIEW)
def health_record_read(request: HttpRequest, reference: str) -> HttpResponse:
    """Show one health record with its content; the read is logged (health.viewed)."""
    try:
        record = read_health_record(request.user, reference)
    except HealthRecord.DoesNotExist:
        raise Http404 from None
    return render(request, "staff/health_record_read.html", {"record": record})


@require(Capability.HEALTH_EDIT)
def health_record_delete(request: HttpRequest, reference: str) -> HttpResponse:
    record = get_screen("health-records").visible(request.user).filter(reference=reference).first()
    if not isinstance(record, HealthRecord):
        raise Http404
    if request.method == "POST":
        delete_health_record(request.user, record)
        messages.success(request, _("The health document was deleted."))
        return redirect("web:health-records-list")
    return render(request, "staff/health_record_confirm_delete.html", {"record": record})
