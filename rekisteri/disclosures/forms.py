"""Staff forms: record a disclosure, filter the log, keep the recipient and processor
registers, and create and complete Art. 19 notification tasks.

Forms validate input and resolve references; the services enforce the rules
again, so the API and other callers get the same answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.disclosures.models import (
    ChangeKind,
    NotificationStatus,
    Processor,
    Recipient,
    SubjectGroup,
)
from rekisteri.disclosures.policies import (
    is_valid_country_code,
    reference_problem,
    restriction_blocks_disclosure,
    transfer_lacks_safeguard,
)
from rekisteri.disclosures.queries import categories_user_may_disclose, record_declarations
from rekisteri.lib.validators import format_business_id, validate_business_id
from rekisteri.privacy.datamap import ModelDeclaration
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.subjects.models import Person
from rekisteri.web.screens import screen_for_model

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _clean_country(value: str, *, required: bool) -> str:
    value = (value or "").strip().upper()
    if not value and not required:
        return ""
    if not is_valid_country_code(value):
        raise ValidationError(
            _("Enter a two-letter country code, e.g. FI, SE or US."), code="invalid_country"
        )
    return value


def _clean_business_id(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    validate_business_id(value)
    return format_business_id(value)


def _find_person(reference: str) -> Person:
    person = Person.objects.filter(reference=reference.strip().upper()).first()
    if person is None:
        raise ValidationError(
            _("No person has this reference. Copy it from the person card, e.g. H-7KQ2M9XD."),
            code="unknown_person",
        )
    return person


class DisclosureForm(forms.Form):
    """Record one disclosure; the person is chosen by their reference (never by name)."""

    person = forms.CharField(
        label=_("Person reference"),
        max_length=16,
        help_text=_("The reference on the person card, e.g. H-7KQ2M9XD."),
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Recipient.objects.none(),
        error_messages={"required": _("Choose the recipient.")},
    )
    basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=[("", "—"), *Basis.choices],
        error_messages={"required": _("Choose the lawful basis of the disclosure.")},
    )
    # Not "required" for the form machinery (that would star every checkbox);
    # clean_categories asks for at least one.
    categories = forms.MultipleChoiceField(
        label=_("Categories of personal data disclosed"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    disclosed_on = forms.DateField(label=_("Disclosed on"), widget=DATE_INPUT)
    reference = forms.CharField(
        label=_("Order, job or case number"),
        required=False,
        max_length=40,
        help_text=_(
            "A number you and the recipient both know; never names or other personal text."
        ),
    )
    record_type = forms.ChoiceField(label=_("Record it concerns"), required=False, choices=())
    record_ref = forms.CharField(
        label=_("Record reference"),
        required=False,
        max_length=64,
        help_text=_("The record's reference, e.g. the service job J-7KQ2M9XD."),
    )

    def __init__(self, *args: Any, user: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today or timezone.localdate()
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        recipient.queryset = Recipient.objects.filter(is_active=True).order_by("name")
        categories = self.fields["categories"]
        assert isinstance(categories, forms.MultipleChoiceField)
        categories.choices = [(c.value, c.label) for c in categories_user_may_disclose(user)]
        self.declarations = {d.label: d for d in record_declarations(user)}
        record_type = self.fields["record_type"]
        assert isinstance(record_type, forms.ChoiceField)
        record_type.choices = [
            ("", "—"),
            *(
                (label, f"{d.model._meta.verbose_name} ({d.model._meta.app_config.verbose_name})")
                for label, d in self.declarations.items()
            ),
        ]
        self.fields["disclosed_on"].initial = self.today
        self.record: models.Model | None = None

    def clean_person(self) -> Person:
        return _find_person(self.cleaned_data["person"])

    def clean_categories(self) -> list[str]:
        chosen: list[str] = self.cleaned_data.get("categories") or []
        if not chosen:
            raise ValidationError(
                _("Choose at least one category of personal data disclosed."), code="required"
            )
        return chosen

    def clean_disclosed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["disclosed_on"]
        if day > self.today:
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return day

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data.get("reference") or "").strip()
        problem = reference_problem(reference)
        if problem:
            raise ValidationError(problem, code="personal_reference")
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("person")
        basis = data.get("basis")
        if (
            isinstance(person, Person)
            and basis
            and restriction_blocks_disclosure(is_restricted=person.is_restricted, basis=basis)
        ):
            self.add_error(
                "basis",
                _(
                    "Processing of this person's data is restricted: it may be disclosed only "
                    "with their consent or under a legal obligation (GDPR Art. 18(2))."
                ),
            )
        record_type, record_ref = data.get("record_type"), (data.get("record_ref") or "").strip()
        if bool(record_type) != bool(record_ref):
            self.add_error(
                "record_ref" if record_type else "record_type",
                _("Give both the type of record and its reference, or neither."),
            )
        elif record_type and isinstance(person, Person):
            self.record = self._find_record(self.declarations[record_type], record_ref, person)
        return data

    def _find_record(
        self, declaration: ModelDeclaration, reference: str, person: Person
    ) -> models.Model | None:
        screen = screen_for_model(declaration.model)
        records = screen.visible(self.user) if screen else declaration.model._default_manager.none()
        lookup = declaration.reference
        if lookup == "pk" and not reference.isdigit():
            found = None
        else:
            found = records.filter(**{lookup: reference}).first()
        if found is None:
            self.add_error("record_ref", _("No record of this type has this reference."))
            return None
        if declaration.subject_id(found) != person.pk:
            self.add_error("record_ref", _("That record is about another person."))
            return None
        return found


class DisclosureFilterForm(forms.Form):
    """The filters of the disclosure log (GET)."""

    recipient = forms.ModelChoiceField(
        label=_("Recipient"), queryset=Recipient.objects.none(), required=False
    )
    type = forms.ChoiceField(
        label=_("Type of recipient"), required=False, choices=[("", "—"), *RecipientType.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    person = forms.CharField(label=_("Person reference"), required=False, max_length=16)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        recipient.queryset = Recipient.objects.order_by("name")

    def clean_person(self) -> str:
        return str(self.cleaned_data.get("person") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _country_field(*, required: bool) -> forms.CharField:
    """A country-code field that lets clean_country explain a wrong value in one message."""
    return forms.CharField(
        label=_("Country") if required else _("Country where the data is processed"),
        required=required,
        max_length=60,
        help_text=_("Two-letter country code (ISO 3166), e.g. FI, SE, US."),
    )


class RecipientForm(forms.ModelForm):  # type: ignore[type-arg]
    """Add or edit a recipient; saved through the services (see ui.py)."""

    country = _country_field(required=True)

    class Meta:
        model = Recipient
        fields = [
            "name",
            "type",
            "role",
            "business_id",
            "country",
            "contact",
            "notes",
            "is_active",
            "is_example",
        ]
        widgets = {
            "contact": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_business_id(self) -> str:
        return _clean_business_id(self.cleaned_data.get("business_id", ""))

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data.get("country", ""), required=True)


class ProcessorForm(forms.ModelForm):  # type: ignore[type-arg]
    """Add or edit a processor and its Art. 28(3) checklist."""

    country = _country_field(required=False)

    data_categories = forms.MultipleChoiceField(
        label=_("Categories of personal data"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    subject_groups = forms.MultipleChoiceField(
        label=_("Categories of data subjects"),
        choices=SubjectGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Processor
        fields = [
            "name",
            "service",
            "service_description",
            "business_id",
            "data_categories",
            "subject_groups",
            "country",
            "location",
            "transfer_mechanism",
            "dpa_signed_on",
            "has_documented_instructions",
            "has_confidentiality",
            "has_security_measures",
            "has_sub_processor_terms",
            "has_rights_assistance",
            "has_compliance_assistance",
            "has_deletion_or_return",
            "has_audit_rights",
            "sub_processors",
            "review_on",
            "contact",
            "notes",
            "is_active",
            "is_example",
        ]
        widgets = {
            "service_description": forms.Textarea(attrs={"rows": 3}),
            "sub_processors": forms.Textarea(attrs={"rows": 3}),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "dpa_signed_on": DATE_INPUT,
            "review_on": DATE_INPUT,
        }

    def clean_business_id(self) -> str:
        return _clean_business_id(self.cleaned_data.get("business_id", ""))

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data.get("country", ""), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country, mechanism = data.get("country", ""), data.get("transfer_mechanism", "")
        if country and mechanism and transfer_lacks_safeguard(country, mechanism):
            self.add_error(
                "transfer_mechanism",
                _(
                    "%(country)s is outside the EU/EEA: choose the transfer mechanism "
                    "(GDPR Art. 44–46)."
                )
                % {"country": country},
            )
        return data


class NotifyRecipientsForm(forms.Form):
    """Create the Art. 19 tasks for a person after a change to their data."""

    person = forms.CharField(
        label=_("Person reference"),
        max_length=16,
        help_text=_("The reference on the person card, e.g. H-7KQ2M9XD."),
    )
    change = forms.ChoiceField(label=_("Change"), choices=[("", "—"), *ChangeKind.choices])
    request_ref = forms.CharField(
        label=_("Request"),
        required=False,
        max_length=40,
        help_text=_("The reference of the data-subject request, if there is one."),
    )

    def clean_person(self) -> Person:
        return _find_person(self.cleaned_data["person"])


class CompleteNotificationForm(forms.Form):
    """Close an Art. 19 task."""

    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("", "—"),
            (NotificationStatus.SENT.value, NotificationStatus.SENT.label),
            (NotificationStatus.IMPOSSIBLE.value, NotificationStatus.IMPOSSIBLE.label),
        ],
        error_messages={"required": _("Choose the outcome.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How and when the recipient was told, or why it is impossible."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == NotificationStatus.IMPOSSIBLE
            and not (data.get("note") or "").strip()
        ):
            self.add_error(
                "note",
                _(
                    "Say why notifying this recipient is impossible or disproportionate "
                    "(GDPR Art. 19)."
                ),
            )
        return data
