"""Forms of the recruitment register: the application (create and edit) and the CV upload.

Forms validate and translate; the services in ``services.py`` write. A form
that fails re-displays what the user typed (a file input cannot be refilled by
the browser, so the CV error asks for the file again).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.lib.validators import validate_phone
from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.recruiting.policies import CvRejected, decision_problem, detect_cv_format
from rekisteri.registers.recruiting.services import CvFile
from rekisteri.subjects.models import Person

_CREATE_ONLY = ("person_reference", "first_name", "last_name")
_EDIT_ONLY = ("status", "decided_on", "decision_notes")


def _cv_help() -> str:
    return str(
        _("PDF, DOCX, ODT or plain text, at most %(limit)s.")
        % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
    )


def clean_cv_upload(upload: UploadedFile[Any] | None) -> CvFile | None:
    """Read an uploaded CV within the size limit and check it by its content."""
    if upload is None:
        return None
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large; the limit is %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    data = b"".join(upload.chunks())
    try:
        detect_cv_format(data, max_bytes=limit)
    except CvRejected as exc:
        raise forms.ValidationError(exc.message, code=exc.code) from None
    return CvFile(name=upload.name or "", data=data)


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new application (with the applicant's name) or an existing one (with the decision)."""

    person_reference = forms.CharField(
        label=_("Existing person"),
        required=False,
        max_length=16,
        help_text=_("The reference (H-…) of a person already in the registers, if any."),
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    cv = forms.FileField(label=_("CV"), required=False)

    class Meta:
        model = JobApplication
        fields = [
            "kind",
            "position",
            "email",
            "phone",
            "cover_letter",
            "status",
            "decided_on",
            "decision_notes",
        ]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "cover_letter": forms.Textarea(attrs={"rows": 6}),
            "decision_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        creating = self.instance._state.adding
        for name in _EDIT_ONLY if creating else _CREATE_ONLY:
            del self.fields[name]
        self.fields["phone"].validators.append(validate_phone)
        self.fields["cv"].help_text = _cv_help()
        if not creating:
            self.fields["cv"].label = _("New CV")
        order = [
            *_CREATE_ONLY,
            "kind",
            "position",
            "email",
            "phone",
            "cover_letter",
            "cv",
            *_EDIT_ONLY,
        ]
        self.order_fields([name for name in order if name in self.fields])

    def clean_person_reference(self) -> Person | None:
        value = self.cleaned_data.get("person_reference", "").strip().upper()
        if not value:
            return None
        person = Person.objects.filter(reference=value).first()
        if person is None:
            raise forms.ValidationError(_("No person has this reference."), code="unknown_person")
        return person

    def clean_phone(self) -> str:
        value: str = self.cleaned_data.get("phone", "").strip()
        return (normalise_phone(value) or value) if value else ""

    def clean_cv(self) -> CvFile | None:
        return clean_cv_upload(self.cleaned_data.get("cv"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance._state.adding:
            if (
                not data.get("person_reference")
                and not (data.get("first_name") or "").strip()
                and not (data.get("last_name") or "").strip()
                and "person_reference" not in self.errors
            ):
                raise forms.ValidationError(
                    _("Give the applicant's name or the reference of an existing person."),
                    code="name_required",
                )
        elif "status" in data:
            received_on = timezone.localdate(self.instance.received_at)
            problem = decision_problem(
                status=data["status"],
                decided_on=data.get("decided_on"),
                received_on=received_on,
                today=timezone.localdate(),
            )
            if problem is not None:
                self.add_error(
                    "decided_on", forms.ValidationError(problem, code="invalid_decision")
                )
        return data


class CvUploadForm(forms.Form):
    """Replace the CV of an existing application."""

    cv = forms.FileField(label=_("CV"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = _cv_help()

    def clean_cv(self) -> CvFile | None:
        return clean_cv_upload(self.cleaned_data.get("cv"))
