"""The API's place in the staff app: the key-management page in the menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.web.screens import NavLink, register_nav_link

register_nav_link(
    NavLink(_("API keys"), "api:key-list", Capability.API_KEYS_MANAGE, section="privacy", order=90)
)
