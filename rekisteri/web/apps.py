from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "rekisteri.web"
    label = "web"
    verbose_name = _("Staff app")

    def ready(self) -> None:
        # Each register app describes its screens in ui.py.
        autodiscover_modules("ui")
