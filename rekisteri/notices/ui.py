"""The notices app's place in the staff menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.web.screens import NavLink, register_nav_link

register_nav_link(NavLink(_("Privacy notices"), "notices:index", Capability.NOTICES_VIEW, order=20))
register_nav_link(
    NavLink(_("Record of processing"), "notices:processing", Capability.NOTICES_VIEW, order=21)
)
register_nav_link(
    NavLink(_("Controller details"), "notices:controller", Capability.CONTROLLER_EDIT, order=90)
)
