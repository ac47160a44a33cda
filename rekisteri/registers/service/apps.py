from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "rekisteri.registers.service"
    label = "service"
    verbose_name = _("Service register")
