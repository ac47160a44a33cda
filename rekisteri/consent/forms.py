"""Staff forms of consent and marketing; the services make the final checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rekisteri.consent.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentText,
    MarketingBasis,
    MarketingChannel,
    SuppressionReason,
)
from rekisteri.consent.policies import normalise_consent_text
from rekisteri.consent.queries import person_by_reference, text_choices_queryset
from rekisteri.subjects.models import Person

#: Channels staff record. Consents given on the website arrive through the web-shop
#: API together with their IP address and browser, so staff do not pick it.
STAFF_CHANNELS = [(v, label) for v, label in ConsentChannel.choices if v != ConsentChannel.WEBSITE]


class ConsentTextChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, ConsentText)
        return f"{obj.get_purpose_display()} · {obj.get_language_display()} · v{obj.version}"


class GrantConsentForm(forms.Form):
    """Record a consent the person gave in the shop, by phone, by e-mail or by letter."""

    prefix: str | None = "grant"

    text = ConsentTextChoiceField(
        label=_("Consent text"),
        queryset=ConsentText.objects.none(),
        empty_label=_("Choose the text the person agreed to"),
        error_messages={"required": _("Choose the text the person agreed to.")},
    )
    channel = forms.ChoiceField(
        label=_("How the person gave it"), choices=STAFF_CHANNELS, initial=ConsentChannel.IN_SHOP
    )
    evidence = forms.CharField(
        label=pgettext_lazy("consent", "Evidence"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "How the consent was shown, e.g. “ticked the unticked box on the paper form”. "
            "Never tick for the customer, and never make consent a condition of a sale."
        ),
        error_messages={"required": _("Describe how the person gave the consent.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        assert isinstance(text, forms.ModelChoiceField)
        text.queryset = text_choices_queryset()


class RecordConsentForm(GrantConsentForm):
    """The same, for a person chosen by reference (the "Record a consent" page)."""

    person = forms.CharField(
        label=_("Person reference"),
        max_length=16,
        help_text=_("The reference on the person card, e.g. H-7KQ2M9XD."),
        error_messages={"required": _("Give the person's reference.")},
    )
    prefix = None  # alone on its page
    field_order = ["person", "text", "channel", "evidence"]

    def __init__(self, *args: Any, can_see_restricted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_see_restricted = can_see_restricted

    def clean_person(self) -> Person:
        person = person_by_reference(self.cleaned_data["person"])
        if person is None or (person.is_restricted and not self.can_see_restricted):
            raise forms.ValidationError(_("No person has this reference."))
        return person


class WithdrawForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How the person asked"), choices=STAFF_CHANNELS, initial=ConsentChannel.IN_SHOP
    )


class OptOutForm(forms.Form):
    ALL = "all"
    prefix = "optout"

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(ALL, _("Every channel")), *MarketingChannel.choices],
        initial=ALL,
    )
    via = forms.ChoiceField(
        label=_("How the person asked"), choices=STAFF_CHANNELS, initial=ConsentChannel.IN_SHOP
    )

    def channels(self) -> list[str] | None:
        value = self.cleaned_data["channel"]
        return None if value == self.ALL else [value]


class MarketingBasisForm(forms.Form):
    """Record an existing-customer or business-contact basis for one channel."""

    prefix = "basis"

    channel = forms.ChoiceField(label=_("Channel"), choices=MarketingChannel.choices)
    basis = forms.ChoiceField(
        label=_("Basis"),
        choices=[
            (MarketingBasis.EXISTING_CUSTOMER.value, MarketingBasis.EXISTING_CUSTOMER.label),
            (MarketingBasis.BUSINESS_CONTACT.value, MarketingBasis.BUSINESS_CONTACT.label),
        ],
    )
    since = forms.DateField(
        label=_("Since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When the contact details were collected."),
        error_messages={"required": _("Give the date the contact details were collected.")},
    )
    product_groups = forms.CharField(
        label=_("Product groups"),
        max_length=200,
        required=False,
        help_text=_("Existing customers only: what they bought, e.g. “laptops, accessories”."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="fi")
    opt_out_offered = forms.BooleanField(
        label=_("The person was offered an easy, free way to refuse when the details were given"),
        required=False,
    )

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_since(self) -> dt.date:
        since: dt.date = self.cleaned_data["since"]
        if self.today is not None and since > self.today:
            raise forms.ValidationError(_("The date cannot be in the future."))
        return since

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("basis") == MarketingBasis.EXISTING_CUSTOMER:
            if not (data.get("product_groups") or "").strip():
                self.add_error("product_groups", _("Name the product groups the customer bought."))
            if not data.get("opt_out_offered"):
                self.add_error(
                    "opt_out_offered",
                    _(
                        "Marketing to an existing customer needs the easy, free refusal "
                        "offered when the details were collected."
                    ),
                )
        return data


class SuppressForm(forms.Form):
    prefix = "suppress"

    reason = forms.ChoiceField(
        label=_("Reason"), choices=SuppressionReason.choices, initial=SuppressionReason.OBJECTION
    )
    request_ref = forms.CharField(
        label=_("Request reference"),
        max_length=40,
        required=False,
        help_text=_("The data-subject request this comes from, if any."),
    )
    confirm = forms.BooleanField(
        label=_("Stop all marketing to this person's e-mail addresses and phone numbers"),
        error_messages={"required": _("Confirm that all marketing is to stop.")},
    )


class ConsentTextForm(forms.Form):
    purpose = forms.ChoiceField(
        label=pgettext_lazy("consent text", "Purpose"), choices=ConsentPurpose.choices
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="fi")
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The whole wording shown to the person. Say what is marketed, through which "
            "channel, and that the consent can be withdrawn at any time as easily as given."
        ),
        error_messages={"required": _("Write the text the person agrees to.")},
    )

    def clean_text(self) -> str:
        text = normalise_consent_text(self.cleaned_data["text"])
        if len(text) < 20:
            raise forms.ValidationError(_("Write the whole text the person agrees to."))
        return text


class PersonLookupForm(forms.Form):
    person = forms.CharField(label=_("Person reference"), max_length=16)


class MarketingExportForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (MarketingChannel.EMAIL.value, MarketingChannel.EMAIL.label),
            (MarketingChannel.SMS.value, MarketingChannel.SMS.label),
        ],
        initial=MarketingChannel.EMAIL,
    )
