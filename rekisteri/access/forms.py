"""The staff form of the access-report page: whose letter, in which language."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rekisteri.access.policies import parse_person_references
from rekisteri.access.queries import find_people_by_reference
from rekisteri.subjects.models import Person

LANGUAGE_CHOICES = [("fi", _("Finnish")), ("en", _("English"))]


class AccessReportForm(forms.Form):
    """Choose the person (or the duplicates of one person) and the letter's language."""

    people = forms.CharField(
        label=_("Person references"),
        max_length=400,
        help_text=_(
            "The reference on the person card, e.g. H-7KQ2M9XD. If the same person is in the "
            "registers more than once, give every reference, separated by spaces."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the letter"), choices=LANGUAGE_CHOICES)

    def clean_people(self) -> list[Person]:
        text = self.cleaned_data["people"]
        try:
            references = parse_person_references(text)
        except ValueError as exc:
            raise ValidationError(
                _("“%(value)s” is not a person reference. A reference looks like H-7KQ2M9XD."),
                code="invalid_reference",
                params={"value": str(exc)},
            ) from None
        if not references:
            raise ValidationError(_("Give at least one person reference."), code="required")
        people, missing = find_people_by_reference(references)
        if missing:
            raise ValidationError(
                _("No person has the reference %(references)s."),
                code="unknown_person",
                params={"references": ", ".join(missing)},
            )
        return people
