from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThrottleConfig(AppConfig):
    name = "rekisteri.throttle"
    label = "throttle"
    verbose_name = _("Rate limits")
