"""Signal handlers that keep the subject index current on save and delete."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from rekisteri.privacy import index
from rekisteri.privacy.datamap import declarations


def _on_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # fixture loading: ``rekisteri reindex`` rebuilds afterwards
        return
    index.reindex_instance(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    index.remove_instance(sender, instance.pk)


def connect_declared_models() -> None:
    """Connect the index handlers to every declared model that carries identifiers."""
    for declaration in declarations():
        if not any(s.identifier or s.free_text for s in declaration.personal_fields()):
            continue
        uid = f"privacy-index-{declaration.label}"
        post_save.connect(_on_save, sender=declaration.model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_delete, sender=declaration.model, dispatch_uid=uid + "-delete")
