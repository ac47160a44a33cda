"""Forms of the staff app shell."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.lib.validators import validate_hetu, validate_phone
from rekisteri.privacy.identifiers import normalise_ip


class SearchForm(forms.Form):
    """Search by any identifier; at least one must be given."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, validators=[validate_phone]
    )
    hetu = forms.CharField(
        label=_("Personal identity code"), required=False, max_length=11, validators=[validate_hetu]
    )
    ip = forms.CharField(label=_("IP address"), required=False, max_length=45)

    def clean_ip(self) -> str:
        value: str = self.cleaned_data["ip"].strip()
        if value and normalise_ip(value) is None:
            raise forms.ValidationError(_("Enter a valid IPv4 or IPv6 address."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(k) for k in ("name", "email", "phone", "hetu", "ip")):
            raise forms.ValidationError(_("Give at least one identifier to search with."))
        return data
