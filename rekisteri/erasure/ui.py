"""Erasure's place in the staff app: two menu pages and a dashboard block."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.erasure.queries import holds_due, list_plans
from rekisteri.web.screens import (
    DashboardPanel,
    NavLink,
    register_dashboard_panel,
    register_nav_link,
)

register_nav_link(
    NavLink(
        _("Erasure plans"),
        "erasure:plan-list",
        Capability.ERASURE_EXECUTE,
        section="requests",
        order=45,
    )
)
register_nav_link(
    NavLink(
        _("Legal holds"),
        "erasure:hold-list",
        Capability.REQUESTS_VIEW,
        section="requests",
        order=46,
    )
)


def _panel(request: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "open_plans": list(list_plans("open")[:10]),
        "holds_due": holds_due(today).filter(hold_until__isnull=False).count(),
    }


register_dashboard_panel(
    DashboardPanel("erasure/_dashboard.html", Capability.REQUESTS_HANDLE, _panel, order=46)
)
