"""Forms of the retention pages: changing a rule's period and ending a change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.retention import RULES
from rekisteri.retention.policies import (
    MAX_OVERRIDE_DAYS,
    MAX_OVERRIDE_MONTHS,
    OverrideRefused,
    check_override,
)


def _rule_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (code, f"{rule.title} ({code})") for code, rule in RULES.items() if not rule.open_ended
    ]


class RuleOverrideForm(forms.Form):
    """A new period for one rule, with the reason the change is recorded with."""

    rule = forms.ChoiceField(label=_("Retention rule"), choices=_rule_choices)
    months = forms.IntegerField(
        label=_("Months"),
        min_value=0,
        max_value=MAX_OVERRIDE_MONTHS,
        initial=0,
        help_text=_("Whole calendar months; a year is 12 months."),
    )
    days = forms.IntegerField(
        label=_("Days"),
        min_value=0,
        max_value=MAX_OVERRIDE_DAYS,
        initial=0,
        help_text=_("Days added after the months."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the period changes, e.g. a decision, a contract or a dispute."),
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the change."))
        return reason

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, months, days = data.get("rule"), data.get("months"), data.get("days")
        if code in RULES and months is not None and days is not None:
            try:
                check_override(RULES[code], months, days)
            except OverrideRefused as exc:
                raise forms.ValidationError(str(exc), code="refused") from exc
        return data


class EndOverrideForm(forms.Form):
    """Going back to the default period, with the reason."""

    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the change."))
        return reason
