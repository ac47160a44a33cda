"""The public request form: what the person asks and how to reach them.

Validation follows the request register's intake rules
(:func:`rekisteri.dsr.services.receive_request`), so a confirmed submission
always becomes a request: a name, a valid e-mail address (it is how the person
confirms), a valid phone number if given, numbers of at most 40 characters. A
personal identity code is refused in the free text: the shop does not need it to
answer (GDPR Art. 5(1)(c), 12(6)), and the notice says it is not asked for.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rekisteri.dsr.models import ReplyLanguage, RequestKind
from rekisteri.intake import texts
from rekisteri.intake.services import Submission
from rekisteri.privacy.identifiers import extract_identifiers, normalise_email, normalise_phone
from rekisteri.privacy.vocabulary import IdentifierKind

MAX_DESCRIPTION = 4000


def _has_hetu(text: str) -> bool:
    return any(kind is IdentifierKind.HETU for kind, _value in extract_identifiers(text))


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[(kind, title) for kind, (title, _help) in texts.KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you ask for."),
            "invalid_choice": _("Choose what you ask for."),
        },
    )
    objection_scope = forms.ChoiceField(
        label=_("If you object: to what?"),
        choices=list(texts.SCOPES.items()),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose what you object to.")},
    )
    requester_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={
            "required": _("Write your name."),
            "max_length": pgettext_lazy("request form", "Shorten the name to 200 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "We send a confirmation link to this address. The request is sent on "
            "only when you open it."
        ),
        error_messages={
            "required": _("Write your e-mail address: we send the confirmation link to it."),
            "max_length": _("Enter a valid e-mail address, e.g. name@example.fi."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    requester_phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=32,
        required=False,
        error_messages={
            "max_length": pgettext_lazy(
                "request form", "Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567."
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    customer_number = forms.CharField(
        label=_("Customer number (optional)"),
        max_length=40,
        required=False,
        error_messages={
            "max_length": pgettext_lazy("request form", "Shorten this to 40 characters.")
        },
    )
    order_number = forms.CharField(
        label=_("Order number (optional)"),
        max_length=40,
        required=False,
        error_messages={
            "max_length": pgettext_lazy("request form", "Shorten this to 40 characters.")
        },
    )
    description = forms.CharField(
        label=_("Details (optional)"),
        max_length=MAX_DESCRIPTION,
        required=False,
        help_text=_(
            "Anything that helps us answer. Please do not write your personal "
            "identity code: we do not need it."
        ),
        error_messages={"max_length": _("Shorten the details to 4,000 characters.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    #: A field people never see (hidden by the stylesheet): only robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    language = forms.ChoiceField(
        choices=ReplyLanguage.choices, widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", _page_language())
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"
        for name in ("customer_number", "order_number"):  # one hint above the pair
            self.fields[name].widget.attrs["aria-describedby"] = "numbers-help"

    def full_clean(self) -> None:
        """Validate, then point each field with an error at its message (WCAG 3.3.1)."""
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            described = [attrs.get("aria-describedby", ""), f"{self[name].auto_id}-error"]
            attrs["aria-describedby"] = " ".join(d for d in described if d)
            attrs["aria-invalid"] = "true"

    @property
    def is_robot(self) -> bool:
        """Whether the hidden field was filled in (only valid after ``is_valid``)."""
        return bool(self.cleaned_data.get("website"))

    def clean_requester_name(self) -> str:
        name = " ".join(str(self.cleaned_data["requester_name"]).split())
        if not name:
            raise forms.ValidationError(_("Write your name."))
        return name

    def clean_requester_email(self) -> str:
        email = normalise_email(str(self.cleaned_data["requester_email"]))
        if email is None:
            raise forms.ValidationError(_("Enter a valid e-mail address, e.g. name@example.fi."))
        return email

    def clean_requester_phone(self) -> str:
        phone = str(self.cleaned_data.get("requester_phone") or "").strip()
        if phone and normalise_phone(phone) is None:
            raise forms.ValidationError(
                pgettext_lazy(
                    "request form",
                    "Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567.",
                )
            )
        return phone

    def clean_description(self) -> str:
        text = str(self.cleaned_data.get("description") or "").strip()
        if _has_hetu(text):
            raise forms.ValidationError(
                _("Please remove the personal identity code: we do not need it to answer.")
            )
        return text

    def clean_language(self) -> str:
        value = str(self.cleaned_data.get("language") or "")
        return value if value in ReplyLanguage.values else _page_language()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == RequestKind.OBJECTION:
            if not cleaned.get("objection_scope") and "objection_scope" not in self.errors:
                self.add_error("objection_scope", _("Choose what you object to."))
        else:
            cleaned["objection_scope"] = ""  # a choice left over from changing one's mind
        if (
            kind == RequestKind.RECTIFICATION
            and not cleaned.get("description")
            and "description" not in self.errors
        ):
            self.add_error("description", _("Tell us what is wrong and what the right data is."))
        return cleaned

    def submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            kind=data["kind"],
            objection_scope=data.get("objection_scope", ""),
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            requester_phone=data.get("requester_phone", ""),
            customer_number=data.get("customer_number", "").strip(),
            order_number=data.get("order_number", "").strip(),
            description=data.get("description", ""),
            language=data["language"],
        )


def _page_language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ReplyLanguage.values else "fi"
