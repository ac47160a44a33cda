"""Retention's place in the staff app: two menu pages and a dashboard block."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.retention.queries import due_counts, last_run, rule_title
from rekisteri.web.screens import (
    DashboardPanel,
    NavLink,
    register_dashboard_panel,
    register_nav_link,
)

register_nav_link(
    NavLink(
        _("Retention"), "retention:rules", Capability.RETENTION_VIEW, section="duties", order=30
    )
)
register_nav_link(
    NavLink(
        _("Retention periods"),
        "retention:overrides",
        Capability.RETENTION_MANAGE,
        section="duties",
        order=31,
    )
)


def _panel(request: Any) -> dict[str, Any]:
    due = due_counts(timezone.localdate())
    return {
        "due": sorted((rule_title(code), count) for code, count in due.items()),
        "total": sum(due.values()),
        "last_run": last_run(),
    }


register_dashboard_panel(
    DashboardPanel("retention/_dashboard.html", Capability.RETENTION_VIEW, _panel, order=30)
)
