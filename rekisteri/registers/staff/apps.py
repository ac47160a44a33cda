from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "rekisteri.registers.staff"
    label = "staff"
    verbose_name = _("Personnel register")
