"""Disclosures, recipients and processors."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "rekisteri.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosures, recipients and processors")

    def ready(self) -> None:
        from rekisteri.disclosures.seeds import seed_examples

        # The example processors and recipients (idempotent; see seeds.py).
        post_migrate.connect(seed_examples, sender=self, dispatch_uid="disclosures-seed-examples")
