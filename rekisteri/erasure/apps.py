from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErasureConfig(AppConfig):
    name = "rekisteri.erasure"
    label = "erasure"
    verbose_name = _("Erasure")
