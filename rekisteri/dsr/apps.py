from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DsrConfig(AppConfig):
    name = "rekisteri.dsr"
    label = "dsr"
    verbose_name = _("Data-subject requests")
