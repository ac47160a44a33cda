"""The controller-details form; validation comes from the model's validators."""

from __future__ import annotations

from django import forms

from rekisteri.notices.models import ControllerSettings
from rekisteri.notices.services import CONTROLLER_FIELDS


class ControllerSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """Edit the controller's identity and contact details (GDPR Art. 13(1)(a)–(b))."""

    class Meta:
        model = ControllerSettings
        fields = list(CONTROLLER_FIELDS)
        widgets = {
            "websites": forms.Textarea(attrs={"rows": 3}),
            "dpo_contact": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_business_id(self) -> str:
        return str(self.cleaned_data["business_id"]).strip()
