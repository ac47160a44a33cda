from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitingConfig(AppConfig):
    name = "rekisteri.registers.recruiting"
    label = "recruiting"
    verbose_name = _("Recruitment register")

    def ready(self) -> None:
        from rekisteri.registers.recruiting import signals

        signals.connect()
