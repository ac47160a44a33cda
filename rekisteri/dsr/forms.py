"""Staff forms of the request register.

The forms only shape the input; the rules are checked by the services, whose
field errors (:class:`rekisteri.dsr.services.RequestInvalid`) are attached back
to the form so that what was typed is kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import MATRIX, Capability
from rekisteri.dsr.models import (
    INTAKE_CHANNELS,
    STAFF_IDENTITY_METHODS,
    IdentityOutcome,
    ObjectionDecision,
    ObjectionScope,
    RefusalGround,
    ReplyLanguage,
    RequestKind,
    RestrictionGround,
)
from rekisteri.dsr.services import RequestInvalid

DATETIME_WIDGET_FORMAT = "%Y-%m-%dT%H:%M"


def attach_errors(form: forms.Form, exc: RequestInvalid) -> None:
    """Put a service's field errors beside the fields (the rest on top of the form)."""
    for name, messages in exc.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class IntakeForm(forms.Form):
    """Receive a request: what the person asks, how it came, and who they say they are."""

    kind = forms.ChoiceField(label=_("What does the person ask for?"), choices=RequestKind.choices)
    objection_scope = forms.ChoiceField(
        label=_("An objection to"),
        choices=[("", "—"), *ObjectionScope.choices],
        required=False,
        help_text=_(
            "Only for an objection: direct marketing stops at once; other objections are weighed."
        ),
    )
    channel = forms.ChoiceField(
        label=_("How did the request reach us?"),
        choices=[(c.value, c.label) for c in INTAKE_CHANNELS],
    )
    requester_name = forms.CharField(label=_("Name, as the person gave it"), max_length=200)
    requester_email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    requester_phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    customer_number = forms.CharField(
        label=_("Customer number, if given"), max_length=40, required=False
    )
    order_number = forms.CharField(label=_("Order number, if given"), max_length=40, required=False)
    reply_address = forms.CharField(
        label=_("Postal address for the reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only if the person wants the answer by post."),
    )
    language = forms.ChoiceField(
        label=_("Language of the reply"), choices=ReplyLanguage.choices, initial="fi"
    )
    description = forms.CharField(
        label=_("What the person asks, in their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a rectification, what is wrong and what is right. Do not copy identity "
            "documents or write down identity codes."
        ),
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        required=False,
        input_formats=[DATETIME_WIDGET_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_WIDGET_FORMAT),
        help_text=_("Leave empty for now. For a letter or an e-mail, the time it arrived."),
    )


class IdentityCheckForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How was the identity checked?"),
        choices=[(m.value, m.label) for m in STAFF_IDENTITY_METHODS],
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IdentityOutcome.choices)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What was checked or what was asked for. Never a document's number or a personal "
            "identity code, and never a copy."
        ),
    )


def handler_users() -> QuerySet[Any]:
    """Active users whose role lets them handle requests."""
    roles = [role.value for role, caps in MATRIX.items() if Capability.REQUESTS_HANDLE in caps]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Handled by"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = handler_users()

    def chosen(self) -> User | None:
        value = self.cleaned_data.get("assignee")
        return value if isinstance(value, User) else None


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Extend by"),
        choices=[(1, _("one month")), (2, _("two months"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons (the person is told them)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the request is complex, or how many requests there are (GDPR Art. 12(3))."
        ),
    )


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=RefusalGround.choices)
    reasons = forms.CharField(
        label=_("Reasons (the person is told them)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Specific facts, e.g. the dates of earlier identical requests. The letter adds the "
            "right to complain to the Data Protection Ombudsman and to go to court."
        ),
    )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("What was answered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "e.g. “Access letter and bundle sent by e-mail”. Required when nothing was found."
        ),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("How the requester withdrew the request"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RectifyForm(forms.Form):
    model_label = forms.CharField(widget=forms.HiddenInput)
    object_id = forms.CharField(widget=forms.HiddenInput)
    field_name = forms.CharField(widget=forms.HiddenInput)
    new_value = forms.CharField(label=_("Correct value"), required=False, max_length=2000)


class RestrictForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"))
    ground = forms.ChoiceField(
        label=_("Ground (GDPR Art. 18(1))"), choices=RestrictionGround.choices
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. until when, or what is being checked."),
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = people


class LiftNoticeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the restriction ends (the person is told)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    told_at = forms.DateTimeField(
        label=_("Person told"),
        required=False,
        input_formats=[DATETIME_WIDGET_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_WIDGET_FORMAT),
        help_text=_("Leave empty for now."),
    )


class ObjectionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Outcome"), choices=ObjectionDecision.choices)
    reasons = forms.CharField(
        label=_("The weighing (the person is told it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
