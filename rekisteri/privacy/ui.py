"""The data map's place in the staff app menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.web.screens import NavLink, register_nav_link

register_nav_link(NavLink(_("Data map"), "privacy:datamap", Capability.DATAMAP_VIEW, order=10))
