from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "rekisteri.privacy"
    label = "privacy"
    verbose_name = _("Privacy engine")

    def ready(self) -> None:
        # Registers declare themselves in their own privacy.py; the engine imports none.
        autodiscover_modules("privacy")
        from rekisteri.privacy import signals

        signals.connect_declared_models()
