"""The breach register's place in the staff app: menu entries and the dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.breaches.display import countdown
from rekisteri.breaches.services import open_breaches
from rekisteri.web.screens import (
    DashboardPanel,
    NavLink,
    register_dashboard_panel,
    register_nav_link,
)

register_nav_link(
    NavLink(
        _("Breaches"), "breaches:breach-list", Capability.BREACHES_VIEW, section="duties", order=60
    )
)
register_nav_link(
    NavLink(
        _("Record a breach"),
        "breaches:breach-create",
        Capability.BREACHES_EDIT,
        section="duties",
        order=61,
    )
)


def open_breaches_panel(request: HttpRequest) -> dict[str, Any]:
    """Open breaches with the time left to the 72-hour deadline (GDPR Art. 33(1))."""
    now = timezone.now()
    return {"rows": [(breach, countdown(breach, now)) for breach in open_breaches()]}


register_dashboard_panel(
    DashboardPanel(
        template="breaches/_dashboard_panel.html",
        capability=Capability.BREACHES_VIEW,
        context=open_breaches_panel,
        order=20,
    )
)
