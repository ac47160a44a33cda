"""The form for issuing an API key."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.api.scopes import Scope
from rekisteri.api.services import ApiKeyError, clean_client_name


class KeyForm(forms.Form):
    name = forms.CharField(
        label=_("Client name"),
        max_length=60,
        help_text=_(
            "Shown in the audit log as api:<name>, e.g. webshop. Lower-case letters, digits, "
            "dots, hyphens and underscores."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Give only what the integration needs."),
        # Not "required": the form would mark every checkbox with an asterisk.
        required=False,
    )

    def clean_scopes(self) -> list[str]:
        value: list[str] = list(self.cleaned_data.get("scopes") or [])
        if not value:
            raise forms.ValidationError(_("Choose at least one scope."))
        return value

    def clean_name(self) -> str:
        value: Any = self.cleaned_data.get("name", "")
        try:
            return clean_client_name(str(value))
        except ApiKeyError as exc:
            raise forms.ValidationError(str(exc)) from None
