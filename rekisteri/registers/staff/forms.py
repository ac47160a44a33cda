"""Forms of the personnel register: employees, ending an employment, health records.

Secrets are write-only on the edit form: the identity code and the bank account
are never put back into the page; a blank field keeps the stored value.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban

from rekisteri.lib.validators import validate_hetu, validate_iban, validate_phone
from rekisteri.privacy.identifiers import normalise_hetu, normalise_iban, normalise_phone
from rekisteri.registers.staff.models import Employee, HealthRecord
from rekisteri.registers.staff.services import EmployeeData
from rekisteri.subjects.models import Person
from rekisteri.web.screens import mask_hetu, mask_iban

_CREATE_ONLY = ("person_reference", "first_name", "last_name")
_SECRETS = ("personal_identity_code", "bank_account_iban")


class EmployeeForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new employment (with the person) or an existing one."""

    person_reference = forms.CharField(
        label=_("Existing person"),
        required=False,
        max_length=16,
        help_text=_(
            "The reference (H-…) of a person already in the registers, e.g. a hired applicant."
        ),
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)

    class Meta:
        model = Employee
        fields = [
            "job_title",
            "duties",
            "employment_type",
            "started_on",
            "work_email",
            "work_phone",
            "home_street_address",
            "home_postal_code",
            "home_city",
            "personal_identity_code",
            "bank_account_iban",
            "tax_percentage",
            "tax_additional_percentage",
            "tax_income_limit",
            "monthly_salary",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "duties": forms.Textarea(attrs={"rows": 3}),
            "personal_identity_code": forms.TextInput(attrs={"autocomplete": "off"}),
            "bank_account_iban": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        creating = self.instance._state.adding
        if not creating:
            for name in _CREATE_ONLY:
                del self.fields[name]
        self.fields["job_title"].required = True
        self.fields["personal_identity_code"].validators.append(validate_hetu)
        self.fields["bank_account_iban"].validators.append(validate_iban)
        self.fields["work_phone"].validators.append(validate_phone)
        if not creating:
            for name, masker in (
                ("personal_identity_code", mask_hetu),
                ("bank_account_iban", mask_iban),
            ):
                stored = getattr(self.instance, name) or ""
                self.initial[name] = ""
                if stored:
                    self.fields[name].help_text = _(
                        "Stored: %(masked)s. Leave blank to keep it."
                    ) % {"masked": masker(stored)}
        self.order_fields([*(n for n in _CREATE_ONLY if n in self.fields), *self.Meta.fields])

    def clean_person_reference(self) -> Person | None:
        value = self.cleaned_data.get("person_reference", "").strip().upper()
        if not value:
            return None
        person = Person.objects.filter(reference=value).first()
        if person is None:
            raise forms.ValidationError(_("No person has this reference."), code="unknown_person")
        return person

    def _keep_secret(self, name: str) -> str | None:
        value: str = (self.cleaned_data.get(name) or "").strip()
        if not value and not self.instance._state.adding:
            return str(getattr(self.instance, name) or "")
        return value if value else None

    def clean_personal_identity_code(self) -> str:
        kept = self._keep_secret("personal_identity_code")
        if kept is None:
            return ""
        return normalise_hetu(kept) or kept

    def clean_bank_account_iban(self) -> str:
        kept = self._keep_secret("bank_account_iban")
        if kept is None:
            return ""
        compact = normalise_iban(kept)
        return str(stdnum_iban.format(compact)) if compact else kept

    def clean_work_phone(self) -> str:
        value: str = self.cleaned_data.get("work_phone", "").strip()
        return (normalise_phone(value) or value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.instance._state.adding
            and not data.get("person_reference")
            and not (data.get("first_name") or "").strip()
            and not (data.get("last_name") or "").strip()
            and "person_reference" not in self.errors
        ):
            raise forms.ValidationError(
                _("Give the employee's name or the reference of an existing person."),
                code="name_required",
            )
        ended_on = self.instance.ended_on
        started_on = data.get("started_on")
        if ended_on is not None and started_on is not None and started_on > ended_on:
            self.add_error("started_on", _("The employment cannot start after it ended."))
        return data

    def employee_data(self) -> EmployeeData:
        """The cleaned details as the value the services take."""
        data = self.cleaned_data
        return EmployeeData(
            **{name: data[name] if data[name] is not None else "" for name in _STRING_FIELDS},
            started_on=data["started_on"],
            tax_percentage=data["tax_percentage"],
            tax_additional_percentage=data["tax_additional_percentage"],
            tax_income_limit=data["tax_income_limit"],
            monthly_salary=data["monthly_salary"],
        )


_STRING_FIELDS = (
    "job_title",
    "duties",
    "employment_type",
    "work_email",
    "work_phone",
    "home_street_address",
    "home_postal_code",
    "home_city",
    "personal_identity_code",
    "bank_account_iban",
)


class EndEmploymentForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day of the employment"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, employee: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employee = employee
        if employee.ended_on:
            self.initial["ended_on"] = employee.ended_on

    def clean_ended_on(self) -> Any:
        value = self.cleaned_data["ended_on"]
        if value < self.employee.started_on:
            raise forms.ValidationError(
                _("The employment cannot end before it started."), code="invalid_dates"
            )
        return value


class HealthRecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new occupational-health document. There is no place for a diagnosis."""

    class Meta:
        model = HealthRecord
        fields = [
            "employee",
            "kind",
            "period_starts_on",
            "period_ends_on",
            "received_on",
            "content",
        ]
        widgets = {
            "period_starts_on": forms.DateInput(attrs={"type": "date"}),
            "period_ends_on": forms.DateInput(attrs={"type": "date"}),
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "content": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employee_field = self.fields["employee"]
        assert isinstance(employee_field, forms.ModelChoiceField)
        employee_field.queryset = Employee.objects.select_related("person").order_by(
            "person__last_name", "person__first_name", "id"
        )
        self.fields["received_on"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("period_starts_on"), data.get("period_ends_on")
        if starts and ends and ends < starts:
            self.add_error("period_ends_on", _("The period cannot end before it starts."))
        if not (data.get("content") or "").strip() and starts is None and not self.errors:
            raise forms.ValidationError(
                _("Give the period or the content of the document."), code="empty"
            )
        return data
