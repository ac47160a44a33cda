from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebshopConfig(AppConfig):
    name = "rekisteri.registers.webshop"
    label = "webshop"
    verbose_name = _("Web-shop register")
