"""Model fields whose values are encrypted at rest.

The column holds an AES-GCM token (``rekisteri.crypto.aead``); Python code sees the
plaintext. The token is bound to the field's ``model.field`` name, so a value
copied into another column does not decrypt. Encrypted columns cannot be
searched by the database; identifiers in them are found through the subject
index's keyed hashes instead.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_variables

from rekisteri.crypto.aead import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored encrypted; blank values are stored as ""."""

    description = "Text encrypted at rest (AES-256-GCM)"

    def _context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value  # type: ignore[no-any-return]
        return decrypt_text(str(value), context=self._context())

    @method_decorator(sensitive_variables("value"))
    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value), context=self._context())
