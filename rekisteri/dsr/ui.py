"""The request register's place in the staff app: menu entries and the dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.dsr.display import due_info
from rekisteri.dsr.queries import attention_requests
from rekisteri.web.screens import (
    DashboardPanel,
    NavLink,
    register_dashboard_panel,
    register_nav_link,
)

register_nav_link(
    NavLink(
        _("Receive a request"),
        "dsr:request-intake",
        Capability.REQUESTS_INTAKE,
        section="requests",
        order=30,
    )
)
register_nav_link(
    NavLink(
        _("Requests"), "dsr:request-list", Capability.REQUESTS_VIEW, section="requests", order=31
    )
)
register_nav_link(
    NavLink(
        _("My requests"),
        "dsr:request-mine",
        Capability.REQUESTS_HANDLE,
        section="requests",
        order=32,
    )
)
register_nav_link(
    NavLink(
        _("Restrictions"),
        "dsr:restriction-list",
        Capability.REQUESTS_VIEW,
        section="requests",
        order=33,
    )
)


def requests_panel(request: HttpRequest) -> dict[str, Any]:
    """Open requests that are overdue, due within seven days, or past a reminder day.

    GDPR Art. 12(3): one month from receipt; reminders on day 20 and day 28
    (legal.md §1, Art. 12 row).
    """
    today = timezone.localdate()
    return {"rows": [(item, due_info(item, today)) for item, _status in attention_requests(today)]}


register_dashboard_panel(
    DashboardPanel(
        template="dsr/_dashboard_panel.html",
        capability=Capability.REQUESTS_VIEW,
        context=requests_panel,
        order=10,
    )
)
