"""Privacy notices and records of processing."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_controller(
    apps: Apps | None = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """Pre-fill the controller's details once the table exists (idempotent)."""
    if apps is not None:
        try:
            apps.get_model("notices", "ControllerSettings")
        except LookupError:  # migrated back before the table existed
            return
    from rekisteri.notices.services import ensure_controller_settings

    ensure_controller_settings(using=using)


class NoticesConfig(AppConfig):
    name = "rekisteri.notices"
    label = "notices"
    verbose_name = _("Privacy notices and records of processing")

    def ready(self) -> None:
        # The controller's row is created once, pre-filled from the published notice.
        post_migrate.connect(_ensure_controller, sender=self, dispatch_uid="notices-controller")
