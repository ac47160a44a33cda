"""The staff form of the breach register: one breach, grouped as the law asks for it."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.breaches.models import Breach, SubjectGroup
from rekisteri.breaches.services import EDITABLE_FIELDS, breach_errors
from rekisteri.lib.validators import validate_phone
from rekisteri.privacy.vocabulary import Category

DATETIME_WIDGET_FORMAT = "%Y-%m-%dT%H:%M"

#: Form sections: (heading, field names). Every editable field appears once.
GROUPS: list[tuple[Promise, tuple[str, ...]]] = [
    (
        _("What happened"),
        (
            "title",
            "occurred_at",
            "detected_at",
            "aware_at",
            "nature_confidentiality",
            "nature_integrity",
            "nature_availability",
            "description",
            "plain_description",
            "cause",
        ),
    ),
    (
        _("Who and what was affected"),
        ("subject_categories", "people_affected", "data_categories", "records_affected"),
    ),
    (
        _("Consequences, measures and risk"),
        ("consequences", "measures", "advice_to_people", "risk_level", "risk_reasons"),
    ),
    (_("Processor"), ("processor_involved", "processor_name", "processor_informed_at")),
    (
        _("Data Protection Ombudsman (GDPR Art. 33)"),
        (
            "authority_decision",
            "authority_decision_reasons",
            "authority_notified_at",
            "authority_case_number",
            "authority_delay_reason",
            "is_phased",
        ),
    ),
    (
        _("People affected (GDPR Art. 34)"),
        (
            "people_decision",
            "people_exception",
            "people_decision_reasons",
            "people_notified_at",
            "people_delay_reason",
        ),
    ),
    (_("Contact point"), ("contact_name", "contact_email", "contact_phone")),
]

_DATETIMES = (
    "occurred_at",
    "detected_at",
    "aware_at",
    "processor_informed_at",
    "authority_notified_at",
    "people_notified_at",
)


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_WIDGET_FORMAT)


class BreachForm(forms.ModelForm):  # type: ignore[type-arg]
    """Record a breach or change an open one; the rules of GDPR Art. 33/34 are checked
    as a whole, and every error is shown beside its field with what was typed kept."""

    subject_categories = forms.MultipleChoiceField(
        label=_("Categories of people"),
        choices=SubjectGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Categories of data"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Breach
        fields = list(EDITABLE_FIELDS)
        widgets = {
            **{name: _datetime_widget() for name in _DATETIMES},
            "description": forms.Textarea(attrs={"rows": 4}),
            "plain_description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "consequences": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "advice_to_people": forms.Textarea(attrs={"rows": 3}),
            "risk_reasons": forms.Textarea(attrs={"rows": 3}),
            "authority_decision_reasons": forms.Textarea(attrs={"rows": 2}),
            "authority_delay_reason": forms.Textarea(attrs={"rows": 2}),
            "people_decision_reasons": forms.Textarea(attrs={"rows": 2}),
            "people_delay_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        if self.instance.pk and self.instance.is_closed:
            for field in self.fields.values():
                field.disabled = True

    def groups(self) -> list[tuple[Promise, list[forms.BoundField]]]:
        """Return the form's sections with their bound fields, for the template."""
        return [(title, [self[name] for name in names]) for title, names in GROUPS]

    def clean_contact_phone(self) -> str:
        value: str = self.cleaned_data.get("contact_phone", "").strip()
        if value:
            validate_phone(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and self.instance.is_closed:
            raise forms.ValidationError(_("This breach is closed; reopen it to change it."))
        # Check the record as it would be saved. A field that did not parse keeps
        # only its own error (a missing time is not reported twice).
        candidate = copy.copy(self.instance)
        for name in self.fields:
            if name in data:
                setattr(candidate, name, data[name])
        for name, messages in breach_errors(candidate, now=self.now).items():
            if name in self.errors:
                continue
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return data
