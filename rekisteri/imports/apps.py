from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "rekisteri.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from rekisteri.imports import signals

        signals.connect()
