"""Staff forms of the service register: jobs, device credentials and closing a job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Role
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.service.models import JobStatus, ServiceJob


class ServiceJobForm(forms.ModelForm):  # type: ignore[type-arg]
    """Open a job or change an open one; closing has its own form (it purges credentials)."""

    class Meta:
        model = ServiceJob
        fields = [
            "person",
            "customer",
            "kind",
            "device",
            "serial_number",
            "fault_description",
            "work_done",
            "notes",
            "status",
            "assigned_to",
            "handed_over_at",
        ]
        widgets = {
            "fault_description": forms.Textarea(attrs={"rows": 4}),
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "handed_over_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [(v, label) for v, label in JobStatus.choices if v != JobStatus.CLOSED]
        technician = self.fields["assigned_to"]
        assert isinstance(technician, forms.ModelChoiceField)
        technician.queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=Role.SERVICE_TECHNICIAN.value)
            .distinct()
            .order_by("username")
        )
        customer = self.fields["customer"]
        assert isinstance(customer, forms.ModelChoiceField)
        customer.queryset = Customer.objects.select_related("person").order_by(
            "customer_number", "id"
        )
        self.fields["device"].required = True
        self.fields["fault_description"].required = True
        if self.instance.pk and self.instance.is_closed:
            for field in self.fields.values():
                field.disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and self.instance.is_closed:
            raise forms.ValidationError(_("This job is closed; it can no longer be edited."))
        return data


class DeviceCredentialForm(forms.Form):
    """Add a login the technician needs; stored encrypted and purged at job close."""

    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        help_text=_("What the login is for, e.g. “Windows login” or “router admin”."),
    )
    username = forms.CharField(
        label=_("Username"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    secret = forms.CharField(
        label=_("Password or PIN"),
        max_length=500,
        strip=False,
        # Re-shown (masked) when the form has errors, so nothing typed is lost.
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
    )


class CloseJobForm(forms.Form):
    """Close a job: record the work done; the job's credentials are purged."""

    work_done = forms.CharField(
        label=_("Work done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the work done before closing the job.")},
    )
