"""The access-report page in the staff app menu.

The link is also the permission-matrix test's probe of ``requests.handle``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.web.screens import NavLink, register_nav_link

register_nav_link(
    NavLink(
        _("Access reports"),
        "access:index",
        Capability.REQUESTS_HANDLE,
        section="requests",
        order=34,
    )
)
