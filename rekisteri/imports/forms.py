"""The upload form of the staff import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from rekisteri.imports.parsing import FileRejected, check_start
from rekisteri.imports.registers import ADAPTERS

#: Files larger than this are imported with ``rekisteri import`` (the preview runs
#: the whole file while the page waits).
UI_MAX_UPLOAD_BYTES = min(
    int(getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)), 2 * 1024 * 1024
)


def register_choices() -> list[tuple[str, Any]]:
    return [(name, adapter.label) for name, adapter in ADAPTERS.items()]


class UploadForm(forms.Form):
    register = forms.ChoiceField(
        label=_("Register"),
        choices=register_choices,
        help_text=_("Import customers first: vouchers, jobs and orders link to them."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, semicolon or comma separated, header row) or JSON Lines, at most 2 MB. "
            "Larger files: rekisteri import on the server."
        ),
    )

    def clean_file(self) -> bytes:
        upload: UploadedFile[Any] | None = self.cleaned_data.get("file")
        if upload is None:
            raise forms.ValidationError(_("Choose a file."), code="required")
        if upload.size is not None and upload.size > UI_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; import it with the rekisteri import command."),
                code="too_large",
            )
        data = upload.read(UI_MAX_UPLOAD_BYTES + 1)
        if len(data) > UI_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; import it with the rekisteri import command."),
                code="too_large",
            )
        try:
            check_start(data[:4096])
        except FileRejected as exc:
            raise forms.ValidationError(str(exc), code="unreadable") from None
        self.original_name = str(upload.name or "")
        return bytes(data)
