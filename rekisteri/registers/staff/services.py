"""Use cases of the personnel register: hire, update and end an employment; record,
read and delete occupational-health documents.

Each runs in one transaction with its audit event (field names, never values).
Health records are a separate store: every service that touches one checks the
actor's health capability itself, whatever the caller did before, and writes a
``health.viewed`` or ``health.written`` event (YksTL 759/2004 5 §; GDPR Art. 9(2)(b),
Art. 32).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban

from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, person_ref_of, save_record
from rekisteri.audit.services import record_event
from rekisteri.privacy.identifiers import (
    normalise_email,
    normalise_hetu,
    normalise_iban,
    normalise_phone,
)
from rekisteri.registers.staff.models import (
    Employee,
    EmploymentType,
    HealthRecord,
    HealthRecordKind,
)
from rekisteri.subjects.models import Person


class StaffError(ValueError):
    """A use case was asked to do something the rules forbid; ``message`` is for staff."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(code)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class EmployeeData:
    """The editable details of an employment, as one value."""

    job_title: str
    started_on: dt.date
    employment_type: str = EmploymentType.PERMANENT
    duties: str = ""
    work_email: str = ""
    work_phone: str = ""
    home_street_address: str = ""
    home_postal_code: str = ""
    home_city: str = ""
    personal_identity_code: str = ""
    bank_account_iban: str = ""
    tax_percentage: Decimal | None = None
    tax_additional_percentage: Decimal | None = None
    tax_income_limit: Decimal | None = None
    monthly_salary: Decimal | None = None


def _normalised(data: EmployeeData) -> dict[str, object]:
    """Validate and normalise the details; raise :class:`StaffError` on the first problem."""
    values = asdict(data)
    if data.employment_type not in EmploymentType.values:
        raise StaffError(_("Unknown type of employment."), "invalid_employment_type")
    for name in ("job_title", "duties", "home_street_address", "home_postal_code", "home_city"):
        values[name] = str(values[name]).strip()
    email = data.work_email.strip()
    if email and normalise_email(email) is None:
        raise StaffError(_("Enter a valid e-mail address."), "invalid_email")
    values["work_email"] = email
    phone = data.work_phone.strip()
    if phone:
        normalised_phone = normalise_phone(phone)
        if normalised_phone is None:
            raise StaffError(
                _("Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567."),
                "invalid_phone",
            )
        phone = normalised_phone
    values["work_phone"] = phone
    hetu = data.personal_identity_code.strip()
    if hetu:
        normalised_hetu = normalise_hetu(hetu)
        if normalised_hetu is None:
            raise StaffError(
                _("Enter a valid personal identity code, e.g. 131052-308T."), "invalid_hetu"
            )
        hetu = normalised_hetu
    values["personal_identity_code"] = hetu
    account = data.bank_account_iban.strip()
    if account:
        compact = normalise_iban(account)
        if compact is None:
            raise StaffError(_("Enter a valid IBAN, e.g. FI21 1234 5600 0007 85."), "invalid_iban")
        account = str(stdnum_iban.format(compact))
    values["bank_account_iban"] = account
    for name in ("tax_percentage", "tax_additional_percentage"):
        value = values[name]
        if isinstance(value, Decimal) and not Decimal(0) <= value <= Decimal(100):
            raise StaffError(_("A withholding percentage is between 0 and 100."), "invalid_tax")
    for name in ("tax_income_limit", "monthly_salary"):
        value = values[name]
        if isinstance(value, Decimal) and value < 0:
            raise StaffError(_("An amount cannot be negative."), "negative_amount")
    return values


def hire_employee(
    actor: Actor,
    data: EmployeeData,
    *,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Employee:
    """Register a new employment, linking an existing person or creating one.

    The employment contract is the basis (GDPR Art. 6(1)(b)); the identity code
    and tax card are needed for payroll and the Incomes Register (GDPR
    Art. 6(1)(c); Tietosuojalaki 1050/2018 29 §) and are stored encrypted.
    """
    values = _normalised(data)
    with transaction.atomic():
        if person is None:
            if not (first_name.strip() or last_name.strip()):
                raise StaffError(_("Give the employee's name."), "name_required")
            person = save_record(
                actor, Person(first_name=first_name.strip(), last_name=last_name.strip())
            )
        employee = Employee(person=person, **values)
        filled = [name for name, value in values.items() if value not in (None, "")]
        save_record(actor, employee, changed=["person", "reference", *filled])
    return employee


def update_employee(actor: Actor, employee: Employee, data: EmployeeData) -> Employee:
    """Correct or update an employee's details (GDPR Art. 16; Työsopimuslaki 55/2001).

    Only changed fields are saved and named in the audit event. The end of the
    employment is recorded with :func:`end_employment`.
    """
    values = _normalised(data)
    if employee.ended_on is not None and data.started_on > employee.ended_on:
        raise StaffError(_("The employment cannot start after it ended."), "invalid_dates")
    changed = [name for name, value in values.items() if getattr(employee, name) != value]
    if not changed:
        return employee
    with transaction.atomic():
        for name in changed:
            setattr(employee, name, values[name])
        save_record(actor, employee, changed=changed)
    return employee


def end_employment(actor: Actor, employee: Employee, *, ended_on: dt.date) -> Employee:
    """Record the last day of the employment (or correct it).

    The end date starts the retention clocks: the work-certificate data for ten
    years (Työsopimuslaki 55/2001 6:7) and the rest of the personnel file for
    two (TSL 13:9; legal.md §4 rows 18–19).
    """
    if ended_on < employee.started_on:
        raise StaffError(_("The employment cannot end before it started."), "invalid_dates")
    if employee.ended_on == ended_on:
        return employee
    with transaction.atomic():
        employee.ended_on = ended_on
        save_record(actor, employee, changed=["ended_on"], reason="employment ended")
    return employee


# --- Occupational-health records (the separate store) ------------------------------------


def _require_health(actor: Actor, capability: Capability) -> None:
    if actor is None or not has_capability(actor, capability):
        raise PermissionDenied(_("Only the named health-data handlers may do this."))


def record_health_document(
    actor: Actor,
    employee: Employee,
    *,
    kind: str,
    content: str = "",
    period_starts_on: dt.date | None = None,
    period_ends_on: dt.date | None = None,
    received_on: dt.date | None = None,
) -> HealthRecord:
    """Store a health document about an employee in the separate health store.

    Only named health-data handlers may write (YksTL 759/2004 5 §); processing
    rests on employment law (GDPR Art. 9(2)(b)). A sick-leave certificate is
    kept as the voucher of sick pay (KPL 2:10, legal.md §4 row 22), other
    documents only while needed (row 23). Diagnoses are not recorded.
    """
    _require_health(actor, Capability.HEALTH_EDIT)
    if kind not in HealthRecordKind.values:
        raise StaffError(_("Unknown kind of health document."), "invalid_kind")
    if period_starts_on and period_ends_on and period_ends_on < period_starts_on:
        raise StaffError(_("The period cannot end before it starts."), "invalid_period")
    if not content.strip() and period_starts_on is None:
        raise StaffError(_("Give the period or the content of the document."), "empty")
    with transaction.atomic():
        record = HealthRecord(
            employee=employee,
            kind=kind,
            content=content.strip(),
            period_starts_on=period_starts_on,
            period_ends_on=period_ends_on,
            received_on=received_on or timezone.localdate(),
            created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
        )
        record.save()
        record_event(
            actor,
            EventType.HEALTH_RECORD_WRITTEN,
            target=record,
            target_ref=record.reference,
            person_ref=person_ref_of(record),
            fields=[
                f.name
                for f in HealthRecord._meta.concrete_fields
                if getattr(record, f.attname) not in (None, "")
            ],
            reason="created",
        )
    return record


def read_health_record(actor: Actor, reference: str) -> HealthRecord:
    """Return one health record for reading, and log the read.

    Every read of health data is logged with who and when (YksTL 759/2004 5 §;
    GDPR Art. 32; legal.md §4 row 27: health-store logs are kept two years).
    Raises ``PermissionDenied`` without the health capability and
    ``HealthRecord.DoesNotExist`` for an unknown reference.
    """
    _require_health(actor, Capability.HEALTH_VIEW)
    record = (
        HealthRecord.objects.visible_to(actor)
        .select_related("employee__person")
        .get(reference=reference)
    )
    with transaction.atomic():
        record_event(
            actor,
            EventType.HEALTH_RECORD_VIEWED,
            target=record,
            target_ref=record.reference,
            person_ref=person_ref_of(record),
            fields=["kind", "period_starts_on", "period_ends_on", "content"],
        )
    return record


def delete_health_record(actor: Actor, record: HealthRecord, *, reason: str = "") -> None:
    """Delete a health record when its purpose has ended (GDPR Art. 5(1)(e), 17(1)(a)).

    Sick-leave certificates are vouchers of sick pay (KPL 2:10) and are normally
    left to the retention sweep; this is for documents recorded in error or no
    longer needed (legal.md §4 row 23).
    """
    _require_health(actor, Capability.HEALTH_EDIT)
    with transaction.atomic():
        record_event(
            actor,
            EventType.HEALTH_RECORD_WRITTEN,
            target=record,
            target_ref=record.reference,
            person_ref=person_ref_of(record),
            fields=["content", "kind", "period_starts_on", "period_ends_on", "received_on"],
            reason=reason or "deleted",
        )
        record.delete()
