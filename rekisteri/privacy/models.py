"""The subject index: keyed hashes of normalised identifiers → the records carrying them.

The index holds no identifier in clear: each value is stored as an HMAC-SHA256
under the index key (``rekisteri.crypto.keys.index_key``), so the index is not a
second copy of e-mails, phones and identity codes, while a lookup is still an
exact match on an indexed column.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.vocabulary import IdentifierKind


class IndexEntry(models.Model):
    kind = models.CharField(_("identifier kind"), max_length=20, choices=IdentifierKind.choices)
    digest = models.CharField(_("keyed hash"), max_length=64)
    model = models.CharField(_("record type"), max_length=80)
    object_id = models.CharField(_("record id"), max_length=40)
    field = models.CharField(_("field"), max_length=80)
    person = models.ForeignKey(
        "subjects.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    in_text = models.BooleanField(_("found in free text"), default=False)

    class Meta:
        verbose_name = _("subject-index entry")
        verbose_name_plural = _("subject-index entries")
        indexes = [
            # A lookup is kind + digest; person_id lets a multi-word name be intersected
            # per person from the index alone (the unique constraint below also starts
            # with kind + digest, so no other lookup index is needed).
            models.Index(fields=["kind", "digest", "person"], name="privacy_index_person_lookup"),
            models.Index(fields=["model", "object_id"], name="privacy_index_record"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "digest", "model", "object_id", "field"],
                name="privacy_index_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.model}#{self.object_id}.{self.field}"
